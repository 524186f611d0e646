package dev.logcontext.log4j2.internal;

import dev.logcontext.Snapshot;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable {@code Map<String, String>} view over a snapshot, for Log4j APIs that speak
 * strings ({@code ThreadContext.getImmutableContext()}, {@code ContextDataProvider
 * .supplyContextData()}): each value is its {@code toString()}. Creating one copies nothing.
 */
public final class StringFieldsView extends AbstractMap<String, String> {
  private final Snapshot snapshot;

  /** Returns a view over {@code snapshot}. */
  public StringFieldsView(Snapshot snapshot) {
    this.snapshot = snapshot;
  }

  /** Returns the string form of a field value, null for null. */
  public static String text(Object value) {
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
