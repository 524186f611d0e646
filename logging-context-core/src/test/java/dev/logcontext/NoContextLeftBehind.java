package dev.logcontext;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test of this module (service file plus autodetection): fails a test that
 * leaves context or open scopes behind on the test thread, and starts every test from a clean
 * thread state and the default misuse settings.
 */
public final class NoContextLeftBehind implements BeforeEachCallback, AfterEachCallback {
  /** Returns the number of scopes open on the calling thread, for tests in other packages. */
  public static int openScopes() {
    return ContextStorage.openScopes();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    assertClean("before " + context.getDisplayName());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      assertClean("after " + context.getDisplayName());
    } finally {
      ScopeChecks.setStrict(false);
      ScopeChecks.setHandler(ScopeChecks.systemLoggerHandler());
    }
  }

  private static void assertClean(String when) {
    Snapshot left = LogContext.capture();
    int open = ContextStorage.openScopes();
    if (!left.isEmpty() || open != 0) {
      LegacyBindings.clear();
      throw new AssertionError(
          "context left behind " + when + ": fields " + left + ", open scopes " + open);
    }
  }
}
