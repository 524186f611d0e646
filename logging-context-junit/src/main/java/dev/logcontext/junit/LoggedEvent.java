package dev.logcontext.junit;

import dev.logcontext.Snapshot;
import java.util.Objects;

/**
 * One event captured by {@link LogCapture}: what the logging backend received, taken when the event
 * was logged.
 *
 * <p>Thread-safety: immutable, except that {@link #throwable()} is the very throwable that was
 * logged. Bad input: the constructor throws {@link NullPointerException} for a null component other
 * than {@code throwable} and {@code json}.
 *
 * @param level the level's name as the backend spells it, such as {@code INFO} or {@code WARN}
 * @param logger the logger's name
 * @param message the formatted message, arguments substituted
 * @param thread the name of the thread that logged the event
 * @param throwable the throwable logged with the event, or null
 * @param context the event's typed fields: the context bound when it was logged, plus the event's
 *     SLF4J key-value pairs, which win over a context field of the same key
 * @param json the line the backend's configured encoder or layout writes for the event, without its
 *     line break: that of the first appender of the root logger whose encoder (Logback) or layout
 *     (Log4j2) is logging-context's JSON one, else of the first appender there with an encoder or
 *     layout at all; null when there is none, or when encoding failed
 */
public record LoggedEvent(
    String level,
    String logger,
    String message,
    String thread,
    Throwable throwable,
    Snapshot context,
    String json) {
  /** Checks that every component but {@code throwable} and {@code json} is present. */
  public LoggedEvent {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(logger, "logger");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(thread, "thread");
    Objects.requireNonNull(context, "context");
  }

  /**
   * Returns the event as {@code LEVEL logger [thread] "message" {fields}}, for failure messages.
   */
  @Override
  public String toString() {
    String text = level + ' ' + logger + " [" + thread + "] \"" + message + "\" " + context;
    return throwable == null ? text : text + " " + throwable;
  }
}
