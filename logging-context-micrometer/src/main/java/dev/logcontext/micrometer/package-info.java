/**
 * Micrometer context-propagation for LogContext: {@link
 * dev.logcontext.micrometer.LogContextAccessor} carries the current {@link dev.logcontext.Snapshot}
 * by reference wherever context-propagation moves thread-locals (Reactor's automatic propagation
 * and {@code contextCapture()}, {@code ContextSnapshotFactory}, Spring's {@code
 * ContextPropagatingTaskDecorator}, Micrometer Observation). The jar registers it through {@code
 * META-INF/services}; there is nothing to configure.
 *
 * <p>Nullability: parameters and return values are non-null unless their documentation says
 * otherwise.
 */
package dev.logcontext.micrometer;
