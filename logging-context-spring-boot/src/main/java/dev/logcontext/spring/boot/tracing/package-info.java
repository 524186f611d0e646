/**
 * The tracer's ids: {@link dev.logcontext.spring.boot.tracing.LogContextTracingAutoConfiguration}
 * puts the current span of Boot's Micrometer Tracing {@code Tracer} on every line.
 *
 * <p>Nullability: parameters and return values are non-null unless their documentation says
 * otherwise.
 */
package dev.logcontext.spring.boot.tracing;
