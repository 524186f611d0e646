package dev.logcontext.log4j2;

import dev.logcontext.LegacyBindings;
import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Registered for every test (autodetection): fails a test that leaves fields on its thread. */
public final class CleanContext implements BeforeEachCallback, AfterEachCallback {
  @Override
  public void beforeEach(ExtensionContext context) {
    assertClean("before " + context.getDisplayName());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    assertClean("after " + context.getDisplayName());
  }

  private static void assertClean(String when) {
    Snapshot left = LogContext.capture();
    if (!left.isEmpty()) {
      LegacyBindings.clear();
      throw new AssertionError("context left behind " + when + ": " + left);
    }
  }
}
