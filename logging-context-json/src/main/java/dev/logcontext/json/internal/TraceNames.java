package dev.logcontext.json.internal;

import dev.logcontext.TraceFields;
import dev.logcontext.json.JsonFormat;

/**
 * The names a preset writes the canonical trace fields under ({@link TraceFields}): logstash keeps
 * {@code trace_id}, {@code span_id} and {@code trace_flags}; ECS writes {@code trace.id}, {@code
 * span.id} and {@code trace.flags} (ECS defines no field for the flags; this keeps them beside the
 * ids). Applies to context, MDC and key-value keys alike, before the collision and duplicate rules,
 * so a key the user bound under the ECS name itself is renamed as any duplicate is.
 *
 * <p>Thread-safe: stateless.
 */
final class TraceNames {
  private TraceNames() {}

  /**
   * Returns the key {@code preset} writes {@code key} under: {@code key} unless it is a trace key.
   */
  static String of(JsonFormat.Preset preset, String key) {
    if (preset != JsonFormat.Preset.ECS) {
      return key;
    }
    return switch (key) {
      case TraceFields.TRACE_ID -> "trace.id";
      case TraceFields.SPAN_ID -> "span.id";
      case TraceFields.TRACE_FLAGS -> "trace.flags";
      default -> key;
    };
  }
}
