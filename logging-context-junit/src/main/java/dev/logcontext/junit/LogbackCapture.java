package dev.logcontext.junit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import dev.logcontext.ContextKey;
import dev.logcontext.Snapshot;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * An appender on Logback's root logger that turns every event into a {@link LoggedEvent}. Loaded
 * only after {@link LogCapture} has found Logback on the class path, so the kit works without it.
 */
final class LogbackCapture extends UnsynchronizedAppenderBase<ILoggingEvent>
    implements AutoCloseable {
  private static final String JSON_ENCODER = "dev.logcontext.logback.LogContextJsonEncoder";

  private final Consumer<LoggedEvent> sink;
  private final Logger root;

  private LogbackCapture(Consumer<LoggedEvent> sink, Logger root) {
    this.sink = sink;
    this.root = root;
  }

  /** Attaches a capturing appender to the root logger when SLF4J is bound to Logback, else null. */
  static AutoCloseable attach(Consumer<LoggedEvent> sink) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return null;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LogbackCapture appender = new LogbackCapture(sink, root);
    appender.setContext(context);
    appender.setName("logcontext-junit-capture-" + System.identityHashCode(appender));
    appender.start();
    root.addAppender(appender);
    return appender;
  }

  @Override
  protected void append(ILoggingEvent event) {
    sink.accept(
        new LoggedEvent(
            String.valueOf(event.getLevel()),
            String.valueOf(event.getLoggerName()),
            String.valueOf(event.getFormattedMessage()),
            String.valueOf(event.getThreadName()),
            throwableOf(event.getThrowableProxy()),
            contextOf(event),
            jsonOf(event)));
  }

  /** Returns the line the root logger's configured encoder writes for {@code event}, or null. */
  private String jsonOf(ILoggingEvent event) {
    Encoder<ILoggingEvent> chosen = null;
    Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders();
    while (appenders.hasNext()) {
      Appender<ILoggingEvent> appender = appenders.next();
      if (appender != this
          && appender instanceof OutputStreamAppender<ILoggingEvent> output
          && output.getEncoder() != null) {
        Encoder<ILoggingEvent> encoder = output.getEncoder();
        if (encoder.getClass().getName().equals(JSON_ENCODER)) {
          chosen = encoder;
          break;
        }
        if (chosen == null) {
          chosen = encoder;
        }
      }
    }
    if (chosen == null) {
      return null;
    }
    try {
      return Lines.text(chosen.encode(event));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Throwable throwableOf(IThrowableProxy proxy) {
    return proxy instanceof ThrowableProxy throwableProxy ? throwableProxy.getThrowable() : null;
  }

  private static Snapshot contextOf(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    Snapshot context = mdc == null ? null : Snapshot.behind(mdc);
    if (context == null) {
      context = Snapshot.empty();
      if (mdc != null) {
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
          context = withValid(context, entry.getKey(), entry.getValue());
        }
      }
    }
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (int i = 0; i < pairs.size(); i++) {
        KeyValuePair pair = pairs.get(i);
        context = withValid(context, pair.key, pair.value);
      }
    }
    return context;
  }

  /** Adds a field unless its key is not a valid field name or its value is null. */
  private static Snapshot withValid(Snapshot context, String key, Object value) {
    return key != null && value != null && ContextKey.isValidName(key)
        ? context.with(key, value)
        : context;
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}
