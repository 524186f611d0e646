package dev.logcontext;

/**
 * Reports a scope used against the rules: closed while scopes opened after it were still open (out
 * of order), closed on a thread other than the one that opened it, or left open by a task run
 * through {@link Snapshot#run} or a propagating executor.
 *
 * <p>Passed to the handler of {@link ScopeChecks}; thrown from {@link Scope#close()} in strict
 * mode, after the thread's context has been restored. In strict mode its cause is a throwable whose
 * stack trace shows where the misused scope was opened; its own stack trace shows where it was
 * misused.
 *
 * <p>Thread-safety: its own fields are immutable; as for any exception, the stack trace and the
 * suppressed exceptions are set before it is handed out. Bad input: the constructors accept any
 * message and a null {@code openedAt}.
 */
public final class ScopeMisuseException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** A scope was closed while scopes opened after it on the same thread were still open. */
    OUT_OF_ORDER,
    /** A scope was closed on a thread other than the one that opened it. */
    WRONG_THREAD,
    /** A task run in a snapshot returned with scopes it had opened still open. */
    LEFT_OPEN
  }

  private final Kind kind;
  private final long occurrences;

  /**
   * Creates a report of a first occurrence.
   *
   * @param kind what went wrong
   * @param message a description naming the scope's fields and threads
   * @param openedAt a throwable created where the scope was opened, or null when not recorded
   */
  public ScopeMisuseException(Kind kind, String message, Throwable openedAt) {
    this(kind, message, openedAt, 1);
  }

  /**
   * Creates a report of a misuse that happened {@code occurrences} times at the same call site.
   *
   * @param kind what went wrong
   * @param message a description naming the scope's fields, threads and call site
   * @param openedAt a throwable created where the scope was opened, or null when not recorded
   * @param occurrences how many times this misuse happened at this call site, this one included
   */
  public ScopeMisuseException(Kind kind, String message, Throwable openedAt, long occurrences) {
    super(message, openedAt);
    this.kind = kind;
    this.occurrences = occurrences;
  }

  /** Returns what went wrong. */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns how many times this kind of misuse happened at this call site so far, this one
   * included; see {@link ScopeChecks} for which occurrences are reported.
   */
  public long occurrences() {
    return occurrences;
  }
}
