package dev.logcontext.log4j2.internal;

import dev.logcontext.Snapshot;
import dev.logcontext.json.EventView;
import dev.logcontext.json.buffer.RequiredFields;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.StringBuilderFormattable;

/**
 * The JSON writer's view of one Log4j {@link LogEvent}: mutable and reused, pointed at an event
 * with {@link #reset(LogEvent)} and cleared with {@link #clear()}.
 *
 * <p>Context: when the event's context data is the snapshot itself ({@link SnapshotStringMap}), it
 * is written as the context, typed and in binding order; otherwise Log4j has copied the fields into
 * its own key-sorted map (the usual case: log4j-core merges its providers) and they are written
 * from there through {@link #mdcFields()}, still typed. Either way each field is written once.
 *
 * <p>Not thread-safe: one encode at a time.
 */
public final class LogEventView implements EventView {
  private static final int RETAINED_MESSAGE_CHARS = 16_384;

  private LogEvent event;
  private Snapshot context = Snapshot.empty();
  private Map<String, ?> mdc;
  private final ContextDataFields fields = new ContextDataFields();
  private StringBuilder text = new StringBuilder(256);

  /** Points this view at {@code logEvent}. */
  public LogEventView reset(LogEvent logEvent) {
    this.event = logEvent;
    ReadOnlyStringMap data = logEvent.getContextData();
    Snapshot snapshot = SnapshotStringMap.snapshotOf(data);
    if (snapshot != null) {
      context = snapshot;
      mdc = null;
    } else if (data == null || data.isEmpty()) {
      context = Snapshot.empty();
      mdc = null;
    } else {
      context = Snapshot.empty();
      fields.load(data);
      mdc = fields;
    }
    return this;
  }

  /** Writes {@code missing} as the context field {@code context_missing} of this event. */
  public void flagMissing(List<String> missing) {
    context = context.with(RequiredFields.CONTEXT_MISSING, missing);
  }

  /** Drops every reference to the last event. */
  public void clear() {
    event = null;
    context = Snapshot.empty();
    if (mdc != null) {
      fields.release();
      mdc = null;
    }
    if (text.capacity() > RETAINED_MESSAGE_CHARS) {
      text = new StringBuilder(256);
    } else {
      text.setLength(0);
    }
  }

  @Override
  public long timestampMillis() {
    return event.getTimeMillis();
  }

  @Override
  public String levelName() {
    return event.getLevel() == null ? null : event.getLevel().name();
  }

  /**
   * Returns Logback's number for the level (TRACE 5000, DEBUG 10000, INFO 20000, WARN 30000, ERROR
   * 40000, FATAL 50000; any other level 0), not Log4j's {@code intLevel()}: {@code level_value} is
   * the same on both backends, and Log4j's numbers run the other way (FATAL 100 ... TRACE 600).
   */
  @Override
  public int levelValue() {
    Level level = event.getLevel();
    if (level == null) {
      return 0;
    }
    return switch (level.name()) {
      case "TRACE" -> 5000;
      case "DEBUG" -> 10000;
      case "INFO" -> 20000;
      case "WARN" -> 30000;
      case "ERROR" -> 40000;
      case "FATAL" -> 50000;
      default -> 0;
    };
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
    Message message = event.getMessage();
    if (message == null) {
      return null;
    }
    if (message instanceof StringBuilderFormattable) {
      text.setLength(0);
      ((StringBuilderFormattable) message).formatTo(text);
      return text;
    }
    return message.getFormattedMessage();
  }

  @Override
  public Snapshot context() {
    return context;
  }

  @Override
  public Map<String, ?> mdcFields() {
    return mdc;
  }

  @Override
  public int markerCount() {
    return event.getMarker() == null ? 0 : 1;
  }

  @Override
  public String markerName(int index) {
    Marker marker = event.getMarker();
    if (index != 0 || marker == null) {
      throw new IndexOutOfBoundsException(index);
    }
    return marker.getName();
  }

  @Override
  public Throwable throwable() {
    return event.getThrown();
  }
}
