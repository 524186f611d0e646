package dev.logcontext;

import java.util.HashMap;
import java.util.Map;

/**
 * The mutable string copy of a snapshot that {@link LegacyBindings#copyOfStrings()} hands to MDC
 * APIs: a plain {@link HashMap} of {@code toString()} forms that remembers the snapshot it was
 * copied from, so that a copy handed back ({@code MDC.setContextMap(copy)}, {@code
 * ThreadContext.putAll(copy)}) binds the typed values again for every entry still as copied.
 *
 * <p>Not thread-safe, like {@code HashMap}. Serializable as a {@code HashMap}; the snapshot is not
 * kept, so a deserialized copy has plain string semantics.
 */
final class StringCopy extends HashMap<String, String> {
  private static final long serialVersionUID = 1L;

  private final transient Snapshot source;

  StringCopy(Snapshot source) {
    super(source.asStringMap());
    this.source = source;
  }

  /**
   * Returns the value to bind for {@code key} when {@code fields} comes back: the typed value of
   * the snapshot it was copied from while the entry still holds that value's string form, else
   * {@code value} itself (an entry changed, added, or a foreign map).
   */
  static Object typed(Map<String, ?> fields, String key, Object value) {
    if (fields instanceof StringCopy copy && copy.source != null && value instanceof String text) {
      Object typed = copy.source.get(key);
      if (typed != null && !(typed instanceof String) && text.equals(String.valueOf(typed))) {
        return typed;
      }
    }
    return value;
  }

  /** Returns the snapshot {@code fields} was copied from when no entry changed since, else null. */
  static Snapshot unchanged(Map<String, ?> fields) {
    if (!(fields instanceof StringCopy copy)
        || copy.source == null
        || copy.size() != copy.source.size()) {
      return null;
    }
    return copy.equals(copy.source.asStringMap()) ? copy.source : null;
  }
}
