package dev.logcontext.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import dev.logcontext.json.EventView;
import dev.logcontext.json.buffer.RequiredFields;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Exposes a Logback event to the JSON writer. The context is the snapshot captured with the event
 * (through {@link LogContextMDCAdapter}); an MDC map from another adapter is passed as plain MDC
 * fields. Reusable: {@link #reset} points it at an event and {@link #clear} drops every reference;
 * the encoder's {@link dev.logcontext.json.BoundedPool} hands views out. Not thread-safe: one
 * encode call owns a view at a time.
 */
final class LogbackEventView implements EventView {
  /** {@code LoggingEvent.mdcPropertyMap}, read to see whether the event has read its MDC yet. */
  private static final VarHandle MDC_MAP = field("mdcPropertyMap", Map.class);

  /** {@code LoggingEvent.loggerContext}, whose MDC adapter the event reads its MDC from. */
  private static final VarHandle LOGGER_CONTEXT = field("loggerContext", LoggerContext.class);

  private ILoggingEvent event;
  private Map<String, String> mdc;
  private Snapshot snapshot;
  private List<KeyValuePair> keyValues;
  private List<Marker> markers;

  /** The context with {@code context_missing} added, when the encoder flagged the event. */
  private Snapshot flagged;

  /** A view without an event; {@link #reset} before use. */
  LogbackEventView() {}

  /**
   * Points this view at {@code next}. Reads nothing yet: the writer calls the accessors inside its
   * own error handling.
   */
  LogbackEventView reset(ILoggingEvent next) {
    clear();
    this.event = next;
    return this;
  }

  /** Drops every reference to the last event. */
  void clear() {
    event = null;
    mdc = null;
    snapshot = null;
    keyValues = null;
    markers = null;
    flagged = null;
  }

  /** Writes {@code missing} as the context field {@code context_missing} of this event. */
  void flagMissing(List<String> missing) {
    flagged = context().with(RequiredFields.CONTEXT_MISSING, missing);
  }

  /**
   * A handle on {@code LoggingEvent}'s field {@code name}, or null where it is not accessible
   * (Logback on the module path, a Logback without that field).
   */
  static VarHandle field(String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(LoggingEvent.class, MethodHandles.lookup())
          .findVarHandle(LoggingEvent.class, name, type);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Reads the event's context. A {@code LoggingEvent} reads its MDC lazily, on the thread that
   * first asks, from its context's adapter; when that adapter is ours and the event has not read it
   * yet, what it would read is the snapshot current on this thread, so that snapshot is taken
   * directly, without the map view over it (and without setting the event's map: whoever asks later
   * on this thread gets the same snapshot).
   */
  private void readMdc() {
    if (mdc == null) {
      if (MDC_MAP != null
          && LOGGER_CONTEXT != null
          && event.getClass() == LoggingEvent.class
          && MDC_MAP.get((LoggingEvent) event) == null) {
        Object context = LOGGER_CONTEXT.get((LoggingEvent) event);
        if (context != null
            && ((LoggerContext) context).getMDCAdapter() instanceof LogContextMDCAdapter) {
          mdc = Map.of();
          snapshot = LogContext.capture();
          return;
        }
      }
      Map<String, String> map = event.getMDCPropertyMap();
      mdc = map == null ? Map.of() : map;
      snapshot = LogContextMDCAdapter.snapshotOf(mdc);
    }
  }

  @Override
  public long timestampMillis() {
    return event.getTimeStamp();
  }

  @Override
  public String levelName() {
    return event.getLevel().levelStr;
  }

  @Override
  public int levelValue() {
    return event.getLevel().levelInt;
  }

  @Override
  public String loggerName() {
    return event.getLoggerName();
  }

  @Override
  public String threadName() {
    return event.getThreadName();
  }

  @Override
  public CharSequence message() {
    return event.getFormattedMessage();
  }

  /**
   * Formats the pattern and arguments of a {@code LoggingEvent} straight into the writer's buffer
   * when the formatted message is not computed yet ({@link Slf4jMessages}); false otherwise.
   */
  @Override
  public boolean appendMessage(Appendable out) throws IOException {
    return Slf4jMessages.append(event, out);
  }

  @Override
  public Snapshot context() {
    if (flagged != null) {
      return flagged;
    }
    readMdc();
    return snapshot != null ? snapshot : Snapshot.empty();
  }

  @Override
  public Map<String, ?> mdcFields() {
    readMdc();
    return snapshot == null && !mdc.isEmpty() ? mdc : null;
  }

  @Override
  public int keyValueCount() {
    keyValues = event.getKeyValuePairs();
    return keyValues == null ? 0 : keyValues.size();
  }

  @Override
  public String keyValueKey(int index) {
    return keyValues.get(index).key;
  }

  @Override
  public Object keyValueValue(int index) {
    return keyValues.get(index).value;
  }

  @Override
  public int markerCount() {
    markers = event.getMarkerList();
    return markers == null ? 0 : markers.size();
  }

  @Override
  public String markerName(int index) {
    return markers.get(index).getName();
  }

  /**
   * Returns the original throwable. Events that crossed a process boundary carry only a serialized
   * proxy, which has no {@code Throwable}: their stack trace is not written.
   */
  @Override
  public Throwable throwable() {
    IThrowableProxy proxy = event.getThrowableProxy();
    return proxy instanceof ThrowableProxy ? ((ThrowableProxy) proxy).getThrowable() : null;
  }
}
