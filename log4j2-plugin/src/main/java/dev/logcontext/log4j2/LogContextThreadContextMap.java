package dev.logcontext.log4j2;

import dev.logcontext.EventFields;
import dev.logcontext.LegacyBindings;
import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import dev.logcontext.log4j2.internal.SnapshotStringMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.spi.ObjectThreadContextMap;
import org.apache.logging.log4j.spi.ReadOnlyThreadContextMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * A Log4j {@code ThreadContextMap} backed by LogContext: {@code ThreadContext.put}, {@code
 * CloseableThreadContext} and SLF4J's {@code MDC.put} on Log4j bind fields in the current context,
 * and {@code ThreadContext.get} reads the fields bound with {@code LogContext.with(..)}. The fields
 * then travel with {@code LogContext.capture()} and the propagating executors like any other.
 *
 * <p>Enable it before Log4j starts, as a system property or in {@code log4j2.component.properties}:
 *
 * <pre>{@code
 * log4j2.threadContextMap=dev.logcontext.log4j2.LogContextThreadContextMap
 * }</pre>
 *
 * <p>Semantics: each {@code put}, {@code putAll}, {@code remove}, {@code removeAll} and {@code
 * clear} is a binding inside the innermost open LogContext scope of the calling thread (or at its
 * top level): it lasts until undone or until that scope closes, and it never changes a snapshot
 * already captured. {@code putValue} keeps typed values (numbers, booleans, maps, ...); {@code put}
 * stores strings, as the {@code ThreadContext} API does. A null value removes the key; a null key
 * is ignored (this map never throws into the application). {@code CloseableThreadContext} restores
 * previous values through {@code ThreadContext.get}, that is as strings; a {@code LogContext.with}
 * scope restores exactly.
 *
 * <p>How fields reach events, once: log4j-core's own context data provider reads this map's {@link
 * #getReadOnlyContextData()}, the current snapshot as a frozen {@code StringMap} with typed values,
 * on the logging thread (async loggers included); {@link LogContextDataProvider} sees that this map
 * is installed and supplies nothing, so no field is supplied twice. This class deliberately does
 * not implement Log4j's {@code CopyOnWrite} marker: with two context data providers (log4j-core's
 * and ours) the copy-on-write injector allocates a new map for every event, whereas the injector
 * Log4j then picks copies the fields into the event's reusable map without allocating.
 *
 * <p>Thread-safety: every method acts on the calling thread's context only. Requires a public
 * no-argument constructor, as Log4j instantiates it by name.
 */
public final class LogContextThreadContextMap
    implements ObjectThreadContextMap, ReadOnlyThreadContextMap {

  /** Creates the map; it holds no state of its own. */
  public LogContextThreadContextMap() {}

  @Override
  public void put(String key, String value) {
    if (key != null) {
      LegacyBindings.put(key, value);
    }
  }

  @Override
  public <V> void putValue(String key, V value) {
    if (key != null) {
      LegacyBindings.put(key, value);
    }
  }

  @Override
  public void putAll(Map<String, String> map) {
    putAllValues(map);
  }

  @Override
  public <V> void putAllValues(Map<String, V> values) {
    if (values == null || values.isEmpty()) {
      return;
    }
    for (String key : values.keySet()) {
      if (key == null) {
        // Log4j skips null keys; the rest, typed copies included, bind as LegacyBindings says.
        Map<String, V> named = new LinkedHashMap<>(values);
        named.remove(null);
        LegacyBindings.putAll(named);
        return;
      }
    }
    LegacyBindings.putAll(values);
  }

  @Override
  public String get(String key) {
    return LegacyBindings.getString(key);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> V getValue(String key) {
    return key == null ? null : (V) LogContext.get(key);
  }

  @Override
  public void remove(String key) {
    if (key != null) {
      LegacyBindings.remove(key);
    }
  }

  @Override
  public void removeAll(Iterable<String> keys) {
    if (keys == null) {
      return;
    }
    for (String key : keys) {
      remove(key);
    }
  }

  /** Removes every field from the current context, until the enclosing scope closes. */
  @Override
  public void clear() {
    LegacyBindings.clear();
  }

  @Override
  public boolean containsKey(String key) {
    return key != null && LogContext.capture().contains(key);
  }

  @Override
  public boolean isEmpty() {
    return LogContext.capture().isEmpty();
  }

  /**
   * Returns a mutable copy of the current fields as strings; never null. Handed back to {@link
   * #putAll} (as SLF4J's {@code MDC.setContextMap} over Log4j does, on any thread), it restores the
   * typed values of every entry left as copied.
   */
  @Override
  public Map<String, String> getCopy() {
    return LegacyBindings.copyOfStrings();
  }

  /** Returns an unmodifiable string view of the current fields (no copy), or null when empty. */
  @Override
  public Map<String, String> getImmutableMapOrNull() {
    Snapshot snapshot = LogContext.capture();
    return snapshot.isEmpty() ? null : snapshot.asStringMap();
  }

  /**
   * Returns the context of an event created now as a frozen {@code StringMap} with typed values:
   * the current snapshot with the fields of the {@link EventFields} sources (log4j-core's context
   * data provider asks on the thread that logs). It never changes and creating it copies nothing.
   */
  @Override
  public StringMap getReadOnlyContextData() {
    return SnapshotStringMap.of(EventFields.capture());
  }

  @Override
  public String toString() {
    return "LogContextThreadContextMap" + LogContext.capture();
  }
}
