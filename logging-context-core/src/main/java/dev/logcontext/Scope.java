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
 * (closing those later does nothing) and reports the misuse through {@link ScopeChecks}. Closing on
 * another thread is reported and changes nothing. {@code close()} is idempotent.
 *
 * <p>Thread-safety: a scope belongs to the thread that opened it; use it only there. Bad input:
 * {@code and} with an invalid key throws {@link IllegalArgumentException} naming the key, and on a
 * closed scope or another thread {@link IllegalStateException}.
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
   * closed. In strict mode, throws {@link ScopeMisuseException} after restoring when the scope was
   * closed out of order or on another thread.
   */
  @Override
  void close();
}
