package dev.logcontext.internal;

import dev.logcontext.ScopeMisuseException;
import dev.logcontext.Snapshot;

/**
 * The context of one thread: its current snapshot and its stack of open scopes. Only its owner
 * thread reads or writes it; that is the whole synchronization story.
 */
final class ThreadState {
  final Thread owner = Thread.currentThread();
  Snapshot current = Snapshot.empty();

  /** The innermost open scope, or null at the thread's top level. */
  ScopeImpl top;

  /** Set while a misuse report runs on this thread, so that a report never recurses. */
  boolean reporting;

  /** Opens a scope that makes {@code next} current; closing it restores what is current now. */
  ScopeImpl open(Snapshot next) {
    ScopeImpl scope = new ScopeImpl(this, current, next, top);
    current = next;
    top = scope;
    return scope;
  }

  /**
   * Restores the state saved before a task ran in another snapshot; scopes the task left open are
   * retired and reported.
   */
  void restore(Snapshot savedCurrent, ScopeImpl savedTop) {
    if (top != savedTop && !unwindTo(savedTop)) {
      return;
    }
    current = savedCurrent;
  }

  /**
   * Retires every open scope deeper than {@code target}; returns whether {@code target} is the
   * innermost open scope afterwards (it is not when the task closed it itself).
   */
  private boolean unwindTo(ScopeImpl target) {
    int depth = target == null ? 0 : target.depth;
    ScopeImpl outermostLeft = null;
    ScopeImpl scope = top;
    while (scope != null && scope.depth > depth) {
      scope.retire();
      outermostLeft = scope;
      scope = scope.parent;
    }
    top = scope;
    if (outermostLeft != null) {
      boolean atTarget = scope == target;
      if (atTarget) {
        current = outermostLeft.previous;
      }
      Misuse.report(
          this,
          new ScopeMisuseException(
              ScopeMisuseException.Kind.LEFT_OPEN,
              "a task returned with a scope still open on thread "
                  + owner.getName()
                  + " (scope fields: "
                  + outermostLeft.describe()
                  + "); it was closed for it",
              outermostLeft.openedAt));
    }
    return scope == target;
  }
}
