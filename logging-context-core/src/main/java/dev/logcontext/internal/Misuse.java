package dev.logcontext.internal;

import dev.logcontext.ScopeMisuseException;
import java.util.function.Consumer;

/** Global misuse settings and reporting; see {@link dev.logcontext.ScopeChecks}. */
public final class Misuse {
  /** Writes a warning through {@link System.Logger}. */
  public static final Consumer<? super ScopeMisuseException> SYSTEM_LOGGER =
      e -> System.getLogger("dev.logcontext").log(System.Logger.Level.WARNING, e.getMessage(), e);

  /** Settings as one immutable value, so that readers see a consistent pair. */
  private static final class Settings {
    final boolean strict;
    final Consumer<? super ScopeMisuseException> handler;

    Settings(boolean strict, Consumer<? super ScopeMisuseException> handler) {
      this.strict = strict;
      this.handler = handler;
    }
  }

  private static volatile Settings settings =
      new Settings(Boolean.getBoolean("logcontext.strict"), SYSTEM_LOGGER);

  private Misuse() {}

  public static boolean isStrict() {
    return settings.strict;
  }

  public static synchronized void setStrict(boolean strict) {
    settings = new Settings(strict, settings.handler);
  }

  public static synchronized Consumer<? super ScopeMisuseException> setHandler(
      Consumer<? super ScopeMisuseException> handler) {
    Consumer<? super ScopeMisuseException> previous = settings.handler;
    settings = new Settings(settings.strict, handler);
    return previous;
  }

  /** Returns a throwable marking where a scope is being opened, or null outside strict mode. */
  static Throwable openingTrace() {
    if (!settings.strict) {
      return null;
    }
    Throwable trace = new Throwable("scope opened here");
    StackTraceElement[] frames = trace.getStackTrace();
    int first = 0;
    while (first < frames.length - 1 && isLibraryFrame(frames[first].getClassName())) {
      first++;
    }
    trace.setStackTrace(java.util.Arrays.copyOfRange(frames, first, frames.length));
    return trace;
  }

  /** Frames of this library above the user's call, cut from opening traces. */
  private static boolean isLibraryFrame(String className) {
    return className.startsWith("dev.logcontext.internal.")
        || className.equals("dev.logcontext.LogContext")
        || className.equals("dev.logcontext.Snapshot")
        || className.equals("dev.logcontext.ContextKey");
  }

  /**
   * Reports {@code misuse} to the handler, once, unless this thread is already reporting; then
   * throws it in strict mode. The caller has already restored a correct context.
   */
  static void report(ThreadState state, ScopeMisuseException misuse) {
    Settings current = settings;
    if (state == null || !state.reporting) {
      if (state != null) {
        state.reporting = true;
      }
      try {
        current.handler.accept(misuse);
      } catch (RuntimeException | LinkageError ignored) {
        // A broken handler must not turn a misuse report into a failure of the application.
      } finally {
        if (state != null) {
          state.reporting = false;
        }
      }
    }
    if (current.strict) {
      throw misuse;
    }
  }
}
