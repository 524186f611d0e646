package dev.logcontext.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.logcontext.json.BoundedPool;
import dev.logcontext.json.ByteSink;
import dev.logcontext.json.JsonEventWriter;
import dev.logcontext.json.JsonFormat;
import dev.logcontext.json.buffer.RequiredFields;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A Logback encoder that writes each event as one line of JSON with the event's context fields,
 * typed, at the top level:
 *
 * <pre>{@code
 * <appender name="JSON" class="dev.logcontext.logback.LogContextConsoleAppender">
 *   <encoder class="dev.logcontext.logback.LogContextJsonEncoder">
 *     <preset>ecs</preset>                       <!-- optional; default: logstash names -->
 *     <staticFields>service=orders,env=prod</staticFields>
 *   </encoder>
 * </appender>
 * }</pre>
 *
 * <p>It works in any Logback appender. In {@link LogContextConsoleAppender} and {@link
 * LogContextFileAppender} (Logback's console and file appenders) each line goes from the encoder's
 * reused buffer straight into the stream; Logback's own appenders ask for a new array per line.
 *
 * <p>Every option is a plain setter, so it can be set from {@code logback.xml}; see the setters for
 * names and defaults. Each setter hands its value, by the option's name, to {@link
 * JsonFormat.Builder#option(String, String)}, the option table shared with the Log4j2 layout (lists
 * are comma-separated, {@code \,} is a comma inside an item). Options are read once, at {@link
 * #start()}, and compiled into a fixed plan; changing them afterwards has no effect until the next
 * start. A bad option is reported once, as an error status naming it and its value, and replaced by
 * its default, so that logging goes on as complete, valid JSON.
 *
 * <p>If Logback's own MDC adapter is in use (the application did not select {@link
 * LogContextServiceProvider}), {@code start()} installs LogContext's ({@link LogContextMdc}) and
 * records an INFO status saying so, which Logback shows with {@code <configuration debug="true">}
 * and otherwise keeps to itself; only a failure to install is reported as an error.
 *
 * <p>Thread-safety: {@code encode} may be called by many threads at once (Logback 1.5 calls it
 * without a lock). Bad input: an exception while encoding never reaches the application; the event
 * is written in a minimal valid form and the first such failure is reported as an error status.
 */
public final class LogContextJsonEncoder extends EncoderBase<ILoggingEvent> {
  private static final byte[] NOT_STARTED =
      "{\"encoder_error\":\"LogContextJsonEncoder not started\"}\n"
          .getBytes(StandardCharsets.UTF_8);
  private final JsonFormat.Builder options = JsonFormat.builder();
  private final AtomicBoolean failureReported = new AtomicBoolean();
  private final AtomicLong failures = new AtomicLong();
  private volatile JsonEventWriter writer;
  private String requiredFieldsOption;

  /** Null while the lost-context diagnostic is off: the encode path then checks nothing. */
  private volatile RequiredFields requiredFields;

  private final BoundedPool<LogbackEventView> views =
      new BoundedPool<>(LogbackEventView::new, LogbackEventView::clear);

  /** Creates an encoder with the default (logstash) format; Logback calls this. */
  public LogContextJsonEncoder() {}

  /** Selects the field-name preset: {@code logstash} (default) or {@code ecs}. */
  public void setPreset(String preset) {
    options.option("preset", preset);
  }

  /**
   * Renames standard fields, e.g. {@code logger=logger,thread=thread}; ids: timestamp, level,
   * level_value, message, ecs_version, logger, thread, tags, error_type, error_message,
   * stack_trace.
   */
  public void setFieldNames(String spec) {
    options.option("fieldNames", spec);
  }

  /** Turns on standard fields that are off by default, e.g. {@code level_value,error_type}. */
  public void setIncludeFields(String ids) {
    options.option("includeFields", ids);
  }

  /** Turns off standard fields, e.g. {@code thread,tags}. */
  public void setExcludeFields(String ids) {
    options.option("excludeFields", ids);
  }

  /** Adds constant fields to every event, e.g. {@code service=orders,env=prod,version=1.4.2}. */
  public void setStaticFields(String spec) {
    options.option("staticFields", spec);
  }

  /** Writes only these context, MDC and key-value keys (comma-separated). */
  public void setIncludeKeys(String keys) {
    options.option("includeKeys", keys);
  }

  /** Leaves out these context, MDC and key-value keys (comma-separated). */
  public void setExcludeKeys(String keys) {
    options.option("excludeKeys", keys);
  }

  /** Writes context fields inside one object with this name instead of at the top level. */
  public void setNestContextUnder(String name) {
    options.option("nestContextUnder", name);
  }

  /** Sets the prefix given to a field whose name a standard field already uses (default ctx_). */
  public void setCollisionPrefix(String prefix) {
    options.option("collisionPrefix", prefix);
  }

  /** Caps every string at this many chars, with a visible marker (default 16384; 0 = off). */
  public void setMaxStringLength(int chars) {
    options.option("maxStringLength", Integer.toString(chars));
  }

  /** Caps every line at this many bytes, still valid JSON (default 0 = off). */
  public void setMaxEventBytes(int bytes) {
    options.option("maxEventBytes", Integer.toString(bytes));
  }

  /**
   * Sets the key fragments whose values are redacted, ignoring case (default {@code
   * password,token,authorization,secret,cookie}; empty turns redaction off).
   */
  public void setRedactKeys(String fragments) {
    options.option("redactKeys", fragments);
  }

  /** Sets what replaces a redacted value (default {@code [redacted]}). */
  public void setRedactionReplacement(String replacement) {
    options.option("redactionReplacement", replacement);
  }

  /** Limits the frames written per throwable (0 = all). */
  public void setMaxStackDepthPerThrowable(int frames) {
    options.option("maxStackDepthPerThrowable", Integer.toString(frames));
  }

  /** Shortens class names in stack traces to about this many chars (0 = full names). */
  public void setShortenedClassNameLength(int chars) {
    options.option("shortenedClassNameLength", Integer.toString(chars));
  }

  /**
   * Adds one regex, as written ({@code <frameExclusion>} once per regex in {@code logback.xml});
   * frames whose {@code class.method} it finds are omitted and counted.
   */
  public void addFrameExclusion(String regex) {
    options.option("frameExclusion", regex);
  }

  /**
   * Adds frame exclusion regexes, comma-separated; a comma inside a regex is written {@code \,}
   * ({@code a{1\,3}}), see {@link JsonFormat.Builder#option(String, String)}.
   */
  public void setFrameExclusions(String regexes) {
    options.option("frameExclusions", regexes);
  }

  /** Writes the root cause first in stack traces. */
  public void setRootCauseFirst(boolean rootCauseFirst) {
    options.option("rootCauseFirst", Boolean.toString(rootCauseFirst));
  }

  /** Caps the whole stack trace at this many chars (0 = no cap beyond maxStringLength). */
  public void setMaxStackTraceLength(int chars) {
    options.option("maxStackTraceLength", Integer.toString(chars));
  }

  /** Sets the {@code ecs.version} written by the ecs preset. */
  public void setEcsVersion(String version) {
    options.option("ecsVersion", version);
  }

  /**
   * Names the fields every line must carry, e.g. {@code correlation_id} (comma-separated; default:
   * the system property {@code logcontext.requiredFields}, else none, and the check is off). A line
   * without one of them is written with {@code "context_missing":["correlation_id"]}, and the first
   * such line per logger and thread-name prefix (the thread name without its trailing digits) is
   * reported once as a warning status with the stack of the logging call; in strict mode its cause
   * is where the thread was created by a thread that had context. A name outside the key rule is an
   * error status and leaves the check off.
   */
  public void setRequiredFields(String names) {
    this.requiredFieldsOption = names;
  }

  @Override
  public void start() {
    if (getContext() instanceof LoggerContext
        && !LogContextMdc.isInstalled((LoggerContext) getContext())) {
      String failure = LogContextMdc.install((LoggerContext) getContext());
      if (failure == null) {
        addInfo(
            "installed LogContext as the MDC of SLF4J and Logback (it was Logback's own);"
                + " start the JVM with -Dslf4j.provider="
                + LogContextServiceProvider.class.getName()
                + " to have it before Logback configures itself");
      } else {
        addError("cannot install LogContext as Logback's MDC: " + failure);
      }
    }
    try {
      requiredFields =
          RequiredFields.parse(requiredFieldsOption, System.getProperty(RequiredFields.PROPERTY));
    } catch (IllegalArgumentException e) {
      requiredFields = null;
      addError("LogContextJsonEncoder: invalid option " + e.getMessage());
    }
    writer =
        JsonEventWriter.create(
            options
                .errorListener(reportOnce())
                .build(problem -> addError("LogContextJsonEncoder: invalid option " + problem)));
    super.start();
  }

  private Consumer<Throwable> reportOnce() {
    return failure -> {
      failures.incrementAndGet();
      if (failureReported.compareAndSet(false, true)) {
        addError(
            "failed to encode a value or an event: the value was written as a [value failed: …]"
                + " marker, or the event in minimal form (further failures are counted, not"
                + " reported)",
            failure);
      }
    };
  }

  /** Returns the format of the last {@link #start()}, or null before the first. For tests. */
  JsonFormat format() {
    JsonEventWriter current = writer;
    return current == null ? null : current.format();
  }

  /**
   * Returns how many values had to be written as a failure marker, or events in minimal form, since
   * start.
   */
  public long failureCount() {
    return failures.get();
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  /**
   * Returns one JSON object and a newline, UTF-8, in a new array (Logback's {@code Encoder}
   * contract). {@link #encode(ILoggingEvent, Object, ByteSink)} writes the same line without the
   * array.
   */
  @Override
  public byte[] encode(ILoggingEvent event) {
    JsonEventWriter current = writer;
    if (current == null) {
      return NOT_STARTED.clone();
    }
    LogbackEventView view = views.acquire().reset(event);
    try {
      RequiredFields required = requiredFields;
      if (required != null) {
        checkRequired(required, view);
      }
      return current.encode(view);
    } finally {
      views.release(view);
    }
  }

  /**
   * Encodes {@code event} and hands the line (one JSON object and a newline, UTF-8) to {@code sink}
   * in one call, {@code sink.write(target, bytes, 0, length)}; returns the length. Nothing is
   * allocated per event in the steady state: the bytes are in a pooled buffer that is reused once
   * the sink returns, so the sink must copy them (into a stream, a buffer) and keep no reference.
   * {@link LogContextConsoleAppender} and {@link LogContextFileAppender} write through this.
   *
   * <p>Thread-safety and bad input as for {@link #encode(ILoggingEvent)}; exceptions thrown by the
   * sink propagate to the caller.
   */
  public <T> int encode(ILoggingEvent event, T target, ByteSink<T> sink) {
    JsonEventWriter current = writer;
    if (current == null) {
      sink.write(target, NOT_STARTED.clone(), 0, NOT_STARTED.length);
      return NOT_STARTED.length;
    }
    LogbackEventView view = views.acquire().reset(event);
    try {
      RequiredFields required = requiredFields;
      if (required != null) {
        checkRequired(required, view);
      }
      return current.encode(view, target, sink);
    } finally {
      views.release(view);
    }
  }

  /** Flags a line without a required field, and reports the first per logger and thread prefix. */
  private void checkRequired(RequiredFields required, LogbackEventView view) {
    try {
      List<String> missing = required.missing(view);
      if (missing != null) {
        view.flagMissing(missing);
        Throwable report = required.reportOnce(view.loggerName(), view.threadName(), missing);
        if (report != null) {
          addWarn(report.getMessage(), report);
        }
      }
    } catch (RuntimeException e) {
      // The writer reads the same parts again inside its own error handling.
    }
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
