package dev.logcontext.log4j2.internal;

import dev.logcontext.Snapshot;
import java.io.ObjectStreamException;
import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.util.BiConsumer;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;
import org.apache.logging.log4j.util.TriConsumer;

/**
 * A frozen Log4j {@link StringMap} over a snapshot: the form in which LogContext fields enter Log4j
 * events. Values keep their types ({@link #getValue} returns the bound object) and {@link #forEach}
 * walks the fields in binding order. Creating one copies nothing; Log4j copies it into an event's
 * reusable map when its injector needs to (see {@code LogContextThreadContextMap}), and a layout
 * that receives it as the event's context data reads the snapshot behind it ({@link #snapshotOf}).
 *
 * <p>Immutable and thread-safe. Every mutator throws {@link UnsupportedOperationException}, as for
 * any frozen {@code StringMap}, except {@link #clear()} and {@link #remove} on absent keys, which
 * change nothing. Serialized as a frozen {@link SortedArrayStringMap} copy.
 */
public final class SnapshotStringMap implements StringMap {
  private static final long serialVersionUID = 1L;
  private static final SnapshotStringMap EMPTY = new SnapshotStringMap(Snapshot.empty());

  private final transient Snapshot snapshot;

  private SnapshotStringMap(Snapshot snapshot) {
    this.snapshot = snapshot;
  }

  /** Returns the map over {@code snapshot}; a shared instance when it is empty. */
  public static SnapshotStringMap of(Snapshot snapshot) {
    return snapshot.isEmpty() ? EMPTY : new SnapshotStringMap(snapshot);
  }

  /** Returns the snapshot behind {@code contextData} when it is such a map, else null. */
  public static Snapshot snapshotOf(ReadOnlyStringMap contextData) {
    return contextData instanceof SnapshotStringMap
        ? ((SnapshotStringMap) contextData).snapshot
        : null;
  }

  /** Returns the snapshot this map shows. */
  public Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public Map<String, String> toMap() {
    Map<String, String> copy = new HashMap<>(Math.max(4, snapshot.size() * 2));
    for (int i = 0; i < snapshot.size(); i++) {
      copy.put(snapshot.keyAt(i), String.valueOf(snapshot.valueAt(i)));
    }
    return copy;
  }

  @Override
  public boolean containsKey(String key) {
    return key != null && snapshot.contains(key);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> void forEach(BiConsumer<String, ? super V> action) {
    Snapshot s = snapshot;
    for (int i = 0; i < s.size(); i++) {
      action.accept(s.keyAt(i), (V) s.valueAt(i));
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V, S> void forEach(TriConsumer<String, ? super V, S> action, S state) {
    Snapshot s = snapshot;
    for (int i = 0; i < s.size(); i++) {
      action.accept(s.keyAt(i), (V) s.valueAt(i), state);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> V getValue(String key) {
    return key == null ? null : (V) snapshot.get(key);
  }

  @Override
  public boolean isEmpty() {
    return snapshot.isEmpty();
  }

  @Override
  public int size() {
    return snapshot.size();
  }

  /** Does nothing when empty; otherwise throws, the map being frozen. */
  @Override
  public void clear() {
    if (!isEmpty()) {
      throw frozen();
    }
  }

  /** Does nothing: the map is always frozen. */
  @Override
  public void freeze() {}

  /** Returns true. */
  @Override
  public boolean isFrozen() {
    return true;
  }

  /** Throws: the map is frozen. */
  @Override
  public void putAll(ReadOnlyStringMap source) {
    throw frozen();
  }

  /** Throws: the map is frozen. */
  @Override
  public void putValue(String key, Object value) {
    throw frozen();
  }

  /** Does nothing for an absent key; otherwise throws, the map being frozen. */
  @Override
  public void remove(String key) {
    if (containsKey(key)) {
      throw frozen();
    }
  }

  private static UnsupportedOperationException frozen() {
    return new UnsupportedOperationException("LogContext fields are immutable");
  }

  /** Equal to any {@link ReadOnlyStringMap} with the same string form, as Log4j's maps are. */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    return other instanceof ReadOnlyStringMap
        && ((ReadOnlyStringMap) other).size() == size()
        && toMap().equals(((ReadOnlyStringMap) other).toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return snapshot.toString();
  }

  private Object writeReplace() throws ObjectStreamException {
    SortedArrayStringMap copy = new SortedArrayStringMap(Math.max(1, snapshot.size()));
    for (int i = 0; i < snapshot.size(); i++) {
      copy.putValue(snapshot.keyAt(i), snapshot.valueAt(i));
    }
    copy.freeze();
    return copy;
  }
}
