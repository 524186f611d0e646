package dev.logcontext.web;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Logback appender that keeps every event with the context that was current on the logging thread
 * when it was appended (the appender runs synchronously, on that thread).
 */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {
  /** One logged line. */
  public record Line(String logger, String thread, String message, Snapshot context) {}

  private static final ConcurrentLinkedQueue<Line> LINES = new ConcurrentLinkedQueue<>();

  @Override
  protected void append(ILoggingEvent event) {
    LINES.add(
        new Line(
            event.getLoggerName(),
            event.getThreadName(),
            event.getFormattedMessage(),
            LogContext.capture()));
  }

  static List<Line> lines() {
    return new ArrayList<>(LINES);
  }

  static void clear() {
    LINES.clear();
  }
}
