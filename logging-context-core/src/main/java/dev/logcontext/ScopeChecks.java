package dev.logcontext;

import dev.logcontext.internal.Misuse;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How scope misuse is reported: a warning through {@link System.Logger} (logger {@code
 * dev.logcontext}) by default, a handler of your choice, and strict mode.
 *
 * <p>Strict mode, on when the system property {@code logcontext.strict} is {@code true} at start or
 * after {@link #setStrict(boolean) setStrict(true)}, records where every scope is opened and makes
 * {@link Scope#close()} throw {@link ScopeMisuseException} with both stack traces after it has
 * restored the thread's context. Use it in tests; recording costs a stack trace per scope.
 *
 * <p>Every misuse is reported once, never through the logging backend recursively: a misuse
 * detected while a report is being made on the same thread is not reported again. Settings are
 * global and thread-safe; they are meant to be set at start or in test setup.
 */
public final class ScopeChecks {
  private ScopeChecks() {}

  /** Returns whether strict mode is on. */
  public static boolean isStrict() {
    return Misuse.isStrict();
  }

  /** Turns strict mode on or off; scopes opened before turning it on have no opening trace. */
  public static void setStrict(boolean strict) {
    Misuse.setStrict(strict);
  }

  /**
   * Replaces the handler that receives every misuse report and returns the previous one. The
   * handler runs on the thread that misused the scope; an exception it throws is ignored.
   */
  public static Consumer<? super ScopeMisuseException> setHandler(
      Consumer<? super ScopeMisuseException> handler) {
    return Misuse.setHandler(Objects.requireNonNull(handler, "handler"));
  }

  /** Returns the handler that writes a warning through {@link System.Logger}, the default. */
  public static Consumer<? super ScopeMisuseException> systemLoggerHandler() {
    return Misuse.SYSTEM_LOGGER;
  }
}
