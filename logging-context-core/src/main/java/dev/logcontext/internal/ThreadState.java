package dev.logcontext.internal;

import dev.logcontext.ScopeMisuseException;
import dev.logcontext.Snapshot;

/**
 * The context of one thread: its current snapshot and its stack of open scopes. Only its owner
 * thread reads or writes it; that is the whole synchronization story.
 */
final class ThreadState {
  final Thread owner = Thread.currentThread();

  /**
   * The current snapshot, or null while the innermost scope holds bindings not yet applied: then
   * the current context is {@link #base} with those {@link #pending} bindings applied in order.
   * Scope bindings ({@code with}, {@code and}) are validated and normalized at once but applied
   * lazily, by the first read ({@link #current()}): a scope that binds fields and closes before
   * anything reads them builds no snapshot at all. The bindings themselves live in the young scope
   * object rather than in this long-lived state, which keeps reference stores cheap for the garbage
   * collector; a read is one field load and a null check.
   */
  private Snapshot current = Snapshot.empty();

  /** What pending bindings apply to; meaningful only while {@link #current} is null. */
  private Snapshot base;

  /** The innermost open scope, or null at the thread's top level. */
  ScopeImpl top;

  /** Set while a misuse report runs on this thread, so that a report never recurses. */
  boolean reporting;

  /**
   * Key strings this thread has validated, by hash slot: keys are almost always the same constants,
   * so a hit on the identical string skips the character check.
   */
  private final String[] validatedKeys = new String[16];

  /** Validates {@code key} unless this thread validated this very string before. */
  private void checkKey(String key) {
    if (key == null) {
      Keys.validate(null);
    }
    int slot = key.hashCode() & (validatedKeys.length - 1);
    if (validatedKeys[slot] != key) {
      validatedKeys[slot] = Keys.validate(key);
    }
  }

  /** How many bindings the innermost scope holds unapplied (0 when {@link #current} is set). */
  private int pending;

  /** Returns the current snapshot, applying the innermost scope's pending bindings first. */
  Snapshot current() {
    Snapshot snapshot = current;
    return snapshot != null ? snapshot : applyPending();
  }

  private Snapshot applyPending() {
    Snapshot snapshot = top.applyPending(base, pending);
    pending = 0;
    current = snapshot;
    return snapshot;
  }

  /** Replaces the current context; pending bindings are dropped. */
  void set(Snapshot snapshot) {
    current = snapshot;
    pending = 0;
  }

  /** Adds a validated, normalized binding to the innermost scope's pending ones. */
  private void addPending(ScopeImpl scope, String key, Object normalized) {
    if (pending == 0) {
      base = current;
      current = null;
    } else if (pending == ScopeImpl.MAX_PENDING) {
      base = applyPending();
      current = null;
    }
    scope.setPending(pending++, key, normalized);
  }

  /**
   * Binds {@code key} in the current context (inside the innermost open scope). The key is
   * validated and the value normalized now, so errors and {@code toString()} happen at the call.
   */
  void bind(String key, Object value) {
    checkKey(key);
    Object normalized = Values.normalize(value);
    ScopeImpl scope = top;
    if (scope == null) {
      current = current().with(key, normalized);
      return;
    }
    addPending(scope, key, normalized);
  }

  /** Opens a scope that makes {@code next} current; closing it restores what is current now. */
  ScopeImpl open(Snapshot next) {
    ScopeImpl scope = new ScopeImpl(this, current(), top);
    top = scope;
    current = next;
    return scope;
  }

  /** Opens a scope in which {@code key} is bound to {@code value}. */
  ScopeImpl openWith(String key, Object value) {
    checkKey(key);
    Object normalized = Values.normalize(value);
    ScopeImpl scope = new ScopeImpl(this, current(), top);
    top = scope;
    addPending(scope, key, normalized);
    return scope;
  }

  /** Closes the innermost scope or unwinds to {@code scope}: its saved context becomes current. */
  void closeTo(ScopeImpl scope) {
    top = scope.parent;
    set(scope.previous);
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
