package dev.logcontext.junit;

import dev.logcontext.ContextKey;
import dev.logcontext.Snapshot;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.util.BiConsumer;

/**
 * An appender on the root logger of Log4j's current logger context that turns every event into a
 * {@link LoggedEvent}, reading typed values from the event's context data. Loaded only after {@link
 * LogCapture} has found log4j-core on the class path, so the kit works without it.
 */
final class Log4j2Capture extends AbstractAppender implements AutoCloseable {
  private final Consumer<LoggedEvent> sink;
  private final LoggerContext context;

  private Log4j2Capture(String name, Consumer<LoggedEvent> sink, LoggerContext context) {
    super(name, null, null, true, Property.EMPTY_ARRAY);
    this.sink = sink;
    this.context = context;
  }

  /** Attaches a capturing appender when Log4j's API is bound to log4j-core, else returns null. */
  static AutoCloseable attach(Consumer<LoggedEvent> sink) {
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
      return null;
    }
    Log4j2Capture appender = new Log4j2Capture("logcontext-junit-capture", sink, context);
    appender.start();
    context.getConfiguration().getRootLogger().addAppender(appender, null, null);
    context.updateLoggers();
    return appender;
  }

  @Override
  public void append(LogEvent event) {
    Fields fields = new Fields();
    event.getContextData().forEach(fields);
    sink.accept(
        new LoggedEvent(
            String.valueOf(event.getLevel()),
            String.valueOf(event.getLoggerName()),
            String.valueOf(event.getMessage().getFormattedMessage()),
            String.valueOf(event.getThreadName()),
            event.getThrown(),
            fields.snapshot));
  }

  @Override
  public void close() {
    context.getConfiguration().getRootLogger().removeAppender(getName());
    context.updateLoggers();
    stop();
  }

  /** Collects an event's context data, typed values kept, into a snapshot. */
  private static final class Fields implements BiConsumer<String, Object> {
    Snapshot snapshot = Snapshot.empty();

    @Override
    public void accept(String key, Object value) {
      if (key != null && value != null && ContextKey.isValidName(key)) {
        snapshot = snapshot.with(key, value);
      }
    }
  }
}
