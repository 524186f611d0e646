/**
 * OpenTelemetry for LogContext: {@link dev.logcontext.opentelemetry.OpenTelemetryTraceFields} puts
 * the current span's {@code trace_id}, {@code span_id} and {@code trace_flags} on every log line,
 * taken when the event is created. The jar registers it through {@code META-INF/services}; there is
 * nothing to configure.
 *
 * <p>Nullability: parameters and return values are non-null unless their documentation says
 * otherwise.
 */
package dev.logcontext.opentelemetry;
