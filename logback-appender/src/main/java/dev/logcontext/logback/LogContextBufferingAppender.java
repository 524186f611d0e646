package dev.logcontext.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import dev.logcontext.ContextKey;
import dev.logcontext.RequestEnd;
import dev.logcontext.Snapshot;
import dev.logcontext.json.buffer.RequestBuffers;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;

/**
 * Holds each request's debug lines and writes them only when that request fails: events at or below
 * {@code bufferLevel} that carry {@code requestKey} are held per request; when the request logs at
 * or above {@code triggerLevel}, what it held is written first, in its original order, with its
 * original timestamps and threads and the context field {@code "buffered":true}, then the trigger;
 * when the request ends without one, what it held is dropped and counted.
 *
 * <pre>{@code
 * <appender name="BUFFER" class="dev.logcontext.logback.LogContextBufferingAppender">
 *   <appender-ref ref="FILE"/>
 *   <triggerLevel>ERROR</triggerLevel> <bufferLevel>DEBUG</bufferLevel>
 *   <requestKey>correlation_id</requestKey>
 * </appender>
 * }</pre>
 *
 * <p>Other events (no request key, or between the two levels) go to the attached appenders at once.
 * A request ends when {@code LogContextFilter} sees it complete or when the scope that bound its
 * key closes ({@link RequestEnd}). Memory is bounded by {@code maxEvents} and {@code maxBytes}
 * (estimated: 2 bytes per message character plus 160 per event, 2,048 more with a throwable) per
 * request, {@code maxRequests} requests and {@code maxAgeSeconds}; overflow drops the oldest and
 * the next line written for that request carries {@code "buffer_dropped":n}. Held events are in
 * memory only: a process killed without stopping Logback loses them, and nothing else.
 *
 * <p>It works in front of or behind {@code AsyncAppender}: the request key is read from the context
 * captured with the event, and a held event is prepared for deferred processing (message, thread
 * name, MDC) on the thread that logged. Held events written later are copies that carry the marker
 * in their MDC, so any encoder shows it ({@code %X{buffered}}); {@link LogContextJsonEncoder}
 * writes it as {@code "buffered":true}.
 *
 * <p>Thread-safety: thread-safe; lines of one request are written under that request's lock. Bad
 * input: an unknown level, a {@code bufferLevel} not below {@code triggerLevel}, a bound that is
 * not positive or an invalid key name is an error status naming the option, and the appender does
 * not start (Logback then drops its events, as for any appender that failed to start).
 */
public final class LogContextBufferingAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
    implements AppenderAttachable<ILoggingEvent> {
  /** The context field marking a line written from the buffer. */
  static final String BUFFERED = "buffered";

  /** The context field counting the events of the request dropped before this line. */
  static final String BUFFER_DROPPED = "buffer_dropped";

  private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
  private final RequestBuffers.Output<ILoggingEvent> output = new Output();
  private String triggerLevel = "ERROR";
  private String bufferLevel = "DEBUG";
  private String requestKey = "correlation_id";
  private int maxEvents = 100;
  private long maxBytes = 32_768;
  private int maxRequests = 1_000;
  private long maxAgeSeconds = 300;
  private int triggerInt;
  private int bufferInt;
  private RequestBuffers<ILoggingEvent> buffers;
  private RequestEnd.Listener endListener;

  /** Creates an appender with the defaults; Logback calls this. */
  public LogContextBufferingAppender() {}

  /** Sets the level from which an event writes its request's held lines (default ERROR). */
  public void setTriggerLevel(String level) {
    this.triggerLevel = level;
  }

  /** Sets the highest level that is held (default DEBUG: DEBUG and TRACE; INFO holds INFO too). */
  public void setBufferLevel(String level) {
    this.bufferLevel = level;
  }

  /** Sets the context field that identifies a request (default {@code correlation_id}). */
  public void setRequestKey(String key) {
    this.requestKey = key;
  }

  /** Sets the most events held per request (default 100). */
  public void setMaxEvents(int maxEvents) {
    this.maxEvents = maxEvents;
  }

  /** Sets the most estimated bytes held per request (default 32768). */
  public void setMaxBytes(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Sets the most requests held at once (default 1000). */
  public void setMaxRequests(int maxRequests) {
    this.maxRequests = maxRequests;
  }

  /**
   * Sets how long a request is held at most, for requests whose end is never seen (default 300).
   */
  public void setMaxAgeSeconds(long seconds) {
    this.maxAgeSeconds = seconds;
  }

  @Override
  public void start() {
    Level trigger = Level.toLevel(triggerLevel, null);
    Level buffer = Level.toLevel(bufferLevel, null);
    boolean valid = true;
    if (trigger == null) {
      addError("LogContextBufferingAppender: unknown triggerLevel '" + triggerLevel + "'");
      valid = false;
    }
    if (buffer == null) {
      addError("LogContextBufferingAppender: unknown bufferLevel '" + bufferLevel + "'");
      valid = false;
    }
    if (valid && buffer.levelInt >= trigger.levelInt) {
      addError(
          "LogContextBufferingAppender: bufferLevel "
              + buffer
              + " must be below triggerLevel "
              + trigger);
      valid = false;
    }
    if (!ContextKey.isValidName(requestKey)) {
      addError("LogContextBufferingAppender: invalid requestKey '" + requestKey + "'");
      valid = false;
    }
    if (valid) {
      try {
        buffers = new RequestBuffers<>(maxEvents, maxBytes, maxRequests, maxAgeSeconds * 1000);
      } catch (IllegalArgumentException e) {
        addError("LogContextBufferingAppender: " + e.getMessage());
        valid = false;
      }
    }
    if (!valid) {
      return;
    }
    triggerInt = trigger.levelInt;
    bufferInt = buffer.levelInt;
    endListener = buffers.endListener(requestKey);
    RequestEnd.addListener(endListener);
    super.start();
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    RequestEnd.removeListener(endListener);
    buffers.clear();
    appenders.detachAndStopAllAppenders();
  }

  /** Returns what is held and dropped now; for tests and monitoring. */
  RequestBuffers.Stats stats() {
    return buffers.stats();
  }

  @Override
  protected void append(ILoggingEvent event) {
    long time = event.getTimeStamp();
    buffers.expire(time);
    Object id = requestId(event);
    if (id == null) {
      appenders.appendLoopOnAppenders(event);
      return;
    }
    int level = event.getLevel().levelInt;
    if (level >= triggerInt) {
      buffers.trigger(id, event, time, output);
    } else if (level <= bufferInt) {
      event.prepareForDeferredProcessing();
      buffers.hold(id, event, time, estimate(event));
    } else {
      buffers.pass(id, event, time, output);
    }
  }

  private Object requestId(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc == null) {
      return null;
    }
    Snapshot snapshot = LogContextMDCAdapter.snapshotOf(mdc);
    return snapshot != null ? snapshot.get(requestKey) : mdc.get(requestKey);
  }

  private static int estimate(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    return 160
        + (message == null ? 0 : 2 * message.length())
        + (event.getThrowableProxy() == null ? 0 : 2_048);
  }

  /** Returns a copy of {@code event} whose MDC also holds the buffering fields. */
  private static ILoggingEvent marked(ILoggingEvent event, boolean buffered, long dropped) {
    LoggingEvent copy = new LoggingEvent();
    copy.setLoggerName(event.getLoggerName());
    copy.setLevel(event.getLevel());
    copy.setThreadName(event.getThreadName());
    copy.setMessage(event.getFormattedMessage());
    copy.setInstant(event.getInstant());
    copy.setSequenceNumber(event.getSequenceNumber());
    copy.setLoggerContextRemoteView(event.getLoggerContextVO());
    if (event.getThrowableProxy() instanceof ThrowableProxy proxy) {
      copy.setThrowableProxy(proxy);
    }
    if (event.hasCallerData()) {
      copy.setCallerData(event.getCallerData());
    }
    List<Marker> markers = event.getMarkerList();
    if (markers != null) {
      for (Marker marker : markers) {
        copy.addMarker(marker);
      }
    }
    copy.setKeyValuePairs(event.getKeyValuePairs());
    copy.setMDCPropertyMap(markedMdc(event.getMDCPropertyMap(), buffered, dropped));
    return copy;
  }

  private static Map<String, String> markedMdc(
      Map<String, String> mdc, boolean buffered, long dropped) {
    Snapshot snapshot = mdc == null ? Snapshot.empty() : LogContextMDCAdapter.snapshotOf(mdc);
    if (snapshot != null) {
      if (buffered) {
        snapshot = snapshot.with(BUFFERED, Boolean.TRUE);
      }
      if (dropped > 0) {
        snapshot = snapshot.with(BUFFER_DROPPED, dropped);
      }
      return snapshot.asStringMap();
    }
    Map<String, String> copy = new HashMap<>(mdc);
    if (buffered) {
      copy.put(BUFFERED, "true");
    }
    if (dropped > 0) {
      copy.put(BUFFER_DROPPED, Long.toString(dropped));
    }
    return copy;
  }

  /** Writes lines to the attached appenders, marked when they come from the buffer. */
  private final class Output implements RequestBuffers.Output<ILoggingEvent> {
    @Override
    public void replay(ILoggingEvent event, long dropped) {
      appenders.appendLoopOnAppenders(marked(event, true, dropped));
    }

    @Override
    public void write(ILoggingEvent event, long dropped) {
      appenders.appendLoopOnAppenders(dropped > 0 ? marked(event, false, dropped) : event);
    }
  }

  @Override
  public void addAppender(Appender<ILoggingEvent> appender) {
    appenders.addAppender(appender);
  }

  @Override
  public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
    return appenders.iteratorForAppenders();
  }

  @Override
  public Appender<ILoggingEvent> getAppender(String name) {
    return appenders.getAppender(name);
  }

  @Override
  public boolean isAttached(Appender<ILoggingEvent> appender) {
    return appenders.isAttached(appender);
  }

  @Override
  public void detachAndStopAllAppenders() {
    appenders.detachAndStopAllAppenders();
  }

  @Override
  public boolean detachAppender(Appender<ILoggingEvent> appender) {
    return appenders.detachAppender(appender);
  }

  @Override
  public boolean detachAppender(String name) {
    return appenders.detachAppender(name);
  }
}
