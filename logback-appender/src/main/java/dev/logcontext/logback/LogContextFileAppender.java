package dev.logcontext.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;

/**
 * Logback's {@link FileAppender} that, with a {@link LogContextJsonEncoder}, writes each line from
 * the encoder's pooled buffer straight into the file's stream: no {@code byte[]} per event, the
 * same bytes. Configure it like {@code FileAppender}:
 *
 * <pre>{@code
 * <appender name="FILE" class="dev.logcontext.logback.LogContextFileAppender">
 *   <file>logs/app.json</file>
 *   <encoder class="dev.logcontext.logback.LogContextJsonEncoder"/>
 * </appender>
 * }</pre>
 *
 * <p>With any other encoder, or in prudent mode (which locks the file for each write), it behaves
 * exactly as {@code FileAppender}.
 *
 * <p>Thread-safety: as {@code FileAppender}; events are encoded without a lock, and only the write
 * to the stream holds the appender's stream lock. Bad input: as {@link LogContextJsonEncoder}; an
 * {@link IOException} from the stream is handled as Logback handles it (an error status, and the
 * appender stops).
 */
public final class LogContextFileAppender extends FileAppender<ILoggingEvent> {
  private final DirectLines lines = new DirectLines(this, streamWriteLock, () -> started = false);

  /** Creates the appender; Logback calls this. */
  public LogContextFileAppender() {}

  /**
   * As Logback's, except that with our encoder the event is not prepared for deferred processing
   * first: the encoder reads it in full right away, on this thread (see {@link DirectLines}).
   */
  @Override
  protected void subAppend(ILoggingEvent event) {
    if (isPrudent() || !lines.subAppend(event)) {
      super.subAppend(event);
    }
  }
}
