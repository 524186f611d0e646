package dev.logcontext.log4j2;

import dev.logcontext.json.BoundedPool;
import dev.logcontext.json.ByteSink;
import dev.logcontext.json.JsonEventWriter;
import dev.logcontext.json.JsonFormat;
import dev.logcontext.json.buffer.RequiredFields;
import dev.logcontext.log4j2.internal.LogEventView;
import java.lang.reflect.Field;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginConfiguration;
import org.apache.logging.log4j.core.layout.AbstractLayout;
import org.apache.logging.log4j.core.layout.ByteBufferDestination;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Writes each Log4j event as one JSON line (UTF-8, {@code \n}-terminated) through the project's
 * shared JSON writer: the same fields, names, typing, collision and safety rules as the Logback
 * encoder, so the same event gives the same JSON on both backends.
 *
 * <pre>{@code
 * <Console name="JSON"><LogContextJsonLayout/></Console>
 * <Console name="ECS"><LogContextJsonLayout preset="ecs" staticFields="service.name=orders"/></Console>
 * }</pre>
 *
 * <p>Attributes (all optional; the same names as the Logback encoder's options): {@code preset}
 * ({@code logstash}, default, or {@code ecs}), {@code fieldNames} ({@code id=name,...}), {@code
 * includeFields} / {@code excludeFields} (field ids), {@code staticFields} ({@code k=v,...}),
 * {@code includeKeys} / {@code excludeKeys}, {@code nestContextUnder}, {@code collisionPrefix},
 * {@code maxStringLength}, {@code maxEventBytes}, {@code redactKeys} (empty disables redaction),
 * {@code redactionReplacement}, {@code maxStackDepthPerThrowable}, {@code
 * shortenedClassNameLength}, {@code frameExclusion} (one regular expression, as written), {@code
 * frameExclusions} (comma-separated; a comma inside a regex is written {@code \,}), {@code
 * rootCauseFirst}, {@code maxStackTraceLength}, {@code ecsVersion}. They go, by name, to the option
 * table shared with the Logback encoder ({@link JsonFormat.Builder#option(String, String)}). A bad
 * value is reported once through Log4j's status logger naming the attribute and its value, and
 * replaced by its default.
 *
 * <p>Context fields come from the event's context data, captured on the logging thread when the
 * event was created ({@link LogContextThreadContextMap} or {@link LogContextDataProvider}); the
 * layout never reads the current context. Log4j hands them over key-sorted, so their order differs
 * from Logback's binding order; names, values and types do not.
 *
 * <p>Encoding never throws into the application: a value that fails while written (a broken map) is
 * replaced by a {@code [value failed: …]} marker, an event that cannot be rendered otherwise is
 * written in a minimal form with an {@code encoder_error} field, and the first such error is
 * reported through Log4j's status logger (never through Log4j itself). Thread-safe; the
 * garbage-free path ({@link #encode(LogEvent, ByteBufferDestination)}, used by Log4j's file and
 * console appenders) allocates nothing per event for string, integer, boolean, UUID and enum
 * values.
 */
@Plugin(
    name = "LogContextJsonLayout",
    category = Node.CATEGORY,
    elementType = Layout.ELEMENT_TYPE,
    printObject = true)
public final class LogContextJsonLayout extends AbstractLayout<String> implements StringLayout {
  private static final ByteSink<ByteBufferDestination> TO_DESTINATION =
      ByteBufferDestination::writeBytes;

  private final JsonEventWriter writer;
  private final BoundedPool<LogEventView> views =
      new BoundedPool<>(LogEventView::new, LogEventView::clear);

  /** Null while the lost-context diagnostic is off: the encode path then checks nothing. */
  private final RequiredFields requiredFields;

  private LogContextJsonLayout(
      Configuration configuration, JsonFormat format, RequiredFields requiredFields) {
    super(configuration, null, null);
    this.writer = JsonEventWriter.create(format);
    this.requiredFields = requiredFields;
  }

  /** Points a view at {@code event} and flags it when it lacks a required field. */
  private LogEventView view(LogEvent event) {
    LogEventView view = views.acquire().reset(event);
    if (requiredFields != null) {
      checkRequired(view);
    }
    return view;
  }

  /** Flags a line without a required field, and reports the first per logger and thread prefix. */
  private void checkRequired(LogEventView view) {
    try {
      List<String> missing = requiredFields.missing(view);
      if (missing != null) {
        view.flagMissing(missing);
        Throwable report = requiredFields.reportOnce(view.loggerName(), view.threadName(), missing);
        if (report != null) {
          StatusLogger.getLogger().warn(report.getMessage(), report);
        }
      }
    } catch (RuntimeException e) {
      // The writer reads the same parts again inside its own error handling.
    }
  }

  /** Returns a builder; Log4j's plugin system calls this for {@code <LogContextJsonLayout>}. */
  @PluginBuilderFactory
  public static Builder newBuilder() {
    return new Builder();
  }

  /** Returns a layout with every default (logstash field names). */
  public static LogContextJsonLayout createDefault() {
    return newBuilder().build();
  }

  /** Returns the format this layout writes. */
  public JsonFormat format() {
    return writer.format();
  }

  /** Returns the event as one JSON line, newline included. */
  @Override
  public String toSerializable(LogEvent event) {
    LogEventView view = view(event);
    try {
      return writer.encodeToString(view);
    } finally {
      views.release(view);
    }
  }

  /** Returns the event as one UTF-8 JSON line, newline included. */
  @Override
  public byte[] toByteArray(LogEvent event) {
    LogEventView view = view(event);
    try {
      return writer.encode(view);
    } finally {
      views.release(view);
    }
  }

  /** Writes the event as one JSON line to {@code destination} in a single call; no allocation. */
  @Override
  public void encode(LogEvent event, ByteBufferDestination destination) {
    LogEventView view = view(event);
    try {
      writer.encode(view, destination, TO_DESTINATION);
    } finally {
      views.release(view);
    }
  }

  /** Returns UTF-8. */
  @Override
  public Charset getCharset() {
    return StandardCharsets.UTF_8;
  }

  /** Returns {@code application/json; charset=UTF-8}. */
  @Override
  public String getContentType() {
    return "application/json; charset=UTF-8";
  }

  /** Returns the layout's options, for Log4j's configuration listing. */
  @Override
  public Map<String, String> getContentFormat() {
    return Map.of("format", "json-lines", "preset", writer.format().preset().name());
  }

  @Override
  public String toString() {
    return "LogContextJsonLayout[preset=" + writer.format().preset() + "]";
  }

  /**
   * Reports the first encoding error through Log4j's status logger, later ones at debug level:
   * never through Log4j itself, which could recurse.
   */
  private static final class ErrorReporter implements Consumer<Throwable> {
    private final AtomicBoolean reported = new AtomicBoolean();

    @Override
    public void accept(Throwable error) {
      if (reported.compareAndSet(false, true)) {
        StatusLogger.getLogger()
            .error(
                "LogContextJsonLayout could not render a value or an event: the value was written"
                    + " as a [value failed: …] marker, or the event in minimal form with an"
                    + " encoder_error field. Further errors are reported at DEBUG.",
                error);
      } else {
        StatusLogger.getLogger().debug("LogContextJsonLayout could not render an event", error);
      }
    }
  }

  /**
   * Builds a {@link LogContextJsonLayout} from {@code log4j2.xml} attributes or code. Setters only
   * record; {@link #build()} validates, reporting each bad attribute and using its default.
   */
  public static final class Builder
      implements org.apache.logging.log4j.core.util.Builder<LogContextJsonLayout> {
    private static final List<Field> ATTRIBUTES = attributes();

    @PluginConfiguration private Configuration configuration;

    // One String field per option of JsonFormat.optionNames(), named as the option: Log4j injects
    // the attributes here, and format() hands every one that is set to the option table.
    @PluginBuilderAttribute private String preset;
    @PluginBuilderAttribute private String fieldNames;
    @PluginBuilderAttribute private String includeFields;
    @PluginBuilderAttribute private String excludeFields;
    @PluginBuilderAttribute private String staticFields;
    @PluginBuilderAttribute private String includeKeys;
    @PluginBuilderAttribute private String excludeKeys;
    @PluginBuilderAttribute private String nestContextUnder;
    @PluginBuilderAttribute private String collisionPrefix;
    @PluginBuilderAttribute private String maxStringLength;
    @PluginBuilderAttribute private String maxEventBytes;
    @PluginBuilderAttribute private String redactKeys;
    @PluginBuilderAttribute private String redactionReplacement;
    @PluginBuilderAttribute private String maxStackDepthPerThrowable;
    @PluginBuilderAttribute private String shortenedClassNameLength;
    @PluginBuilderAttribute private String frameExclusion;
    @PluginBuilderAttribute private String frameExclusions;
    @PluginBuilderAttribute private String rootCauseFirst;
    @PluginBuilderAttribute private String maxStackTraceLength;
    @PluginBuilderAttribute private String ecsVersion;

    // The layout's own diagnostic, not an option of the JSON format (left out of ATTRIBUTES).
    @PluginBuilderAttribute private String requiredFields;

    private Builder() {}

    /** Sets the configuration, for lookups; set by Log4j. */
    public Builder setConfiguration(Configuration configuration) {
      this.configuration = configuration;
      return this;
    }

    /** Sets the field-name preset: {@code logstash} (default) or {@code ecs}. */
    public Builder setPreset(String preset) {
      this.preset = preset;
      return this;
    }

    /** Renames standard fields: {@code id=name,...}, e.g. {@code logger=logger}. */
    public Builder setFieldNames(String fieldNames) {
      this.fieldNames = fieldNames;
      return this;
    }

    /** Writes these standard fields (ids) even where the preset does not. */
    public Builder setIncludeFields(String includeFields) {
      this.includeFields = includeFields;
      return this;
    }

    /** Does not write these standard fields (ids). */
    public Builder setExcludeFields(String excludeFields) {
      this.excludeFields = excludeFields;
      return this;
    }

    /** Adds static fields: {@code k=v,...}. */
    public Builder setStaticFields(String staticFields) {
      this.staticFields = staticFields;
      return this;
    }

    /** Writes only context fields with these keys (comma-separated). */
    public Builder setIncludeKeys(String includeKeys) {
      this.includeKeys = includeKeys;
      return this;
    }

    /** Never writes context fields with these keys (comma-separated). */
    public Builder setExcludeKeys(String excludeKeys) {
      this.excludeKeys = excludeKeys;
      return this;
    }

    /** Writes the context fields inside one object of this name. */
    public Builder setNestContextUnder(String nestContextUnder) {
      this.nestContextUnder = nestContextUnder;
      return this;
    }

    /** Sets the prefix of a context field whose name is taken (default {@code ctx_}). */
    public Builder setCollisionPrefix(String collisionPrefix) {
      this.collisionPrefix = collisionPrefix;
      return this;
    }

    /** Sets the maximum length of every string value, in chars (0 = unlimited). */
    public Builder setMaxStringLength(Integer maxStringLength) {
      this.maxStringLength = maxStringLength == null ? null : maxStringLength.toString();
      return this;
    }

    /** Caps every line at this many bytes (0 = no cap; else at least 1024). */
    public Builder setMaxEventBytes(Integer maxEventBytes) {
      this.maxEventBytes = maxEventBytes == null ? null : maxEventBytes.toString();
      return this;
    }

    /** Sets the redacted key fragments (comma-separated; empty disables redaction). */
    public Builder setRedactKeys(String redactKeys) {
      this.redactKeys = redactKeys;
      return this;
    }

    /** Sets the string written instead of a redacted value. */
    public Builder setRedactionReplacement(String redactionReplacement) {
      this.redactionReplacement = redactionReplacement;
      return this;
    }

    /** Writes at most this many frames per throwable (0 = unlimited). */
    public Builder setMaxStackDepthPerThrowable(Integer maxStackDepthPerThrowable) {
      this.maxStackDepthPerThrowable =
          maxStackDepthPerThrowable == null ? null : maxStackDepthPerThrowable.toString();
      return this;
    }

    /** Shortens class names in stack traces to about this many chars (0 = full names). */
    public Builder setShortenedClassNameLength(Integer shortenedClassNameLength) {
      this.shortenedClassNameLength =
          shortenedClassNameLength == null ? null : shortenedClassNameLength.toString();
      return this;
    }

    /** Omits stack frames matching this one regular expression, as written (no list syntax). */
    public Builder setFrameExclusion(String frameExclusion) {
      this.frameExclusion = frameExclusion;
      return this;
    }

    /**
     * Omits stack frames matching these comma-separated regular expressions; a comma inside one is
     * written {@code \,} ({@code a{1\,3}}).
     */
    public Builder setFrameExclusions(String frameExclusions) {
      this.frameExclusions = frameExclusions;
      return this;
    }

    /** Starts stack traces with the root cause. */
    public Builder setRootCauseFirst(Boolean rootCauseFirst) {
      this.rootCauseFirst = rootCauseFirst == null ? null : rootCauseFirst.toString();
      return this;
    }

    /** Caps the whole stack trace at this many chars (0 = unlimited). */
    public Builder setMaxStackTraceLength(Integer maxStackTraceLength) {
      this.maxStackTraceLength =
          maxStackTraceLength == null ? null : maxStackTraceLength.toString();
      return this;
    }

    /** Sets the {@code ecs.version} value written by the ECS preset. */
    public Builder setEcsVersion(String ecsVersion) {
      this.ecsVersion = ecsVersion;
      return this;
    }

    /**
     * Names the fields every line must carry, e.g. {@code correlation_id} (comma-separated;
     * default: the system property {@code logcontext.requiredFields}, else none, and the check is
     * off). A line without one is written with {@code "context_missing":["correlation_id"]}, and
     * the first such line per logger and thread-name prefix is reported once as a warning through
     * Log4j's status logger with the stack of the logging call (its cause, in strict mode, is where
     * the thread was created by a thread that had context). A name outside the key rule is reported
     * as an error and leaves the check off.
     */
    public Builder setRequiredFields(String requiredFields) {
      this.requiredFields = requiredFields;
      return this;
    }

    /**
     * Returns the layout, never null: each bad attribute is reported once through Log4j's status
     * logger, naming the attribute and its value, and replaced by its default, so that logging goes
     * on as complete, valid JSON.
     */
    @Override
    public LogContextJsonLayout build() {
      RequiredFields required;
      try {
        required =
            RequiredFields.parse(requiredFields, System.getProperty(RequiredFields.PROPERTY));
      } catch (IllegalArgumentException e) {
        required = null;
        StatusLogger.getLogger()
            .error("LogContextJsonLayout: invalid attribute {}", e.getMessage());
      }
      return new LogContextJsonLayout(
          configuration,
          format()
              .build(
                  problem ->
                      StatusLogger.getLogger()
                          .error("LogContextJsonLayout: invalid attribute {}", problem)),
          required);
    }

    /**
     * Returns the format builder these attributes describe: every attribute that is set goes, by
     * its name, to the option table ({@link JsonFormat.Builder#options(Map)}), which parses and
     * checks it exactly as for the Logback encoder.
     */
    JsonFormat.Builder format() {
      Map<String, String> options = new HashMap<>();
      for (Field attribute : ATTRIBUTES) {
        try {
          options.put(attribute.getName(), (String) attribute.get(this));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("cannot read attribute " + attribute.getName(), e);
        }
      }
      return JsonFormat.builder().options(options).errorListener(new ErrorReporter());
    }

    /** The {@link PluginBuilderAttribute} fields: the attributes Log4j sets, named as options. */
    private static List<Field> attributes() {
      List<Field> fields = new ArrayList<>();
      for (Field field : Builder.class.getDeclaredFields()) {
        if (field.isAnnotationPresent(PluginBuilderAttribute.class)
            && !field.getName().equals("requiredFields")) {
          field.setAccessible(true);
          fields.add(field);
        }
      }
      return List.copyOf(fields);
    }
  }
}
