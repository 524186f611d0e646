package dev.logcontext.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.logcontext.EventFields;
import dev.logcontext.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Logback appender that keeps every event with the context that was current on the logging thread
 * when it was appended (the appender runs synchronously, on that thread), as the MDC bridge gives
 * it to events: with the fields of the event field sources.
 */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {
  /**
   * One logged line; {@code failure} lists the messages of the throwable's causes, empty when none.
   */
  public record Line(
      String logger,
      Level level,
      String thread,
      String message,
      String failure,
      Snapshot context) {}

  private static final ConcurrentLinkedQueue<Line> LINES = new ConcurrentLinkedQueue<>();

  @Override
  protected void append(ILoggingEvent event) {
    LINES.add(
        new Line(
            event.getLoggerName(),
            event.getLevel(),
            event.getThreadName(),
            event.getFormattedMessage(),
            failure(event.getThrowableProxy()),
            EventFields.capture()));
  }

  private static String failure(IThrowableProxy throwable) {
    StringBuilder out = new StringBuilder();
    for (int depth = 0; throwable != null && depth < 16; depth++) {
      out.append(" / ")
          .append(throwable.getClassName())
          .append(": ")
          .append(throwable.getMessage());
      throwable = throwable.getCause();
    }
    return out.toString();
  }

  static List<Line> lines() {
    return new ArrayList<>(LINES);
  }

  static void clear() {
    LINES.clear();
  }
}
