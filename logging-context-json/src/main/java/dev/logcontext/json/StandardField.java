package dev.logcontext.json;

import java.util.Locale;

/**
 * The fields the writer produces itself, as opposed to context, MDC and key-value fields.
 *
 * <p>Each field has a stable {@link #id()} used in string configuration ({@code
 * "logger=logger,thread=thread"}) and a default name per {@link JsonFormat.Preset}. A field that is
 * enabled reserves its name: a context, MDC or key-value field with the same name is written with
 * the collision prefix instead (see {@link JsonFormat.Builder#collisionPrefix(String)}).
 *
 * <p>Thread-safety: an immutable enum.
 */
public enum StandardField {
  /** The event time, ISO-8601 UTC with milliseconds: {@code @timestamp}. */
  TIMESTAMP("timestamp", "@timestamp", "@timestamp", true, true),
  /** The level name: {@code level} / ECS {@code log.level}. */
  LEVEL("level", "level", "log.level", true, true),
  /** The numeric level ({@link EventView#levelValue()}): {@code level_value}; off by default. */
  LEVEL_VALUE("level_value", "level_value", "level_value", false, false),
  /** The formatted message: {@code message}. */
  MESSAGE("message", "message", "message", true, true),
  /** The ECS version ({@link JsonFormat.Builder#ecsVersion(String)}): {@code ecs.version}. */
  ECS_VERSION("ecs_version", "ecs.version", "ecs.version", false, true),
  /** The logger name: {@code logger_name} / ECS {@code log.logger}. */
  LOGGER("logger", "logger_name", "log.logger", true, true),
  /** The thread name: {@code thread_name} / ECS {@code process.thread.name}. */
  THREAD("thread", "thread_name", "process.thread.name", true, true),
  /** The marker names as an array of strings: {@code tags}; written only when there are markers. */
  TAGS("tags", "tags", "tags", true, true),
  /**
   * The throwable's class name: {@code throwable_class} (off by default) / ECS {@code error.type}.
   */
  ERROR_TYPE("error_type", "throwable_class", "error.type", false, true),
  /** The throwable's message: {@code throwable_message} (off) / ECS {@code error.message}. */
  ERROR_MESSAGE("error_message", "throwable_message", "error.message", false, true),
  /** The rendered stack trace: {@code stack_trace} / ECS {@code error.stack_trace}. */
  STACK_TRACE("stack_trace", "stack_trace", "error.stack_trace", true, true),
  /**
   * The marker object written when an event was reduced to fit {@link JsonFormat#maxEventBytes()}:
   * {@code event_truncated}. Cannot be excluded.
   */
  EVENT_TRUNCATED("event_truncated", "event_truncated", "event_truncated", true, true),
  /**
   * The marker string written when encoding failed and the event was written in its minimal form:
   * {@code encoder_error}. Cannot be excluded.
   */
  ENCODER_ERROR("encoder_error", "encoder_error", "encoder_error", true, true);

  private final String id;
  private final String logstashName;
  private final String ecsName;
  private final boolean logstashDefault;
  private final boolean ecsDefault;

  StandardField(String id, String logstashName, String ecsName, boolean logstashOn, boolean ecsOn) {
    this.id = id;
    this.logstashName = logstashName;
    this.ecsName = ecsName;
    this.logstashDefault = logstashOn;
    this.ecsDefault = ecsOn;
  }

  /** Returns the configuration id, e.g. {@code "logger"} for {@link #LOGGER}. */
  public String id() {
    return id;
  }

  /** Returns the field's name in {@code preset} before any rename. */
  public String defaultName(JsonFormat.Preset preset) {
    return switch (preset) {
      case ECS -> ecsName;
      case GCP -> gcpName();
      case LOGSTASH -> logstashName;
    };
  }

  /**
   * The gcp preset's names: Google's {@code severity} and {@code timestamp}, short {@code logger}
   * and {@code thread}, else logstash's ({@code stack_trace} is what Error Reporting reads).
   */
  private String gcpName() {
    return switch (this) {
      case TIMESTAMP -> "timestamp";
      case LEVEL -> "severity";
      case LOGGER -> "logger";
      case THREAD -> "thread";
      default -> logstashName;
    };
  }

  /** Returns whether the field is written by default in {@code preset}. */
  public boolean enabledByDefault(JsonFormat.Preset preset) {
    return preset == JsonFormat.Preset.ECS ? ecsDefault : logstashDefault;
  }

  /**
   * Returns the field with configuration id {@code id} (case-insensitive; the enum constant name is
   * accepted too).
   *
   * @throws IllegalArgumentException naming {@code id} and the valid ids when there is none
   */
  public static StandardField fromId(String id) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    for (StandardField field : values()) {
      if (field.id.equals(wanted) || field.name().toLowerCase(Locale.ROOT).equals(wanted)) {
        return field;
      }
    }
    StringBuilder ids = new StringBuilder();
    for (StandardField field : values()) {
      ids.append(ids.length() == 0 ? "" : ", ").append(field.id);
    }
    throw new IllegalArgumentException(
        "unknown standard field '" + id + "'; expected one of: " + ids);
  }
}
