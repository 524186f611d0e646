package dev.logcontext.junit;

import dev.logcontext.ContextKey;
import dev.logcontext.Snapshot;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
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
  private static final String JSON_LAYOUT = "dev.logcontext.log4j2.LogContextJsonLayout";

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
            fields.snapshot,
            jsonOf(event)));
  }

  /** Returns the line the root logger's configured layout writes for {@code event}, or null. */
  private String jsonOf(LogEvent event) {
    Layout<?> chosen = null;
    for (Appender appender : context.getConfiguration().getRootLogger().getAppenders().values()) {
      Layout<?> layout = appender == this ? null : appender.getLayout();
      if (layout != null) {
        if (layout.getClass().getName().equals(JSON_LAYOUT)) {
          chosen = layout;
          break;
        }
        if (chosen == null) {
          chosen = layout;
        }
      }
    }
    if (chosen == null) {
      return null;
    }
    try {
      return Lines.text(chosen.toByteArray(event));
    } catch (RuntimeException e) {
      return null;
    }
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
