package dev.logcontext.opentelemetry;

import dev.logcontext.EventFieldSource;
import dev.logcontext.Snapshot;
import dev.logcontext.TraceFields;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Adds the current OpenTelemetry span to every logging event: {@code trace_id}, {@code span_id} and
 * {@code trace_flags} ({@link TraceFields}), read from {@link Span#current()} on the thread that
 * logs, when the event is created. Only a valid span context gives fields, sampled or not ({@code
 * trace_flags} is the span's flags in hex, bit {@code 01} set when sampled); with no current span,
 * or the invalid one, the event gets none. Micrometer's MDC keys {@code traceId} and {@code spanId}
 * are dropped when a span gives fields, as {@link TraceFields#with} says.
 *
 * <p>The jar registers it through {@code META-INF/services/dev.logcontext.EventFieldSource}: with
 * this module and the OpenTelemetry API on the class path there is nothing to configure. It reads
 * whatever {@code Context} storage the API uses: the SDK's, the Java agent's, or Micrometer
 * Tracing's OpenTelemetry bridge.
 *
 * <p>Thread-safety: stateless; safe for concurrent use. Bad input: none to give; without the
 * OpenTelemetry API on the class path the constructor throws {@link NoClassDefFoundError}, and the
 * service loader skips the provider.
 */
public final class OpenTelemetryTraceFields implements EventFieldSource {
  /** Creates the source; {@code ServiceLoader} calls this. Links the OpenTelemetry API now. */
  public OpenTelemetryTraceFields() {
    Span.getInvalid();
  }

  /** Returns {@code context} with the current span's ids, or {@code context} when there is none. */
  @Override
  public Snapshot addFields(Snapshot context) {
    SpanContext span = Span.current().getSpanContext();
    if (!span.isValid()) {
      return context;
    }
    return TraceFields.with(
        context, span.getTraceId(), span.getSpanId(), span.getTraceFlags().asHex());
  }
}
