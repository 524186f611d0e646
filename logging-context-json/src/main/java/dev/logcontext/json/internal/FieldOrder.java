package dev.logcontext.json.internal;

import static dev.logcontext.json.StandardField.ECS_VERSION;
import static dev.logcontext.json.StandardField.ERROR_MESSAGE;
import static dev.logcontext.json.StandardField.ERROR_TYPE;
import static dev.logcontext.json.StandardField.LEVEL;
import static dev.logcontext.json.StandardField.LEVEL_VALUE;
import static dev.logcontext.json.StandardField.LOGGER;
import static dev.logcontext.json.StandardField.MESSAGE;
import static dev.logcontext.json.StandardField.STACK_TRACE;
import static dev.logcontext.json.StandardField.TAGS;
import static dev.logcontext.json.StandardField.THREAD;
import static dev.logcontext.json.StandardField.TIMESTAMP;

import dev.logcontext.json.JsonFormat.Preset;
import dev.logcontext.json.StandardField;
import java.util.List;

/**
 * Where each {@link StandardField} is written in a line, per preset: the one place that says so
 * (docs/json-format.md, "Field order"). A line is the {@link #head} fields, then the static fields,
 * then the event's own fields (context, MDC, key-values), then the {@link #tail} fields, each field
 * only when the format enables it. {@link StandardField#EVENT_TRUNCATED} and {@link
 * StandardField#ENCODER_ERROR} are in neither list: the event cap and the failure form write them
 * last.
 *
 * <p>A new standard field is added to the enum, to one list here per preset, and to the plan's
 * {@code EventEncoder.opOf} and op switch; {@code FieldOrderTest} checks that every field has its
 * place.
 */
final class FieldOrder {
  private static final List<StandardField> LOGSTASH_HEAD =
      List.of(TIMESTAMP, LEVEL, LEVEL_VALUE, LOGGER, THREAD, MESSAGE, ECS_VERSION);

  private static final List<StandardField> ECS_HEAD =
      List.of(TIMESTAMP, LEVEL, MESSAGE, ECS_VERSION, LEVEL_VALUE, LOGGER, THREAD);

  /** The same in every preset: tags, then the throwable. */
  private static final List<StandardField> TAIL =
      List.of(TAGS, ERROR_TYPE, ERROR_MESSAGE, STACK_TRACE);

  private FieldOrder() {}

  /** Returns the standard fields written before the static and the event's own fields. */
  static List<StandardField> head(Preset preset) {
    return switch (preset) {
      case LOGSTASH, GCP -> LOGSTASH_HEAD;
      case ECS -> ECS_HEAD;
    };
  }

  /** Returns the standard fields written after the static and the event's own fields. */
  static List<StandardField> tail(Preset preset) {
    return switch (preset) {
      case LOGSTASH, ECS, GCP -> TAIL;
    };
  }
}
