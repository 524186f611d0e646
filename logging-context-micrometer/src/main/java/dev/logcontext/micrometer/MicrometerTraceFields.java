package dev.logcontext.micrometer;

import dev.logcontext.EventFieldSource;
import dev.logcontext.EventFields;
import dev.logcontext.Snapshot;
import dev.logcontext.TraceFields;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.Objects;

/**
 * Adds the current span of a Micrometer Tracing {@link Tracer} to every logging event: {@code
 * trace_id}, {@code span_id} and, when the tracer knows the sampling decision, {@code trace_flags}
 * ({@code 01} sampled, {@code 00} not), read from {@code tracer.currentTraceContext()} on the
 * thread that logs, when the event is created. Only a valid trace context gives fields (ids not
 * empty and not all zeros); otherwise the event gets none. Micrometer's own MDC keys {@code
 * traceId} and {@code spanId} (put there by its {@code Slf4JEventListener}, as Spring Boot
 * configures it) are dropped whenever this source gives fields, so that each id is on the line once
 * ({@link TraceFields#with}).
 *
 * <p>Micrometer's tracer is an object the application builds (Spring Boot makes it a bean), so this
 * source is installed by code, once the tracer exists:
 *
 * <pre>{@code
 * EventFields.Registration registration = MicrometerTraceFields.install(tracer);
 * // at shut-down: registration.close();
 * }</pre>
 *
 * <p>With the OpenTelemetry bridge, {@code logging-context-opentelemetry} reads the same spans
 * without any code; both together give the same ids once.
 *
 * <p>Thread-safety: immutable; safe for concurrent use if the tracer is, as Micrometer's tracers
 * are. Bad input: a null tracer throws {@link NullPointerException}; a tracer that throws is
 * contained as {@link EventFieldSource} says. Requires {@code io.micrometer:micrometer-tracing} on
 * the class path (an optional dependency of this module).
 */
public final class MicrometerTraceFields implements EventFieldSource {
  private final Tracer tracer;

  private MicrometerTraceFields(Tracer tracer) {
    this.tracer = Objects.requireNonNull(tracer, "tracer");
  }

  /** Returns a source reading {@code tracer}'s current span; it is not installed. */
  public static MicrometerTraceFields of(Tracer tracer) {
    return new MicrometerTraceFields(tracer);
  }

  /**
   * Installs a source reading {@code tracer}'s current span; close the registration to remove it.
   */
  public static EventFields.Registration install(Tracer tracer) {
    return EventFields.install(of(tracer));
  }

  /** Returns {@code context} with the current span's ids, or {@code context} when there is none. */
  @Override
  public Snapshot addFields(Snapshot context) {
    TraceContext trace = tracer.currentTraceContext().context();
    if (trace == null) {
      return context;
    }
    String traceId = trace.traceId();
    String spanId = trace.spanId();
    if (!isValidId(traceId) || !isValidId(spanId)) {
      return context;
    }
    Boolean sampled = trace.sampled();
    String flags = sampled == null ? null : sampled ? "01" : "00";
    return TraceFields.with(context, traceId, spanId, flags);
  }

  /** Not null, not empty, not all zeros (what no-op and invalid contexts carry). */
  private static boolean isValidId(String id) {
    if (id == null || id.isEmpty()) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) != '0') {
        return true;
      }
    }
    return false;
  }
}
