package dev.logcontext;

import java.util.concurrent.Callable;

/**
 * An open change of the current thread's context; closing it restores exactly the context that was
 * current when it was opened. What Python calls a token, usable with try-with-resources:
 *
 * <pre>{@code
 * try (Scope scope = LogContext.with("request_id", id).and("user_id", 42L)) {
 *   log.info("handled");            // carries request_id and user_id
 * }                                 // both gone again, earlier values back
 * }</pre>
 *
 * <p>Scopes form a stack per thread. Closing a scope that is not the innermost open one unwinds: it
 * restores the context from before that scope, retires every scope opened after it on this thread
 * (closing those later does nothing) and reports the misuse through {@link ScopeChecks}. {@code
 * close()} is idempotent.
 *
 * <p>Closing on another thread (a coroutine that resumed on another worker) is misuse too, and it
 * still ends the scope: the scope is marked closed and the thread that opened it unwinds it at its
 * next context operation ({@code capture}, {@code get}, {@code with}, {@code attach}, a legacy
 * {@code put}, …) or, when that thread is running a task in another snapshot, when the task ends;
 * it restores the context from before the scope, as an out-of-order close does, so nothing bound in
 * the scope reaches later tasks on that thread.
 *
 * <p>Thread-safety: a scope belongs to the thread that opened it; use it there. {@code close()} is
 * safe from any thread (see above); {@code and}, {@code run} and {@code call} only on the owner.
 * Bad input: {@code and} with an invalid key throws {@link IllegalArgumentException} naming the
 * key, and on a closed scope or another thread {@link IllegalStateException}.
 */
public interface Scope extends AutoCloseable {
  /**
   * Binds one more field, as a binding inside the innermost open scope of this thread (normally
   * this one): it is undone when that scope closes. Null removes the key. Returns this scope.
   */
  Scope and(String key, Object value);

  /** Binds one more typed field; see {@link #and(String, Object)}. Returns this scope. */
  <T> Scope and(ContextKey<T> key, T value);

  /** Runs {@code task} inside this scope, then closes it, even when the task throws. */
  void run(Runnable task);

  /** Calls {@code task} inside this scope, then closes it, even when the task throws. */
  <T> T call(Callable<T> task) throws Exception;

  /**
   * Restores the context that was current when this scope was opened; does nothing when already
   * closed. On another thread, marks the scope closed for its own thread to unwind (see above). In
   * strict mode, throws {@link ScopeMisuseException} after restoring (or marking) when the scope
   * was closed out of order or on another thread.
   */
  @Override
  void close();
}
