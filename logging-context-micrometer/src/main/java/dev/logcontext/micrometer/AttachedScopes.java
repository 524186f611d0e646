package dev.logcontext.micrometer;

import dev.logcontext.LegacyBindings;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import java.util.Arrays;

/**
 * The scopes {@link LogContextAccessor} attached on one thread and not yet restored, innermost
 * last, each with the context that was current before it. Context-propagation sets and restores on
 * the same thread in nested order, so the stack is as deep as the hops now running on this thread
 * (usually one or two); entries are cleared when popped, so it retains no snapshot afterwards.
 *
 * <p>Thread-safety: one instance per thread, used by that thread only.
 */
final class AttachedScopes {
  private static final ThreadLocal<AttachedScopes> PER_THREAD =
      ThreadLocal.withInitial(AttachedScopes::new);

  private Scope[] scopes = new Scope[4];
  private Snapshot[] before = new Snapshot[4];
  private int size;

  static AttachedScopes current() {
    return PER_THREAD.get();
  }

  /** Attaches {@code next} and remembers the scope with the context it replaced. */
  void attach(Snapshot next) {
    Snapshot previous = LogContext.capture();
    Scope scope = next.attach();
    if (size == scopes.length) {
      grow();
    }
    scopes[size] = scope;
    before[size] = previous;
    size++;
  }

  /**
   * Closes the innermost scope attached over {@code expected} (and, first, any attached after it
   * that were never restored), then makes sure {@code expected} is current: a scope that attached
   * the snapshot already current changes nothing when closed, so a legacy {@code MDC} write made
   * during the hop is undone here.
   */
  void restore(Snapshot expected) {
    int match = size - 1;
    while (match >= 0 && !matches(before[match], expected)) {
      match--;
    }
    try {
      if (match >= 0) {
        closeDownTo(match);
      }
    } finally {
      if (LogContext.capture() != expected) {
        LegacyBindings.replaceAll(expected);
      }
    }
  }

  /**
   * Closes the scopes from the innermost down to {@code match}, every one even when a close throws
   * (strict mode reports a scope left open inside the hop by throwing after restoring); the first
   * exception is rethrown at the end.
   */
  private void closeDownTo(int match) {
    RuntimeException failure = null;
    while (size > match) {
      int top = --size;
      Scope scope = scopes[top];
      scopes[top] = null;
      before[top] = null;
      try {
        scope.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static boolean matches(Snapshot saved, Snapshot expected) {
    return saved == expected || (saved.isEmpty() && expected.isEmpty());
  }

  private void grow() {
    scopes = Arrays.copyOf(scopes, size * 2);
    before = Arrays.copyOf(before, size * 2);
  }
}
