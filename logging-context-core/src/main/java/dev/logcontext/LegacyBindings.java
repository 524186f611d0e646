package dev.logcontext;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Mutable-map operations for bridges from MDC-style APIs ({@code org.slf4j.MDC}, Log4j's {@code
 * ThreadContext}). Each call is a binding inside the innermost open scope of the calling thread (or
 * at its top level): it lasts until it is removed or until that scope closes, and it changes the
 * snapshot, never a snapshot already captured.
 *
 * <p>Unlike {@link LogContext#with(String, Object)}, these methods accept any non-null key, even
 * one outside the key rule; encoders escape such keys. Thread-safety: act on the calling thread's
 * context only. Bad input: a null key throws {@link NullPointerException}, except in {@link
 * #getString}.
 */
public final class LegacyBindings {
  private LegacyBindings() {}

  /** Binds {@code key} to {@code value} in the current context; null removes it. */
  public static void put(String key, Object value) {
    Objects.requireNonNull(key, "context key is null");
    Object normalized = Values.normalize(value); // once, even when the loop runs again
    Snapshot current;
    Snapshot next;
    do { // again when a scope closed on another thread was unwound while the value was normalized
      current = ContextStorage.current();
      next = current.withNormalized(key, normalized);
    } while (next != current && !ContextStorage.replaceCurrent(current, next));
  }

  /**
   * Returns the current value of {@code key} as its {@code toString()}, as an MDC's {@code get}
   * does, or null when it is unbound or {@code key} is null.
   */
  public static String getString(String key) {
    if (key == null) {
      return null;
    }
    Object value = LogContext.get(key);
    return value == null ? null : value.toString();
  }

  /** Removes {@code key} from the current context. */
  public static void remove(String key) {
    put(key, null);
  }

  /**
   * Binds every entry of {@code fields}; null values remove their key. Entries of a map from {@link
   * #copyOfStrings()} that still hold the string they were copied as are bound with their typed
   * value again.
   */
  public static void putAll(Map<String, ?> fields) {
    Snapshot same = StringCopy.unchanged(fields);
    if (same != null && ContextStorage.current().isEmpty()) {
      ContextStorage.replaceCurrent(same); // clear, then putAll(copy): the snapshot it was made of
      return;
    }
    Object[] normalized = new Object[2 * fields.size()]; // once, even when the loop runs again
    int count = 0;
    for (Map.Entry<String, ?> entry : fields.entrySet()) {
      if (2 * count == normalized.length) {
        normalized = Arrays.copyOf(normalized, 2 * normalized.length + 2); // a map that grew
      }
      normalized[2 * count] = Objects.requireNonNull(entry.getKey(), "context key is null");
      normalized[2 * count + 1] =
          Values.normalize(StringCopy.typed(fields, entry.getKey(), entry.getValue()));
      count++;
    }
    Snapshot current;
    Snapshot next;
    do {
      current = ContextStorage.current();
      next = current;
      for (int i = 0; i < count; i++) {
        next = next.withNormalized((String) normalized[2 * i], normalized[2 * i + 1]);
      }
    } while (!ContextStorage.replaceCurrent(current, next));
  }

  /** Removes every field from the current context. */
  public static void clear() {
    ContextStorage.replaceCurrent(Snapshot.empty());
  }

  /**
   * Returns a mutable copy of the current fields as strings (what an MDC's {@code
   * getCopyOfContextMap()} returns) that remembers their typed values: handed back to {@link
   * #replaceAll(Map)} or {@link #putAll(Map)}, on this thread or another, every entry that still
   * holds the string it was copied as is bound with its typed value again, and a copy with no
   * change restores the very snapshot it was made from. Changed and added entries are strings.
   */
  public static Map<String, String> copyOfStrings() {
    return new StringCopy(ContextStorage.current());
  }

  /**
   * Makes the current context hold exactly {@code fields}, in the map's order. A map from {@link
   * #copyOfStrings()} keeps its typed values, as {@link #putAll(Map)} says.
   */
  public static void replaceAll(Map<String, ?> fields) {
    Snapshot same = StringCopy.unchanged(fields);
    if (same != null) {
      ContextStorage.replaceCurrent(same);
      return;
    }
    Snapshot next = Snapshot.empty();
    for (Map.Entry<String, ?> entry : fields.entrySet()) {
      String key = Objects.requireNonNull(entry.getKey(), "context key is null");
      next = next.withUnchecked(key, StringCopy.typed(fields, key, entry.getValue()));
    }
    ContextStorage.replaceCurrent(next);
  }

  /** Makes {@code snapshot} the current context, as a binding inside the innermost scope. */
  public static void replaceAll(Snapshot snapshot) {
    ContextStorage.replaceCurrent(Objects.requireNonNull(snapshot, "snapshot"));
  }
}
