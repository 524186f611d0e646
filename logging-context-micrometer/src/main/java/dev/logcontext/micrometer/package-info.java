/**
 * Micrometer context-propagation for LogContext: {@link
 * dev.logcontext.micrometer.LogContextAccessor} carries the current {@link dev.logcontext.Snapshot}
 * by reference wherever context-propagation moves thread-locals (Reactor's automatic propagation
 * and {@code contextCapture()}, {@code ContextSnapshotFactory}, Spring's {@code
 * ContextPropagatingTaskDecorator}, Micrometer Observation). The jar registers it through {@code
 * META-INF/services}; there is nothing to configure.
 *
 * <p>Micrometer Tracing for LogContext: {@link dev.logcontext.micrometer.MicrometerTraceFields}
 * puts the current span's {@code trace_id} and {@code span_id} on every log line, in place of the
 * {@code traceId} and {@code spanId} MDC keys; installed by code with the application's tracer.
 *
 * <p>Nullability: parameters and return values are non-null unless their documentation says
 * otherwise.
 */
package dev.logcontext.micrometer;
