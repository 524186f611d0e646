package dev.logcontext.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.ErrorStatus;
import dev.logcontext.json.ByteSink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes an appender's events straight from {@link LogContextJsonEncoder}'s pooled buffer into the
 * appender's output stream, instead of through a new {@code byte[]} per event.
 *
 * <p>The appenders also skip Logback's {@code prepareForDeferredProcessing()} before the write (see
 * {@link #subAppend}): it computes the formatted message, the thread name and the MDC map so that
 * the event can be read later on another thread, but our encoder reads all three at once on the
 * calling thread, where those lazy getters return the same values; skipping it lets the encoder
 * format the message straight into the line instead of through a {@code String}.
 *
 * <p>The event is encoded on the calling thread without the lock, as Logback does; only the copy
 * into the stream (and the flush, when the appender flushes immediately) holds the appender's
 * stream lock, exactly what Logback's own {@code writeOut} locks. Thread-safe.
 */
final class DirectLines {
  private static final ByteSink<DirectLines> TO_STREAM = DirectLines::write;

  private final OutputStreamAppender<ILoggingEvent> appender;
  private final ReentrantLock streamWriteLock;
  private final Runnable markStopped;

  /**
   * @param markStopped clears the appender's {@code started} flag, as Logback's {@code subAppend}
   *     does when the stream fails
   */
  DirectLines(
      OutputStreamAppender<ILoggingEvent> appender,
      ReentrantLock streamWriteLock,
      Runnable markStopped) {
    this.appender = appender;
    this.streamWriteLock = streamWriteLock;
    this.markStopped = markStopped;
  }

  /**
   * Logback's {@code subAppend} for an appender whose encoder is a {@link LogContextJsonEncoder},
   * less {@code prepareForDeferredProcessing()}: writes {@code event} if the appender is started,
   * and on a failing stream stops the appender with an error status, as Logback does. Returns
   * false, having done nothing, for any other encoder (the appender then takes Logback's path).
   */
  boolean subAppend(ILoggingEvent event) {
    Encoder<ILoggingEvent> encoder = appender.getEncoder();
    if (!(encoder instanceof LogContextJsonEncoder)) {
      return false;
    }
    if (!appender.isStarted()) {
      return true;
    }
    try {
      ((LogContextJsonEncoder) encoder).encode(event, this, TO_STREAM);
    } catch (StreamFailure failure) {
      markStopped.run();
      appender.addStatus(new ErrorStatus("IO failure in appender", appender, failure.getCause()));
    }
    return true;
  }

  private void write(byte[] bytes, int offset, int length) {
    streamWriteLock.lock();
    try {
      if (appender.isStarted()) {
        OutputStream out = appender.getOutputStream();
        out.write(bytes, offset, length);
        if (appender.isImmediateFlush()) {
          out.flush();
        }
      }
    } catch (IOException e) {
      throw new StreamFailure(e);
    } finally {
      streamWriteLock.unlock();
    }
  }

  /** Carries the stream's {@link IOException} through the encoder's sink callback. */
  private static final class StreamFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StreamFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }
}
