package dev.logcontext;

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
 *
 * <p>Repeats are counted, not logged one by one: each kind of misuse is counted per call site (the
 * first stack frame outside this library; for a scope left open by a task, plus the names of the
 * fields it left open), and the handler receives the 1st, 10th, 100th, … occurrence, with the count
 * in the message and in {@link ScopeMisuseException#occurrences()}. At most 1,024 call sites are
 * counted apart; beyond that they share one count. Installing a handler starts counting afresh.
 * Strict mode throws at every occurrence.
 *
 * <p>A scope closed on a thread other than its own is reported as {@link
 * ScopeMisuseException.Kind#WRONG_THREAD} on the closing thread, and the owning thread unwinds it
 * at its next context operation (see {@link Scope}): the report never means the fields leaked.
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
   * Replaces the handler that receives misuse reports and returns the previous one; the counts of
   * repeated misuse start afresh. The handler runs on the thread that misused the scope; an
   * exception it throws is ignored.
   */
  public static Consumer<? super ScopeMisuseException> setHandler(
      Consumer<? super ScopeMisuseException> handler) {
    return Misuse.setHandler(Objects.requireNonNull(handler, "handler"));
  }

  /**
   * Returns, in strict mode, where the current thread was created by a thread whose context was not
   * empty, or null: the stack of the creating thread, from which a pool's worker is usually made
   * while the first task is submitted to it. It lets a diagnostic for a line logged without context
   * point at the unwrapped executor or {@code new Thread} that lost it.
   *
   * <p>It sees threads created while strict mode is on by a thread that opened a scope (or first
   * used the context) in strict mode: {@code new Thread}, {@code Thread.ofVirtual()}, and the
   * workers a plain {@code ThreadPoolExecutor} or {@code ForkJoinPool} starts inside {@code
   * execute}. It cannot see tasks handed to a worker that already existed, nor workers that do not
   * inherit thread locals (the common {@code ForkJoinPool} behind {@code
   * CompletableFuture.runAsync} on recent JDKs): finding those needs an agent. Costs nothing
   * outside strict mode.
   */
  public static Throwable creationSite() {
    return ContextStorage.origin();
  }

  /** Returns the handler that writes a warning through {@link System.Logger}, the default. */
  public static Consumer<? super ScopeMisuseException> systemLoggerHandler() {
    return Misuse.SYSTEM_LOGGER;
  }
}
