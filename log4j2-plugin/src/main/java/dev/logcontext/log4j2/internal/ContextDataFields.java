package dev.logcontext.log4j2.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.TriConsumer;

/**
 * A reusable read-only {@code Map} over one event's context data at a time, handed to the JSON
 * writer as MDC fields: {@link #load} copies the keys and values (references only) into arrays that
 * are kept between events, and iteration reuses one entry set, iterator and entry, so walking the
 * fields allocates nothing in the steady state.
 *
 * <p>Not thread-safe, and iteration is single-pass at a time: one owner uses it on one thread for
 * one event, then calls {@link #release}.
 */
final class ContextDataFields extends AbstractMap<String, Object> {
  private static final int RETAINED_CAPACITY = 256;
  private static final TriConsumer<String, Object, ContextDataFields> ADD = ContextDataFields::add;

  private String[] keys = new String[16];
  private Object[] values = new Object[16];
  private int size;
  private final Entries entries = new Entries();

  /** Points the view at {@code data}'s fields, in the map's own iteration order. */
  void load(ReadOnlyStringMap data) {
    size = 0;
    data.forEach(ADD, this);
  }

  private static void add(String key, Object value, ContextDataFields fields) {
    if (fields.size == fields.keys.length) {
      fields.keys = Arrays.copyOf(fields.keys, fields.size * 2);
      fields.values = Arrays.copyOf(fields.values, fields.size * 2);
    }
    fields.keys[fields.size] = key;
    fields.values[fields.size] = value;
    fields.size++;
  }

  /** Drops the references to the last event's fields. */
  void release() {
    if (keys.length > RETAINED_CAPACITY) {
      keys = new String[16];
      values = new Object[16];
    } else {
      Arrays.fill(keys, 0, size, null);
      Arrays.fill(values, 0, size, null);
    }
    size = 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return entries;
  }

  private final class Entries extends AbstractSet<Map.Entry<String, Object>>
      implements Iterator<Map.Entry<String, Object>>, Map.Entry<String, Object> {
    private int next;
    private int current;

    @Override
    public Iterator<Map.Entry<String, Object>> iterator() {
      next = 0;
      return this;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public boolean hasNext() {
      return next < size;
    }

    @Override
    public Map.Entry<String, Object> next() {
      if (next >= size) {
        throw new NoSuchElementException();
      }
      current = next++;
      return this;
    }

    @Override
    public String getKey() {
      return keys[current];
    }

    @Override
    public Object getValue() {
      return values[current];
    }

    @Override
    public Object setValue(Object value) {
      throw new UnsupportedOperationException();
    }
  }
}
