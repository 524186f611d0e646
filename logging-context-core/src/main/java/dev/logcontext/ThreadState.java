package dev.logcontext;

/**
 * The context of one thread: its current snapshot and its stack of open scopes. Only its owner
 * thread reads or writes it, with one exception: a scope closed on another thread marks itself and
 * sets {@link #closedElsewhere} (both volatile), and the owner unwinds it at its next context
 * operation ({@link #repair}).
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

  /**
   * Set by another thread after it closed one of this thread's open scopes; the owner reads it at
   * every context operation (one volatile read) and then unwinds ({@link #repair}).
   */
  volatile boolean closedElsewhere;

  /** Serial number of the last scope opened on this thread; scopes are ordered by it. */
  private long opened;

  /**
   * The serial of the last scope opened before the task now running began (0 outside tasks): the
   * task runs in its own snapshot, so scopes up to this one are not its to unwind.
   */
  private long taskFloor;

  /** A scope opened before the running task was closed elsewhere: unwind when the task ends. */
  private boolean repairAfterTask;

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
      current = current().withNormalized(key, normalized);
      return;
    }
    addPending(scope, key, normalized);
  }

  /**
   * Opens a scope that makes {@code next} current; closing it restores what is current now. A
   * {@code binding} scope made {@code next} by binding fields; one that only attaches a snapshot
   * does not end a request when it closes ({@link RequestEnd}).
   */
  ScopeImpl open(Snapshot next, boolean binding) {
    ScopeImpl scope = new ScopeImpl(this, current(), top, ++opened, binding);
    top = scope;
    current = next;
    return scope;
  }

  /** Opens a scope in which {@code key} is bound to {@code value}. */
  ScopeImpl openWith(String key, Object value) {
    checkKey(key);
    Object normalized = Values.normalize(value);
    ScopeImpl scope = new ScopeImpl(this, current(), top, ++opened, true);
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
   * Unwinds scopes of this thread that another thread closed: the outermost of them that belongs to
   * the running task (or to the thread, outside tasks) and every scope opened after it are retired,
   * and the context from before it becomes current, as if it had been closed here out of order. The
   * misuse was reported by the closing thread. A scope opened before the running task began is
   * unwound when the task ends, since the task runs in its own snapshot.
   */
  void repair() {
    closedElsewhere = false; // before reading the scopes: a close after this sets it again
    ScopeImpl outermost = null;
    for (ScopeImpl scope = top; scope != null; scope = scope.parent) {
      if (scope.isClosedElsewhere()) {
        if (scope.serial <= taskFloor) {
          repairAfterTask = true;
          break;
        }
        outermost = scope;
      }
    }
    if (outermost != null) {
      retireThrough(outermost);
      closeTo(outermost);
    }
  }

  /** Retires the innermost scope and every enclosing one up to and including {@code outermost}. */
  private void retireThrough(ScopeImpl outermost) {
    for (ScopeImpl scope = top; scope != outermost; scope = scope.parent) {
      scope.retire();
    }
    outermost.retire();
  }

  /**
   * Begins a task run in {@code snapshot}; returns what {@link #restore} needs back. The caller has
   * saved the current snapshot and the innermost scope.
   */
  long enterTask(Snapshot snapshot) {
    long savedFloor = taskFloor;
    taskFloor = opened;
    set(snapshot);
    return savedFloor;
  }

  /**
   * Ends a task begun by {@link #enterTask}: restores the state saved before it; scopes the task
   * left open are retired and reported, naming the fields they held, after the state is restored.
   */
  void restore(Snapshot savedCurrent, ScopeImpl savedTop, long savedFloor) {
    String leftFields = null;
    Throwable leftOpenedAt = null;
    try {
      if (closedElsewhere) {
        repair();
      }
      ScopeImpl outermostLeft = null;
      for (ScopeImpl scope = top; scope != null && scope.serial > taskFloor; scope = scope.parent) {
        outermostLeft = scope;
      }
      if (outermostLeft != null) {
        leftFields = ScopeImpl.describeChange(outermostLeft.previous, current());
        leftOpenedAt = outermostLeft.openedAt;
        retireThrough(outermostLeft);
        top = outermostLeft.parent;
      }
      if (top == savedTop) {
        set(savedCurrent);
      } else if (outermostLeft != null) {
        // The task closed a scope opened before it (reported then) and opened more: keep what
        // that close restored, without the scopes the task left open.
        set(outermostLeft.previous);
      }
    } finally {
      taskFloor = savedFloor;
    }
    if (closedElsewhere || repairAfterTask) {
      repairAfterTask = false;
      repair();
    }
    if (leftFields != null) {
      Misuse.report(
          this,
          ScopeMisuseException.Kind.LEFT_OPEN,
          "a task returned with a scope still open on thread "
              + owner.getName()
              + " (scope fields: "
              + leftFields
              + "); it was closed for it",
          leftOpenedAt,
          null,
          leftFields);
    }
  }
}
