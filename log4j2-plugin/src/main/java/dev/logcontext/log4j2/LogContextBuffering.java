package dev.logcontext.log4j2;

import dev.logcontext.ContextKey;
import dev.logcontext.RequestEnd;
import dev.logcontext.Snapshot;
import dev.logcontext.json.buffer.RequestBuffers;
import dev.logcontext.log4j2.internal.SnapshotStringMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AppenderControl;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.status.StatusLogger;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * Holds each request's debug lines and writes them only when that request fails: events at or below
 * {@code bufferLevel} that carry {@code requestKey} are held per request; when the request logs at
 * or above {@code triggerLevel}, what it held is written first, in its original order, with its
 * original timestamps and threads and the context field {@code "buffered":true}, then the trigger;
 * when the request ends without one, what it held is dropped and counted.
 *
 * <pre>{@code
 * <LogContextBuffering name="BUFFER" triggerLevel="ERROR" bufferLevel="DEBUG"
 *     requestKey="correlation_id">
 *   <AppenderRef ref="FILE"/>
 * </LogContextBuffering>
 * }</pre>
 *
 * <p>The Log4j2 twin of {@code dev.logcontext.logback.LogContextBufferingAppender}, with the same
 * attributes, defaults and bounds ({@code maxEvents} 100, {@code maxBytes} 32768, {@code
 * maxRequests} 1000, {@code maxAgeSeconds} 300), over the same {@link RequestBuffers}. It works
 * with asynchronous loggers and behind or in front of {@code <Async>}: the request key is read from
 * the event's context data, captured on the logging thread, and a held event is an immutable copy.
 * Written lines that come from the buffer are copies whose context data also holds {@code buffered}
 * (and {@code buffer_dropped} after an overflow), so every layout can show them. Held events are in
 * memory only: a process killed without stopping Log4j loses them, and nothing else.
 *
 * <p>Thread-safety: thread-safe; lines of one request are written under that request's lock. Bad
 * input: an unknown level, a {@code bufferLevel} not below {@code triggerLevel}, a bound that is
 * not positive, an invalid key name or a missing appender is reported through Log4j's status logger
 * naming the attribute, and the appender is not created.
 */
@Plugin(
    name = "LogContextBuffering",
    category = Core.CATEGORY_NAME,
    elementType = Appender.ELEMENT_TYPE,
    printObject = true)
public final class LogContextBuffering extends AbstractAppender {
  private static final String BUFFERED = "buffered";
  private static final String BUFFER_DROPPED = "buffer_dropped";

  private final Configuration configuration;
  private final AppenderRef[] refs;
  private final Level trigger;
  private final Level buffer;
  private final String requestKey;
  private final RequestBuffers<LogEvent> buffers;
  private final RequestEnd.Listener endListener;
  private final RequestBuffers.Output<LogEvent> output = new Output();
  private volatile AppenderControl[] controls = new AppenderControl[0];

  private LogContextBuffering(
      String name,
      Configuration configuration,
      AppenderRef[] refs,
      Level trigger,
      Level buffer,
      String requestKey,
      RequestBuffers<LogEvent> buffers) {
    super(name, null, null, true, Property.EMPTY_ARRAY);
    this.configuration = configuration;
    this.refs = refs;
    this.trigger = trigger;
    this.buffer = buffer;
    this.requestKey = requestKey;
    this.buffers = buffers;
    this.endListener = buffers.endListener(requestKey);
  }

  /** Returns a builder; Log4j's plugin system calls this for {@code <LogContextBuffering>}. */
  @PluginBuilderFactory
  public static Builder newBuilder() {
    return new Builder();
  }

  @Override
  public void start() {
    List<AppenderControl> found = new ArrayList<>();
    for (AppenderRef ref : refs) {
      Appender appender = configuration.getAppender(ref.getRef());
      if (appender == null) {
        StatusLogger.getLogger()
            .error("LogContextBuffering {}: no appender named '{}'", getName(), ref.getRef());
      } else {
        found.add(new AppenderControl(appender, ref.getLevel(), ref.getFilter()));
      }
    }
    controls = found.toArray(new AppenderControl[0]);
    RequestEnd.addListener(endListener);
    super.start();
  }

  @Override
  public boolean stop(long timeout, TimeUnit unit) {
    setStopping();
    RequestEnd.removeListener(endListener);
    buffers.clear();
    setStopped();
    return true;
  }

  /** Returns what is held and dropped now; for tests and monitoring. */
  RequestBuffers.Stats stats() {
    return buffers.stats();
  }

  @Override
  public void append(LogEvent event) {
    long time = event.getTimeMillis();
    buffers.expire(time);
    Object id = requestId(event);
    if (id == null) {
      forward(event);
      return;
    }
    Level level = event.getLevel();
    if (level.isMoreSpecificThan(trigger)) {
      buffers.trigger(id, event, time, output);
    } else if (level.isLessSpecificThan(buffer)) {
      LogEvent held = event.toImmutable();
      held.getThreadName(); // taken now, on the thread that logged (it is lazy)
      buffers.hold(id, held, time, estimate(held));
    } else {
      buffers.pass(id, event, time, output);
    }
  }

  private Object requestId(LogEvent event) {
    ReadOnlyStringMap data = event.getContextData();
    if (data == null) {
      return null;
    }
    Snapshot snapshot = SnapshotStringMap.snapshotOf(data);
    return snapshot != null ? snapshot.get(requestKey) : data.getValue(requestKey);
  }

  private void forward(LogEvent event) {
    for (AppenderControl control : controls) {
      control.callAppender(event);
    }
  }

  private static int estimate(LogEvent event) {
    String message = event.getMessage() == null ? null : event.getMessage().getFormattedMessage();
    return 160
        + (message == null ? 0 : 2 * message.length())
        + (event.getThrown() == null ? 0 : 2_048);
  }

  /** Returns an immutable copy of {@code event} whose context data holds the buffering fields. */
  private static LogEvent marked(LogEvent event, boolean buffered, long dropped) {
    LogEvent frozen = event.toImmutable();
    ReadOnlyStringMap data = frozen.getContextData();
    Snapshot snapshot = data == null ? Snapshot.empty() : SnapshotStringMap.snapshotOf(data);
    StringMap marked;
    if (snapshot != null) {
      if (buffered) {
        snapshot = snapshot.with(BUFFERED, Boolean.TRUE);
      }
      if (dropped > 0) {
        snapshot = snapshot.with(BUFFER_DROPPED, dropped);
      }
      marked = SnapshotStringMap.of(snapshot);
    } else {
      SortedArrayStringMap copy = new SortedArrayStringMap(data);
      if (buffered) {
        copy.putValue(BUFFERED, Boolean.TRUE);
      }
      if (dropped > 0) {
        copy.putValue(BUFFER_DROPPED, dropped);
      }
      copy.freeze();
      marked = copy;
    }
    return new Log4jLogEvent.Builder(frozen).setContextData(marked).build();
  }

  /** Writes lines to the referenced appenders, marked when they come from the buffer. */
  private final class Output implements RequestBuffers.Output<LogEvent> {
    @Override
    public void replay(LogEvent event, long dropped) {
      forward(marked(event, true, dropped));
    }

    @Override
    public void write(LogEvent event, long dropped) {
      forward(dropped > 0 ? marked(event, false, dropped) : event);
    }
  }

  /**
   * Builds a {@link LogContextBuffering} from {@code log4j2.xml}. {@link #build()} validates and
   * returns null, after reporting the attribute through Log4j's status logger, when one is bad.
   */
  public static final class Builder extends AbstractAppender.Builder<Builder>
      implements org.apache.logging.log4j.core.util.Builder<LogContextBuffering> {
    @PluginElement("AppenderRef")
    private AppenderRef[] appenderRefs;

    @PluginBuilderAttribute private String triggerLevel = "ERROR";
    @PluginBuilderAttribute private String bufferLevel = "DEBUG";
    @PluginBuilderAttribute private String requestKey = "correlation_id";
    @PluginBuilderAttribute private int maxEvents = 100;
    @PluginBuilderAttribute private long maxBytes = 32_768;
    @PluginBuilderAttribute private int maxRequests = 1_000;
    @PluginBuilderAttribute private long maxAgeSeconds = 300;

    private Builder() {}

    /** Sets the appenders the lines go to. */
    public Builder setAppenderRefs(AppenderRef... appenderRefs) {
      this.appenderRefs = appenderRefs;
      return this;
    }

    /** Sets the level from which an event writes its request's held lines (default ERROR). */
    public Builder setTriggerLevel(String triggerLevel) {
      this.triggerLevel = triggerLevel;
      return this;
    }

    /** Sets the least specific level held (default DEBUG: DEBUG and TRACE; INFO holds INFO too). */
    public Builder setBufferLevel(String bufferLevel) {
      this.bufferLevel = bufferLevel;
      return this;
    }

    /** Sets the context field that identifies a request (default {@code correlation_id}). */
    public Builder setRequestKey(String requestKey) {
      this.requestKey = requestKey;
      return this;
    }

    /** Sets the most events held per request (default 100). */
    public Builder setMaxEvents(int maxEvents) {
      this.maxEvents = maxEvents;
      return this;
    }

    /** Sets the most estimated bytes held per request (default 32768). */
    public Builder setMaxBytes(long maxBytes) {
      this.maxBytes = maxBytes;
      return this;
    }

    /** Sets the most requests held at once (default 1000). */
    public Builder setMaxRequests(int maxRequests) {
      this.maxRequests = maxRequests;
      return this;
    }

    /** Sets how long a request is held at most (default 300 seconds). */
    public Builder setMaxAgeSeconds(long maxAgeSeconds) {
      this.maxAgeSeconds = maxAgeSeconds;
      return this;
    }

    @Override
    public LogContextBuffering build() {
      StatusLogger status = StatusLogger.getLogger();
      String name = getName();
      Level trigger = Level.toLevel(triggerLevel, null);
      Level buffer = Level.toLevel(bufferLevel, null);
      boolean valid = true;
      if (trigger == null) {
        status.error("LogContextBuffering {}: unknown triggerLevel '{}'", name, triggerLevel);
        valid = false;
      }
      if (buffer == null) {
        status.error("LogContextBuffering {}: unknown bufferLevel '{}'", name, bufferLevel);
        valid = false;
      }
      if (valid && buffer.intLevel() <= trigger.intLevel()) {
        status.error(
            "LogContextBuffering {}: bufferLevel {} must be below triggerLevel {}",
            name,
            buffer,
            trigger);
        valid = false;
      }
      if (!ContextKey.isValidName(requestKey)) {
        status.error("LogContextBuffering {}: invalid requestKey '{}'", name, requestKey);
        valid = false;
      }
      if (appenderRefs == null || appenderRefs.length == 0) {
        status.error("LogContextBuffering {}: needs at least one AppenderRef", name);
        valid = false;
      }
      RequestBuffers<LogEvent> buffers = null;
      try {
        buffers = new RequestBuffers<>(maxEvents, maxBytes, maxRequests, maxAgeSeconds * 1000);
      } catch (IllegalArgumentException e) {
        status.error("LogContextBuffering {}: {}", name, e.getMessage());
        valid = false;
      }
      if (!valid) {
        return null;
      }
      return new LogContextBuffering(
          name, getConfiguration(), appenderRefs, trigger, buffer, requestKey, buffers);
    }
  }
}
