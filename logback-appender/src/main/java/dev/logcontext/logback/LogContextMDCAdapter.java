package dev.logcontext.logback;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.logcontext.EventFields;
import dev.logcontext.LegacyBindings;
import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import java.util.Map;
import java.util.Set;

/**
 * An SLF4J {@code MDCAdapter} backed by LogContext: {@code MDC.put} binds a field in the current
 * context (inside the innermost open scope, undone when that scope closes), {@code MDC.get} reads
 * it, and Logback events capture the current snapshot by reference instead of copying a map.
 *
 * <p>It extends Logback's own adapter so that Logback's {@code LoggingEvent} takes the no-copy path
 * ({@link #getPropertyMap()}); the deque methods ({@code pushByKey} and friends) are Logback's own,
 * unchanged. Installed by {@link LogContextServiceProvider}, or by {@link LogContextMdc#install} as
 * a fallback.
 *
 * <p>Thread-safety: every method acts on the calling thread's context only. Bad input: a null key
 * throws {@link IllegalArgumentException} as SLF4J specifies; any other key is accepted, even one
 * outside LogContext's key rule (encoders escape it); a null value removes the key.
 */
public final class LogContextMDCAdapter extends LogbackMDCAdapter {
  /** Creates the adapter; it holds no state of its own. */
  public LogContextMDCAdapter() {}

  @Override
  public void put(String key, String value) {
    LegacyBindings.put(checkKey(key), value);
  }

  @Override
  public String get(String key) {
    return LegacyBindings.getString(key);
  }

  @Override
  public void remove(String key) {
    if (key != null) {
      LegacyBindings.remove(key);
    }
  }

  @Override
  public void clear() {
    LegacyBindings.clear();
  }

  /**
   * Returns a string view over the context of an event created now: the current snapshot with the
   * fields of the {@link EventFields} sources (Logback's {@code LoggingEvent} asks on the thread
   * that logs). It never changes and copies nothing.
   */
  @Override
  public Map<String, String> getPropertyMap() {
    Snapshot snapshot = EventFields.capture();
    return snapshot.isEmpty() ? Map.of() : snapshot.asStringMap();
  }

  /**
   * Returns a mutable copy of the current fields as strings; never null. Handed back to {@link
   * #setContextMap} (on any thread), it restores the typed values of every entry left as copied.
   */
  @Override
  public Map<String, String> getCopyOfContextMap() {
    return LegacyBindings.copyOfStrings();
  }

  @Override
  public Set<String> getKeys() {
    return LogContext.capture().asMap().keySet();
  }

  /**
   * Makes the current context hold exactly {@code contextMap}; null clears it. A map from {@link
   * #getCopyOfContextMap()} keeps the typed values of the entries left as copied; any other map
   * binds strings.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public void setContextMap(Map contextMap) {
    if (contextMap == null) {
      LegacyBindings.clear();
    } else {
      LegacyBindings.replaceAll((Map<String, ?>) contextMap);
    }
  }

  /**
   * Returns the snapshot behind an event's MDC property map when this adapter produced it, else
   * null; encoders use it to write typed values.
   */
  public static Snapshot snapshotOf(Map<String, String> mdcPropertyMap) {
    return Snapshot.behind(mdcPropertyMap);
  }

  private static String checkKey(String key) {
    if (key == null) {
      throw new IllegalArgumentException("MDC key cannot be null");
    }
    return key;
  }
}
