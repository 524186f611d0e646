package dev.logcontext.internal;

import dev.logcontext.ScopeMisuseException;
import dev.logcontext.Snapshot;

/**
 * The context of one thread: its current snapshot and its stack of open scopes. Only its owner
 * thread reads or writes it; that is the whole synchronization story.
 */
final class ThreadState {
  /** How many bindings wait, unapplied, before the next one forces a snapshot. */
  private static final int MAX_PENDING = 4;

  final Thread owner = Thread.currentThread();

  /**
   * The current context is {@code base} with the {@code pending} bindings applied in order. Scope
   * bindings ({@code with}, {@code and}) are validated and normalized at once but applied lazily:
   * the first read ({@link #current()}) applies them. A scope that binds fields and closes before
   * anything reads them allocates no snapshot at all.
   */
  private Snapshot base = Snapshot.empty();

  private final String[] pendingKeys = new String[MAX_PENDING];
  private final Object[] pendingValues = new Object[MAX_PENDING];
  private int pending;

  /** The innermost open scope, or null at the thread's top level. */
  ScopeImpl top;

  /** Set while a misuse report runs on this thread, so that a report never recurses. */
  boolean reporting;

  /** Returns the current snapshot, building it from pending bindings first. */
  Snapshot current() {
    return pending == 0 ? base : applyPending();
  }

  private Snapshot applyPending() {
    Snapshot result = base;
    for (int i = 0; i < pending; i++) {
      result = result.with(pendingKeys[i], pendingValues[i]);
      pendingKeys[i] = null;
      pendingValues[i] = null;
    }
    pending = 0;
    base = result;
    return result;
  }

  /** Replaces the current context; pending bindings are dropped. */
  void set(Snapshot snapshot) {
    base = snapshot;
    if (pending != 0) {
      dropPending();
    }
  }

  private void dropPending() {
    for (int i = 0; i < pending; i++) {
      pendingKeys[i] = null;
      pendingValues[i] = null;
    }
    pending = 0;
  }

  /**
   * Binds {@code key} in the current context (inside the innermost open scope). The key is
   * validated and the value normalized now, so errors and {@code toString()} happen at the call.
   */
  void bind(String key, Object value) {
    addPending(Keys.validate(key), Values.normalize(value));
  }

  private void addPending(String key, Object normalized) {
    if (pending == MAX_PENDING) {
      applyPending();
    }
    pendingKeys[pending] = key;
    pendingValues[pending] = normalized;
    pending++;
  }

  /** Opens a scope that makes {@code next} current; closing it restores what is current now. */
  ScopeImpl open(Snapshot next) {
    ScopeImpl scope = new ScopeImpl(this, current(), top);
    set(next);
    top = scope;
    return scope;
  }

  /** Opens a scope in which {@code key} is bound to {@code value}. */
  ScopeImpl openWith(String key, Object value) {
    Keys.validate(key);
    Object normalized = Values.normalize(value);
    ScopeImpl scope = new ScopeImpl(this, current(), top);
    top = scope;
    addPending(key, normalized);
    return scope;
  }

  /** Closes the innermost scope or unwinds to {@code scope}: its saved context becomes current. */
  void closeTo(ScopeImpl scope) {
    set(scope.previous);
    top = scope.parent;
  }

  /**
   * Restores the state saved before a task ran in another snapshot; scopes the task left open are
   * retired and reported.
   */
  void restore(Snapshot savedCurrent, ScopeImpl savedTop) {
    if (top != savedTop && !unwindTo(savedTop)) {
      return;
    }
    set(savedCurrent);
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
        set(outermostLeft.previous);
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
