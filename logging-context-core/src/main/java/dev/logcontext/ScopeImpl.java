package dev.logcontext;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;

/**
 * A scope opened on one thread. Scopes form a stack per thread through {@link #parent}; closing one
 * that is not the innermost unwinds the stack to it. Only the owner thread changes {@link #status};
 * a close on another thread sets {@link #closedElsewhere} and the owner's flag, and the owner
 * unwinds the scope at its next context operation ({@link ThreadState#repair}).
 */
final class ScopeImpl implements Scope {
  private static final byte OPEN = 0;
  private static final byte CLOSED = 1;
  private static final byte RETIRED = 2;

  /** How many bindings a scope holds before they are applied to a snapshot. */
  static final int MAX_PENDING = 4;

  private static final VarHandle CLOSED_ELSEWHERE;

  static {
    try {
      CLOSED_ELSEWHERE =
          MethodHandles.lookup().findVarHandle(ScopeImpl.class, "closedElsewhere", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ThreadState state;
  final Snapshot previous;
  final ScopeImpl parent;
  final int depth;

  /** Order of opening on the owner thread (see {@link ThreadState#enterTask}). */
  final long serial;

  final Throwable openedAt;

  /** Whether this scope binds fields (not only attaches a snapshot): its close ends a request. */
  private final boolean binding;

  /** Owner thread only; another thread may read a stale value, which costs a report at most. */
  private byte status;

  /** Set once, by the first close on a thread other than the owner. */
  @SuppressWarnings("unused") // written through CLOSED_ELSEWHERE
  private volatile boolean closedElsewhere;

  // Bindings made while this scope is the innermost and not yet applied (their count is kept by
  // ThreadState): validated keys and normalized values.
  private String key0;
  private String key1;
  private String key2;
  private String key3;
  private Object value0;
  private Object value1;
  private Object value2;
  private Object value3;

  ScopeImpl(ThreadState state, Snapshot previous, ScopeImpl parent, long serial, boolean binding) {
    this.state = state;
    this.binding = binding;
    this.previous = previous;
    this.parent = parent;
    this.depth = parent == null ? 1 : parent.depth + 1;
    this.serial = serial;
    this.openedAt = Misuse.openingTrace();
    if (openedAt != null) {
      ContextStorage.trackThreadsCreatedHere();
    }
  }

  @Override
  public Scope and(String key, Object value) {
    if (state.closedElsewhere && Thread.currentThread() == state.owner) {
      state.repair();
    }
    checkUsable(key);
    state.bind(key, value);
    return this;
  }

  @Override
  public <T> Scope and(ContextKey<T> key, T value) {
    return and(key.name(), value);
  }

  @Override
  public void run(Runnable task) {
    try {
      task.run();
    } finally {
      close();
    }
  }

  @Override
  public <T> T call(Callable<T> task) throws Exception {
    try {
      return task.call();
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    if (status != OPEN) {
      return;
    }
    ThreadState s = state;
    if (Thread.currentThread() != s.owner) {
      closeOnWrongThread();
      return;
    }
    if (s.closedElsewhere) {
      s.repair();
      if (status != OPEN || closedElsewhere) {
        return; // unwound now, or when the running task ends
      }
    }
    if (s.top == this) {
      status = CLOSED;
      if (binding && RequestEnd.listening()) {
        closeEndingRequest(s);
        return;
      }
      s.closeTo(this);
      return;
    }
    closeOutOfOrder();
  }

  /** Closes this innermost binding scope and tells {@link RequestEnd}'s listeners. */
  private void closeEndingRequest(ThreadState s) {
    Snapshot ending = s.current();
    s.closeTo(this);
    RequestEnd.scopeClosed(ending, previous);
  }

  private void closeOutOfOrder() {
    ThreadState s = state;
    ScopeImpl innermost = s.top;
    String fields = describe();
    StringBuilder stillOpen = new StringBuilder();
    for (ScopeImpl scope = innermost; scope != this && scope != null; scope = scope.parent) {
      scope.retire();
      if (stillOpen.length() > 0) {
        stillOpen.append(", ");
      }
      stillOpen.append(scope.describe());
    }
    status = CLOSED;
    s.closeTo(this);
    Misuse.report(
        s,
        ScopeMisuseException.Kind.OUT_OF_ORDER,
        "scope "
            + fields
            + " closed before the scopes opened after it on thread "
            + s.owner.getName()
            + " ("
            + stillOpen
            + "); they were closed with it",
        openedAt,
        innermost == null ? null : innermost.openedAt,
        "");
  }

  /**
   * Marks this scope closed, once, and tells the owner thread, which unwinds it at its next context
   * operation; reports the misuse here (in strict mode by throwing, after marking).
   */
  private void closeOnWrongThread() {
    if (!CLOSED_ELSEWHERE.compareAndSet(this, false, true)) {
      return;
    }
    state.closedElsewhere = true;
    Misuse.report(
        null,
        ScopeMisuseException.Kind.WRONG_THREAD,
        "scope opened on thread "
            + state.owner.getName()
            + " closed on thread "
            + Thread.currentThread().getName()
            + "; thread "
            + state.owner.getName()
            + " unwinds it at its next context operation",
        openedAt,
        null,
        "");
  }

  boolean isClosedElsewhere() {
    return closedElsewhere;
  }

  void setPending(int index, String key, Object value) {
    switch (index) {
      case 0 -> {
        key0 = key;
        value0 = value;
      }
      case 1 -> {
        key1 = key;
        value1 = value;
      }
      case 2 -> {
        key2 = key;
        value2 = value;
      }
      default -> {
        key3 = key;
        value3 = value;
      }
    }
  }

  /** Returns {@code base} with the first {@code count} pending bindings applied in order. */
  Snapshot applyPending(Snapshot base, int count) {
    Snapshot result = base.withNormalized(key0, value0);
    if (count > 1) {
      result = result.withNormalized(key1, value1);
      if (count > 2) {
        result = result.withNormalized(key2, value2);
        if (count > 3) {
          result = result.withNormalized(key3, value3);
        }
      }
    }
    return result;
  }

  void retire() {
    status = RETIRED;
  }

  private void checkUsable(String key) {
    if (status != OPEN || closedElsewhere) {
      throw new IllegalStateException("cannot add " + Keys.quote(key) + " to a closed scope");
    }
    if (Thread.currentThread() != state.owner) {
      throw new IllegalStateException(
          "cannot add "
              + Keys.quote(key)
              + " to a scope of thread "
              + state.owner.getName()
              + " from thread "
              + Thread.currentThread().getName());
    }
  }

  /**
   * Names the keys this scope bound or removed, for misuse reports: the difference between the
   * context it saved and the one saved by the scope opened right after it (or the current context
   * when it is the innermost). Only its own thread can tell; elsewhere it says so.
   */
  String describe() {
    if (Thread.currentThread() != state.owner) {
      return "[fields of thread " + state.owner.getName() + "]";
    }
    Snapshot now = null;
    for (ScopeImpl scope = state.top; scope != null && now == null; scope = scope.parent) {
      if (scope.parent == this) {
        now = scope.previous;
      }
    }
    if (now == null) {
      now = state.current();
    }
    return describeChange(previous, now);
  }

  /** Names the keys bound, rebound or removed ({@code -key}) between two snapshots. */
  static String describeChange(Snapshot before, Snapshot now) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < now.size(); i++) {
      String key = now.keyAt(i);
      if (before.get(key) != now.valueAt(i)) {
        appendName(out, key);
      }
    }
    for (int i = 0; i < before.size(); i++) {
      if (!now.contains(before.keyAt(i))) {
        appendName(out, "-" + before.keyAt(i));
      }
    }
    return out.append(']').toString();
  }

  private static void appendName(StringBuilder out, String key) {
    if (out.length() > 1) {
      out.append(", ");
    }
    out.append(key);
  }

  @Override
  public String toString() {
    return "Scope" + describe() + (status == OPEN ? "" : " (closed)");
  }
}
