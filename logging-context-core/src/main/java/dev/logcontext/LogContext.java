package dev.logcontext;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The current thread's context: bind fields for a scope, read them, capture them for another
 * thread. Modelled on Python's {@code contextvars}.
 *
 * <pre>{@code
 * try (Scope scope = LogContext.with("request_id", requestId)) {
 *   pool.execute(LogContext.wrap(() -> log.info("has request_id")));
 * }
 * }</pre>
 *
 * <p>Values of immutable known types ({@code String}, boxed primitives, {@code BigDecimal}, {@code
 * BigInteger}, enums, {@code UUID}, {@code java.time} values) are stored as they are; maps become
 * immutable ordered maps with string keys and collections and arrays immutable lists, deep-copied
 * with the same rules; anything else is stored as its {@code toString()}, taken when it is bound,
 * so that what was bound is what is logged later on another thread. A {@code toString()} that
 * throws becomes a marker string naming the exception. Binding null removes the key.
 *
 * <p>Thread-safety: all methods act on the calling thread's context only and may be called from any
 * thread. A new thread starts with an empty context; context crosses threads only through {@link
 * Snapshot} and the wrappers in {@code dev.logcontext.concurrent}. Bad input: keys must be 1 to 64
 * characters of {@code [A-Za-z0-9_.@-]}, not starting with a digit; others throw {@link
 * IllegalArgumentException} naming the key, a null key {@link NullPointerException}.
 */
public final class LogContext {
  private LogContext() {}

  /** Opens a scope in which {@code key} is bound to {@code value} (null removes it). */
  public static Scope with(String key, Object value) {
    return ContextStorage.openWith(key, value);
  }

  /** Opens a scope in which the typed {@code key} is bound to {@code value}. */
  public static <T> Scope with(ContextKey<T> key, T value) {
    return ContextStorage.openWith(key.name(), value);
  }

  /**
   * Opens a scope in which every entry of {@code fields} is bound, in the map's order.
   *
   * @throws IllegalArgumentException naming the first invalid key; nothing is bound then
   */
  public static Scope with(Map<String, ?> fields) {
    return ContextStorage.openWith(fields);
  }

  /** Returns the current snapshot in O(1); the same object until something binds. */
  public static Snapshot capture() {
    return ContextStorage.current();
  }

  /** Returns the value bound to {@code key} in the current context, or null when absent. */
  public static Object get(String key) {
    return ContextStorage.current().get(key);
  }

  /** Returns the current fields as an unmodifiable map in binding order; it never changes. */
  public static Map<String, Object> fields() {
    return ContextStorage.current().asMap();
  }

  /** Captures the current context now and returns a task that runs {@code task} in it later. */
  public static Runnable wrap(Runnable task) {
    return ContextStorage.current().wrap(task);
  }

  /** Captures the current context now and returns a task that calls {@code task} in it later. */
  public static <T> Callable<T> wrap(Callable<T> task) {
    return ContextStorage.current().wrap(task);
  }
}
