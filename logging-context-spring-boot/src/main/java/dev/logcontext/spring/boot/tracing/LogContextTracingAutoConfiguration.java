package dev.logcontext.spring.boot.tracing;

import dev.logcontext.EventFields;
import dev.logcontext.micrometer.MicrometerTraceFields;
import io.micrometer.tracing.Tracer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Adds the current span of Boot's Micrometer Tracing {@link Tracer} bean to every logging event
 * ({@code trace_id}, {@code span_id}, {@code trace_flags}) by installing {@link
 * MicrometerTraceFields} for it; the source is removed when the application context closes. Boot's
 * own {@code traceId}/{@code spanId} MDC keys are then dropped from each line that has the tracer's
 * ids, and {@code LogContextFilter} defers to the tracer's span (it runs after Boot's observation
 * filter, see {@code logcontext.web.filter-order}), so each id is on every line once. Active when a
 * {@code Tracer} bean exists (Boot 4.0's {@code spring-boot-micrometer-tracing-*} modules or Boot
 * 3.5's actuator with a Micrometer Tracing bridge); {@code logcontext.tracing.enabled=false} turns
 * it off; an application bean named {@code logContextTraceFields} replaces it.
 *
 * <p>Thread-safety: configuration, run once by Spring at start-up; the installed source is
 * thread-safe. Bad input: a tracer that throws while an event is created costs that event its trace
 * fields only (see {@link dev.logcontext.EventFieldSource}).
 */
@AutoConfiguration(
    afterName = {
      // Boot 4.0
      "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
      // Boot 3.5
      "org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.tracing.NoopTracerAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.tracing.BraveAutoConfiguration"
    })
@ConditionalOnClass({Tracer.class, MicrometerTraceFields.class})
@ConditionalOnBean(Tracer.class)
@ConditionalOnProperty(
    prefix = "logcontext.tracing",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public final class LogContextTracingAutoConfiguration {
  /** Created by Spring. */
  public LogContextTracingAutoConfiguration() {}

  /**
   * Installs the tracer's fields; Spring closes the registration with the context.
   *
   * @param tracer Boot's tracer
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(name = "logContextTraceFields")
  public EventFields.Registration logContextTraceFields(Tracer tracer) {
    return MicrometerTraceFields.install(tracer);
  }
}
