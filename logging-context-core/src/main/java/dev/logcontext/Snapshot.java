package dev.logcontext;

import dev.logcontext.internal.ContextStorage;
import dev.logcontext.internal.Keys;
import dev.logcontext.internal.Values;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An immutable, ordered set of context fields: what Python calls a {@code Context}.
 *
 * <p>A snapshot never changes; {@link #with} returns a new snapshot (or this one when nothing
 * changes). Fields keep the order in which their keys were first bound; rebinding a key keeps its
 * position. {@link LogContext#capture()} returns the current thread's snapshot in O(1), and {@link
 * #run}, {@link #call} and the {@code wrap} methods run code with a snapshot as the current
 * context, restoring the thread's own context afterwards.
 *
 * <pre>{@code
 * Snapshot request = LogContext.capture();
 * pool.execute(request.wrap(() -> log.info("still has request_id")));
 * }</pre>
 *
 * <p>Thread-safety: instances are immutable and safe to share between threads. Bad input: an
 * invalid key throws {@link IllegalArgumentException} naming it, a null key {@link
 * NullPointerException}; values follow the rules of {@link LogContext#with(String, Object)}.
 */
public final class Snapshot {
  private static final String[] NO_KEYS = {};
  private static final Object[] NO_VALUES = {};
  private static final Snapshot EMPTY = new Snapshot(NO_KEYS, NO_VALUES, null);

  /** Sizes above this use a hash index for lookups; measured by {@code SnapshotBenchmark}. */
  private static final int LINEAR_SCAN_LIMIT = 8;

  private final String[] keys;
  private final Object[] values;

  /**
   * Open-addressing index from key hash to position + 1, for snapshots larger than {@link
   * #LINEAR_SCAN_LIMIT}; built on first lookup and shared by snapshots with the same keys. Racy but
   * safe: every thread builds the same immutable table.
   */
  private Index index;

  private Snapshot(String[] keys, Object[] values, Index index) {
    this.keys = keys;
    this.values = values;
    this.index = index;
  }

  /** Returns the snapshot without fields. */
  public static Snapshot empty() {
    return EMPTY;
  }

  /**
   * Returns a snapshot with {@code key} bound to {@code value}: this snapshot when the key is
   * already bound to an equal value, a snapshot without the key when {@code value} is null.
   *
   * @throws IllegalArgumentException naming the key when it is not a valid key name
   * @throws NullPointerException when {@code key} is null
   */
  public Snapshot with(String key, Object value) {
    return withField(Keys.validate(key), Values.normalize(value));
  }

  /**
   * Returns a snapshot with every entry of {@code fields} bound, in the map's iteration order; null
   * values remove their key.
   *
   * @throws IllegalArgumentException naming the first invalid key; nothing is bound then
   */
  public Snapshot with(Map<String, ?> fields) {
    for (String key : fields.keySet()) {
      Keys.validate(key);
    }
    Snapshot result = this;
    for (Map.Entry<String, ?> entry : fields.entrySet()) {
      result = result.withField(entry.getKey(), Values.normalize(entry.getValue()));
    }
    return result;
  }

  /** Binds without validating the key name; for bridges from MDC-style APIs. */
  Snapshot withUnchecked(String key, Object value) {
    return withField(Objects.requireNonNull(key, "context key is null"), Values.normalize(value));
  }

  private Snapshot withField(String key, Object normalized) {
    int position = indexOf(key);
    if (normalized == null) {
      return position < 0 ? this : without(position);
    }
    if (position >= 0) {
      if (Objects.equals(values[position], normalized)) {
        return this;
      }
      Object[] newValues = values.clone();
      newValues[position] = normalized;
      return new Snapshot(keys, newValues, index);
    }
    int size = keys.length;
    String[] newKeys = Arrays.copyOf(keys, size + 1);
    Object[] newValues = Arrays.copyOf(values, size + 1);
    newKeys[size] = key;
    newValues[size] = normalized;
    return new Snapshot(newKeys, newValues, null);
  }

  private Snapshot without(int position) {
    int size = keys.length;
    if (size == 1) {
      return EMPTY;
    }
    String[] newKeys = new String[size - 1];
    Object[] newValues = new Object[size - 1];
    System.arraycopy(keys, 0, newKeys, 0, position);
    System.arraycopy(values, 0, newValues, 0, position);
    System.arraycopy(keys, position + 1, newKeys, position, size - position - 1);
    System.arraycopy(values, position + 1, newValues, position, size - position - 1);
    return new Snapshot(newKeys, newValues, null);
  }

  /** Returns the value bound to {@code key}, or null when it is not bound. */
  public Object get(String key) {
    int position = indexOf(key);
    return position < 0 ? null : values[position];
  }

  /** Returns whether {@code key} is bound. */
  public boolean contains(String key) {
    return indexOf(key) >= 0;
  }

  /** Returns the number of fields. */
  public int size() {
    return keys.length;
  }

  /** Returns whether there are no fields. */
  public boolean isEmpty() {
    return keys.length == 0;
  }

  /**
   * Returns the key of the field at {@code position} in binding order; with {@link #valueAt} and
   * {@link #size} this lets encoders walk the fields without allocating.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= position < size()}
   */
  public String keyAt(int position) {
    return keys[position];
  }

  /**
   * Returns the value of the field at {@code position} in binding order.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= position < size()}
   */
  public Object valueAt(int position) {
    return values[position];
  }

  /** Returns an unmodifiable view of the fields in binding order; it never changes. */
  public Map<String, Object> asMap() {
    return new MapView(this);
  }

  /**
   * Makes this snapshot the current context of this thread until the returned scope is closed.
   * Attaching the snapshot that is already current allocates nothing and returns a scope whose
   * {@code close()} does nothing; legacy bindings made inside it then belong to the enclosing
   * scope.
   */
  public Scope attach() {
    return ContextStorage.attach(this);
  }

  /**
   * Runs {@code task} with this snapshot as the current context, then restores the thread's own.
   */
  public void run(Runnable task) {
    ContextStorage.run(this, task);
  }

  /**
   * Calls {@code task} with this snapshot as the current context, then restores the thread's own.
   */
  public <T> T call(Callable<T> task) throws Exception {
    return ContextStorage.call(this, task);
  }

  /** Returns a task that runs {@code task} in this snapshot, wherever and whenever it runs. */
  public Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    return () -> ContextStorage.run(this, task);
  }

  /** Returns a task that calls {@code task} in this snapshot, wherever and whenever it runs. */
  public <T> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return () -> ContextStorage.call(this, task);
  }

  /** Returns a supplier that calls {@code supplier} in this snapshot. */
  public <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> ContextStorage.get(this, supplier);
  }

  /** Returns a function that applies {@code function} in this snapshot. */
  public <T, R> Function<T, R> wrapFunction(Function<T, R> function) {
    Objects.requireNonNull(function, "function");
    return argument -> ContextStorage.apply(this, function, argument);
  }

  private int indexOf(String key) {
    String[] k = keys;
    if (k.length <= LINEAR_SCAN_LIMIT) {
      for (int i = 0; i < k.length; i++) {
        if (k[i].equals(key)) {
          return i;
        }
      }
      return -1;
    }
    Index built = index;
    if (built == null) {
      built = new Index(k);
      index = built;
    }
    int[] table = built.table;
    int mask = table.length - 1;
    for (int slot = spread(key.hashCode()) & mask; ; slot = (slot + 1) & mask) {
      int entry = table[slot];
      if (entry == 0) {
        return -1;
      }
      if (k[entry - 1].equals(key)) {
        return entry - 1;
      }
    }
  }

  /** The hash table of a large snapshot; the final field publishes the array safely. */
  private static final class Index {
    final int[] table;

    Index(String[] keys) {
      int capacity = Integer.highestOneBit(keys.length * 2 - 1) << 1;
      int[] built = new int[capacity];
      int mask = capacity - 1;
      for (int i = 0; i < keys.length; i++) {
        int slot = spread(keys[i].hashCode()) & mask;
        while (built[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        built[slot] = i + 1;
      }
      this.table = built;
    }
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  /** Two snapshots are equal when they hold equal fields in the same order. */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    return other instanceof Snapshot
        && Arrays.equals(keys, ((Snapshot) other).keys)
        && Arrays.equals(values, ((Snapshot) other).values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
  }

  /** Returns the fields as {@code {key=value, ...}}, for debugging. */
  @Override
  public String toString() {
    return asMap().toString();
  }

  /** Read-only map view in binding order; O(1) to create, lookups use the snapshot's index. */
  private static final class MapView extends AbstractMap<String, Object> {
    private final Snapshot snapshot;

    MapView(Snapshot snapshot) {
      this.snapshot = snapshot;
    }

    @Override
    public Object get(Object key) {
      return key instanceof String ? snapshot.get((String) key) : null;
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
    public Set<Map.Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, Object>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < snapshot.size();
            }

            @Override
            public Map.Entry<String, Object> next() {
              if (next >= snapshot.size()) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new SimpleImmutableEntry<>(snapshot.keyAt(i), snapshot.valueAt(i));
            }
          };
        }

        @Override
        public int size() {
          return snapshot.size();
        }
      };
    }
  }
}
