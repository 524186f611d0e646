package dev.logcontext.logback;

import dev.logcontext.Snapshot;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A {@code Map<String, String>} view over a snapshot, handed to Logback as an event's MDC property
 * map: Logback's {@code %X}, discriminators and other appenders see strings, while our encoder
 * recognises the view and writes the typed values behind it. Creating one copies nothing.
 */
final class ContextFieldsView extends AbstractMap<String, String> {
  private final Snapshot snapshot;

  ContextFieldsView(Snapshot snapshot) {
    this.snapshot = snapshot;
  }

  Snapshot snapshot() {
    return snapshot;
  }

  static String text(Object value) {
    return value == null ? null : value.toString();
  }

  @Override
  public String get(Object key) {
    return key instanceof String ? text(snapshot.get((String) key)) : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String && snapshot.contains((String) key);
  }

  @Override
  public int size() {
    return snapshot.size();
  }

  @Override
  public boolean isEmpty() {
    return snapshot.isEmpty();
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return snapshot.size();
      }

      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < snapshot.size();
          }

          @Override
          public Map.Entry<String, String> next() {
            if (next >= snapshot.size()) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(snapshot.keyAt(i), text(snapshot.valueAt(i)));
          }
        };
      }
    };
  }
}
