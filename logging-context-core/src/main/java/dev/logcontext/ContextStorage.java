package dev.logcontext;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one storage slot: a {@link ThreadLocal} holding each thread's {@link ThreadState}. Capture
 * reads a reference, attach swaps one; a new thread starts empty (no inheritance).
 */
final class ContextStorage {
  private static final ThreadLocal<ThreadState> SLOT =
      ThreadLocal.withInitial(ContextStorage::newState);

  /**
   * Strict mode only: where this thread was created by a thread whose context was not empty. A
   * thread has an entry only once strict mode marked it ({@link #trackThreadsCreatedHere}), so
   * outside strict mode no thread creation runs {@link Origin#childValue}.
   */
  private static final InheritableThreadLocal<Throwable> ORIGIN = new Origin();

  /** The scope returned when attaching the snapshot that is already current. */
  private static final Scope NOOP_SCOPE = new NoopScope();

  private ContextStorage() {}

  private static ThreadState newState() {
    if (Misuse.isStrict()) {
      trackThreadsCreatedHere();
    }
    return new ThreadState();
  }

  /** Strict mode: threads created from now on by this thread record where, if it had context. */
  static void trackThreadsCreatedHere() {
    ORIGIN.get();
  }

  /** Returns where this thread was created by a thread with context, or null (strict mode). */
  static Throwable origin() {
    return ORIGIN.get();
  }

  /** Records, on the creating thread, where a thread is created while that thread has context. */
  private static final class Origin extends InheritableThreadLocal<Throwable> {
    @Override
    protected Throwable childValue(Throwable parentValue) {
      if (!Misuse.isStrict()) {
        return null;
      }
      Snapshot context = SLOT.get().current();
      if (context.size() == 0) {
        return null;
      }
      return new Throwable(
          "thread created here by thread "
              + Thread.currentThread().getName()
              + ", whose context held "
              + context.asMap().keySet()
              + "; the new thread starts with an empty context (not wrapped with"
              + " ContextExecutors.propagating or Snapshot.wrap)");
    }
  }

  /**
   * Returns this thread's state after unwinding scopes that another thread closed: every context
   * operation goes through here, at the cost of one volatile read.
   */
  private static ThreadState state() {
    ThreadState state = SLOT.get();
    if (state.closedElsewhere) {
      state.repair();
    }
    return state;
  }

  /** Returns this thread's current snapshot. */
  static Snapshot current() {
    return state().current();
  }

  /** Opens a scope on this thread that makes {@code next} current. */
  static Scope open(Snapshot next) {
    return state().open(next, false);
  }

  /** Opens a scope with {@code key} bound to {@code value} on top of the current snapshot. */
  static Scope openWith(String key, Object value) {
    return state().openWith(key, value);
  }

  /** Attaches {@code snapshot}; a no-op scope when it is already current. */
  static Scope attach(Snapshot snapshot) {
    ThreadState state = state();
    return state.current() == snapshot ? NOOP_SCOPE : state.open(snapshot, false);
  }

  /**
   * Replaces the current snapshot without opening a scope: a binding inside the innermost open
   * scope (or at the thread's top level) that lasts until that scope closes.
   */
  static void replaceCurrent(Snapshot snapshot) {
    state().set(snapshot);
  }

  /**
   * Replaces the current snapshot as {@link #replaceCurrent(Snapshot)} does if it is still {@code
   * expected}; returns false (and changes nothing) when it is not, because a scope closed on
   * another thread was unwound meanwhile. For changes computed from the current snapshot.
   */
  static boolean replaceCurrent(Snapshot expected, Snapshot next) {
    ThreadState state = state();
    if (state.current() != expected) {
      return false;
    }
    state.set(next);
    return true;
  }

  /** Opens a scope with every entry of {@code fields} bound on top of the current snapshot. */
  static Scope openWith(Map<String, ?> fields) {
    ThreadState state = state();
    return state.open(state.current().with(fields), true);
  }

  /** Runs {@code task} in {@code snapshot} and restores this thread's state afterwards. */
  static void run(Snapshot snapshot, Runnable task) {
    ThreadState state = state();
    Snapshot savedCurrent = state.current();
    ScopeImpl savedTop = state.top;
    long savedFloor = state.enterTask(snapshot);
    try {
      task.run();
    } finally {
      state.restore(savedCurrent, savedTop, savedFloor);
    }
  }

  /** Calls {@code task} in {@code snapshot} and restores this thread's state afterwards. */
  static <T> T call(Snapshot snapshot, Callable<T> task) throws Exception {
    ThreadState state = state();
    Snapshot savedCurrent = state.current();
    ScopeImpl savedTop = state.top;
    long savedFloor = state.enterTask(snapshot);
    try {
      return task.call();
    } finally {
      state.restore(savedCurrent, savedTop, savedFloor);
    }
  }

  /** Gets from {@code supplier} in {@code snapshot} and restores this thread's state afterwards. */
  static <T> T get(Snapshot snapshot, Supplier<T> supplier) {
    ThreadState state = state();
    Snapshot savedCurrent = state.current();
    ScopeImpl savedTop = state.top;
    long savedFloor = state.enterTask(snapshot);
    try {
      return supplier.get();
    } finally {
      state.restore(savedCurrent, savedTop, savedFloor);
    }
  }

  /** Applies {@code function} in {@code snapshot} and restores this thread's state afterwards. */
  static <T, R> R apply(Snapshot snapshot, Function<T, R> function, T argument) {
    ThreadState state = state();
    Snapshot savedCurrent = state.current();
    ScopeImpl savedTop = state.top;
    long savedFloor = state.enterTask(snapshot);
    try {
      return function.apply(argument);
    } finally {
      state.restore(savedCurrent, savedTop, savedFloor);
    }
  }

  /** Returns the number of scopes open on this thread; for tests and leak checks. */
  static int openScopes() {
    ScopeImpl top = state().top;
    return top == null ? 0 : top.depth;
  }

  /** A scope that changes nothing; {@code and} binds inside the innermost open scope. */
  private static final class NoopScope implements Scope {
    @Override
    public Scope and(String key, Object value) {
      state().bind(key, value);
      return this;
    }

    @Override
    public <T> Scope and(ContextKey<T> key, T value) {
      return and(key.name(), value);
    }

    @Override
    public void run(Runnable task) {
      task.run();
    }

    @Override
    public <T> T call(Callable<T> task) throws Exception {
      return task.call();
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
      return "Scope[] (attached the current snapshot)";
    }
  }
}
