package dev.logcontext.log4j2;

import dev.logcontext.EventFields;
import dev.logcontext.Snapshot;
import dev.logcontext.log4j2.internal.SnapshotStringMap;
import java.util.Map;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.impl.ContextDataFactory;
import org.apache.logging.log4j.core.util.ContextDataProvider;
import org.apache.logging.log4j.util.StringMap;

/**
 * Puts the current LogContext fields into the context data of every Log4j event, with the fields of
 * the {@link EventFields} sources. Log4j calls it on the thread that logs, when the event is
 * created (async loggers and the {@code Async} appender included), so each event carries the
 * snapshot that was current where it was logged.
 *
 * <p>Registered through {@code ServiceLoader} ({@code
 * META-INF/services/org.apache.logging.log4j.core.util.ContextDataProvider}); nothing to configure.
 *
 * <p>When {@link LogContextThreadContextMap} is Log4j's {@code ThreadContextMap}, the same fields
 * already arrive through log4j-core's ThreadContext provider, so this provider supplies nothing:
 * one mechanism at a time, never a field twice. That is the recommended setup: Log4j's injector
 * then reads {@link #supplyStringMap()}-style typed data. Without it, Log4j's default {@code
 * ThreadContextMap} makes Log4j merge providers through {@link #supplyContextData()}, a {@code
 * Map<String, String>}, so values reach events as strings.
 *
 * <p>Thread-safety: stateless; safe for concurrent use.
 */
public final class LogContextDataProvider implements ContextDataProvider {

  /** Creates the provider; {@code ServiceLoader} calls this. */
  public LogContextDataProvider() {}

  /**
   * Returns the current fields as strings (a view, no copy); empty when the bridge supplies them.
   */
  @Override
  public Map<String, String> supplyContextData() {
    if (bridged()) {
      return Map.of();
    }
    Snapshot snapshot = EventFields.capture();
    return snapshot.isEmpty() ? Map.of() : snapshot.asStringMap();
  }

  /**
   * Returns the current snapshot as a frozen {@code StringMap} with typed values (no copy); empty
   * when the bridge supplies the fields.
   */
  @Override
  public StringMap supplyStringMap() {
    if (bridged()) {
      return ContextDataFactory.emptyFrozenContextData();
    }
    return SnapshotStringMap.of(EventFields.capture());
  }

  /** Returns the typed value of {@code key} in the current context, or null. */
  @Override
  public Object getValue(String key) {
    return key == null || bridged() ? null : EventFields.capture().get(key);
  }

  /** Returns whether {@link LogContextThreadContextMap} is installed and supplies the fields. */
  static boolean bridged() {
    return ThreadContext.getThreadContextMap() instanceof LogContextThreadContextMap;
  }
}
