package dev.logcontext;

import java.util.AbstractMap;
import java.util.AbstractSet;
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
  private static final Snapshot EMPTY = new Snapshot(new Object[0]);

  /** Sizes above this use a hash index for lookups; measured by {@code SnapshotBenchmark}. */
  private static final int LINEAR_SCAN_LIMIT = 8;

  /**
   * Keys and values interleaved in binding order: {@code k0, v0, k1, v1, ...}. One array per
   * snapshot keeps {@link #with} to two small allocations (array and snapshot), as in
   * OpenTelemetry. A snapshot of more than {@link #LINEAR_SCAN_LIMIT} fields has one more slot at
   * the end, which holds its hash {@link Index} once built (racy but safe: an index is immutable
   * and every thread builds an equal one).
   */
  private final Object[] fields;

  private Snapshot(Object[] fields) {
    this.fields = fields;
  }

  /** Returns an array for {@code size} fields, with the index slot when the size needs one. */
  private static Object[] newFields(int size) {
    return new Object[size > LINEAR_SCAN_LIMIT ? 2 * size + 1 : 2 * size];
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
    return withNormalized(Keys.validate(key), Values.normalize(value));
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
      result = result.withNormalized(entry.getKey(), Values.normalize(entry.getValue()));
    }
    return result;
  }

  /** Binds without validating the key name; for bridges from MDC-style APIs. */
  Snapshot withUnchecked(String key, Object value) {
    return withNormalized(
        Objects.requireNonNull(key, "context key is null"), Values.normalize(value));
  }

  /**
   * Binds a key that is already checked to a value that is already normalized ({@link
   * Values#normalize}); the path of the thread state and scopes, which validate and normalize at
   * the call and apply later, so that a binding is validated and copied once.
   */
  Snapshot withNormalized(String key, Object normalized) {
    int position = indexOf(key);
    if (normalized == null) {
      return position < 0 ? this : without(position);
    }
    Object[] current = fields;
    if (position >= 0) {
      if (Objects.equals(current[2 * position + 1], normalized)) {
        return this;
      }
      Object[] changed = current.clone(); // keeps the index: same keys, same positions
      changed[2 * position + 1] = normalized;
      return new Snapshot(changed);
    }
    int size = current.length >> 1;
    Object[] grown = newFields(size + 1);
    System.arraycopy(current, 0, grown, 0, 2 * size);
    grown[2 * size] = key;
    grown[2 * size + 1] = normalized;
    if (size > LINEAR_SCAN_LIMIT && current[2 * size] instanceof Index index) {
      grown[2 * size + 2] = index.plus(key, size);
    }
    return new Snapshot(grown);
  }

  /**
   * Binds distinct checked keys to normalized values at once, building one array for all of them
   * (what {@link TraceFields#with} binds on every event); null values remove their key. Returns
   * this snapshot when nothing changes. Above the linear-scan limit the new snapshot's index is
   * built on its first lookup.
   */
  Snapshot withAllNormalized(String[] keys, Object[] values) {
    int size = fields.length >> 1;
    int added = 0;
    boolean changed = false;
    boolean removes = false;
    for (int i = 0; i < keys.length; i++) {
      if (values[i] == null) {
        removes = true;
        continue;
      }
      int position = indexOf(keys[i]);
      if (position < 0) {
        added++;
      } else if (!Objects.equals(fields[2 * position + 1], values[i])) {
        changed = true;
      }
    }
    Snapshot result = this;
    if (added > 0 || changed) {
      Object[] next = newFields(size + added);
      System.arraycopy(fields, 0, next, 0, 2 * size);
      int end = size;
      for (int i = 0; i < keys.length; i++) {
        if (values[i] != null) {
          int position = indexOf(keys[i]);
          if (position >= 0) {
            next[2 * position + 1] = values[i];
          } else {
            next[2 * end] = keys[i];
            next[2 * end + 1] = values[i];
            end++;
          }
        }
      }
      result = new Snapshot(next);
    }
    if (removes) {
      for (int i = 0; i < keys.length; i++) {
        if (values[i] == null) {
          result = result.withNormalized(keys[i], null);
        }
      }
    }
    return result;
  }

  private Snapshot without(int position) {
    int size = fields.length >> 1;
    if (size == 1) {
      return EMPTY;
    }
    Object[] shrunk = newFields(size - 1);
    System.arraycopy(fields, 0, shrunk, 0, 2 * position);
    System.arraycopy(fields, 2 * position + 2, shrunk, 2 * position, 2 * (size - position - 1));
    return new Snapshot(shrunk);
  }

  /** Returns the value bound to {@code key}, or null when it is not bound. */
  public Object get(String key) {
    int position = indexOf(key);
    return position < 0 ? null : fields[2 * position + 1];
  }

  /** Returns whether {@code key} is bound. */
  public boolean contains(String key) {
    return indexOf(key) >= 0;
  }

  /** Returns the number of fields. */
  public int size() {
    return fields.length >> 1;
  }

  /** Returns whether there are no fields. */
  public boolean isEmpty() {
    return fields.length == 0;
  }

  /**
   * Returns the key of the field at {@code position} in binding order; with {@link #valueAt} and
   * {@link #size} this lets encoders walk the fields without allocating.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= position < size()}
   */
  public String keyAt(int position) {
    checkPosition(position);
    return (String) fields[2 * position];
  }

  /**
   * Returns the value of the field at {@code position} in binding order.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= position < size()}
   */
  public Object valueAt(int position) {
    checkPosition(position);
    return fields[2 * position + 1];
  }

  private void checkPosition(int position) {
    // Compare with the field count, not the array length: above the linear-scan limit the array
    // has one more slot (the index), and 2 * position overflows for large positions.
    if (position < 0 || position >= (fields.length >> 1)) {
      throw new IndexOutOfBoundsException(
          "position " + position + " of a snapshot with " + size() + " fields");
    }
  }

  /** Returns an unmodifiable view of the fields in binding order; it never changes. */
  public Map<String, Object> asMap() {
    return new MapView<>(this, false);
  }

  /**
   * Returns an unmodifiable view of the fields in binding order with every value as its {@code
   * toString()}, for APIs that speak strings (an MDC, Log4j's {@code ThreadContext}); it never
   * changes and copies nothing. {@link #behind(Map)} recovers this snapshot from it.
   */
  public Map<String, String> asStringMap() {
    return new MapView<>(this, true);
  }

  /**
   * Returns the snapshot behind a view made by {@link #asMap()} or {@link #asStringMap()}, or null
   * for any other map: lets an encoder that receives such a view write the typed values behind it.
   */
  public static Snapshot behind(Map<String, ?> view) {
    return view instanceof MapView<?> mapView ? mapView.snapshot : null;
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
    Object[] f = fields;
    int length = f.length;
    if (length <= 2 * LINEAR_SCAN_LIMIT) { // at most 8 fields: scan, identity first
      for (int i = 0; i < length; i += 2) {
        if (f[i] == key) {
          return i >> 1;
        }
      }
      int hash = key.hashCode();
      for (int i = 0; i < length; i += 2) {
        Object k = f[i];
        if (k.hashCode() == hash && k.equals(key)) {
          return i >> 1;
        }
      }
      return -1;
    }
    int slot = length - 1; // the index slot: length is odd above the linear-scan limit
    Object built = f[slot];
    if (built == null) {
      built = Index.of(f);
      f[slot] = built;
    }
    return ((Index) built).find(f, key);
  }

  /**
   * The hash table of a large snapshot: linear probing over {@code slots}, each holding {@code
   * position + 1} (0 = empty), with the key hashes cached beside them so that a probe compares an
   * int before it compares a string. Final fields publish the arrays safely.
   */
  private static final class Index {
    final int[] slots;
    final int[] hashes;
    final int size;

    private Index(int[] slots, int[] hashes, int size) {
      this.slots = slots;
      this.hashes = hashes;
      this.size = size;
    }

    static Index of(Object[] fields) {
      int size = fields.length >> 1;
      int capacity = Integer.highestOneBit(Math.max(4, size) * 4 - 1);
      int[] slots = new int[capacity];
      int[] hashes = new int[capacity];
      for (int i = 0; i < size; i++) {
        insert(slots, hashes, (String) fields[2 * i], i);
      }
      return new Index(slots, hashes, size);
    }

    /** Returns an index with {@code key} at {@code position} added; this one is not changed. */
    Index plus(String key, int position) {
      if ((size + 1) * 2 > slots.length) {
        return null; // too full: the next lookup builds a larger table
      }
      int[] newSlots = slots.clone();
      int[] newHashes = hashes.clone();
      insert(newSlots, newHashes, key, position);
      return new Index(newSlots, newHashes, size + 1);
    }

    /**
     * Fills the arrays before an {@code Index} is constructed, so its final fields publish them.
     */
    private static void insert(int[] slots, int[] hashes, String key, int position) {
      int hash = key.hashCode();
      int mask = slots.length - 1;
      int slot = mix(hash) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = position + 1;
      hashes[slot] = hash;
    }

    int find(Object[] fields, String key) {
      int hash = key.hashCode();
      int mask = slots.length - 1;
      for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
        int entry = slots[slot];
        if (entry == 0) {
          return -1;
        }
        if (hashes[slot] == hash) {
          Object candidate = fields[2 * (entry - 1)];
          if (candidate == key || candidate.equals(key)) {
            return entry - 1;
          }
        }
      }
    }

    /** Fibonacci hashing: spreads sequential names such as {@code field_1, field_2} evenly. */
    private static int mix(int hash) {
      int h = hash * 0x9E3779B9;
      return h ^ (h >>> 16);
    }
  }

  /** Two snapshots are equal when they hold equal fields in the same order. */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Snapshot snapshot)) {
      return false;
    }
    Object[] theirs = snapshot.fields;
    int length = fields.length & ~1; // not the index slot
    if (theirs.length != fields.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (!Objects.equals(fields[i], theirs[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = 0; i < (fields.length & ~1); i++) {
      hash = 31 * hash + Objects.hashCode(fields[i]);
    }
    return hash;
  }

  /** Returns the fields as {@code {key=value, ...}}, for debugging. */
  @Override
  public String toString() {
    return asMap().toString();
  }

  /**
   * Read-only map view in binding order; O(1) to create, lookups use the snapshot's index. Values
   * are the stored objects, or their {@code toString()} in a string view.
   */
  private static final class MapView<V> extends AbstractMap<String, V> {
    private final Snapshot snapshot;
    private final boolean strings;

    MapView(Snapshot snapshot, boolean strings) {
      this.snapshot = snapshot;
      this.strings = strings;
    }

    @SuppressWarnings("unchecked") // V is String for a string view, Object otherwise
    private V view(Object value) {
      return (V) (strings && value != null ? value.toString() : value);
    }

    @Override
    public V get(Object key) {
      return key instanceof String name ? view(snapshot.get(name)) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String name && snapshot.contains(name);
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
    public Set<Map.Entry<String, V>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, V>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < snapshot.size();
            }

            @Override
            public Map.Entry<String, V> next() {
              if (next >= snapshot.size()) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new SimpleImmutableEntry<>(snapshot.keyAt(i), view(snapshot.valueAt(i)));
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
