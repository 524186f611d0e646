package dev.logcontext;

/**
 * The names under which the current trace and span travel in a context, and the one way tracer
 * sources bind them: {@code trace_id}, {@code span_id} and {@code trace_flags}, as W3C Trace
 * Context lowercase hex strings. The JSON writer writes these names as its preset says ({@code
 * trace.id}, {@code span.id} and {@code trace.flags} in ECS).
 *
 * <p><b>No duplicates.</b> Micrometer Tracing (and so Spring Boot) also puts the ids into the MDC,
 * as {@code traceId} and {@code spanId}; through the MDC bridges those become context fields too.
 * {@link #with} binds the canonical names and drops those two keys, so that an event whose context
 * a tracer source filled carries each id once, under one name. When no tracer source reports a
 * span, the MDC keys are left as they are.
 *
 * <p><b>Thread safety.</b> Stateless; safe for concurrent use. <b>Bad input.</b> {@link #with}
 * binds nothing (and drops nothing) when the trace or span id is null or empty; it does not check
 * the ids' format, which is the tracer's.
 */
public final class TraceFields {
  /** The trace id field: 32 lowercase hex digits. */
  public static final String TRACE_ID = "trace_id";

  /** The span id field: 16 lowercase hex digits. */
  public static final String SPAN_ID = "span_id";

  /**
   * The trace flags field: 2 lowercase hex digits, with bit {@code 01} set when sampled ({@code 03}
   * for a sampled span whose trace id is random, W3C Trace Context level 2).
   */
  public static final String TRACE_FLAGS = "trace_flags";

  /** The MDC key under which Micrometer Tracing puts the trace id; dropped by {@link #with}. */
  public static final String MDC_TRACE_ID = "traceId";

  /** The MDC key under which Micrometer Tracing puts the span id; dropped by {@link #with}. */
  public static final String MDC_SPAN_ID = "spanId";

  /** The canonical keys, in the order they are bound. */
  private static final String[] KEYS = {TRACE_ID, SPAN_ID, TRACE_FLAGS};

  private TraceFields() {}

  /**
   * Returns {@code context} with the trace fields bound (a null {@code traceFlags} removes {@code
   * trace_flags}) and the MDC keys {@code traceId} and {@code spanId} removed; {@code context}
   * itself when it holds exactly that already, or when {@code traceId} or {@code spanId} is null or
   * empty.
   */
  public static Snapshot with(Snapshot context, String traceId, String spanId, String traceFlags) {
    if (traceId == null || traceId.isEmpty() || spanId == null || spanId.isEmpty()) {
      return context;
    }
    return context
        .withNormalized(MDC_TRACE_ID, null)
        .withNormalized(MDC_SPAN_ID, null)
        .withAllNormalized(KEYS, new Object[] {traceId, spanId, traceFlags});
  }
}
