package dev.logcontext.spring.boot.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.EventFields;
import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import dev.logcontext.TraceFields;
import dev.logcontext.spring.boot.LogContextWebProperties;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;

/**
 * The auto-configuration in a real Spring context with Micrometer's OpenTelemetry bridge: a {@code
 * Tracer} bean makes every event carry its current span until the context closes; without one, or
 * turned off, nothing is installed.
 */
class LogContextTracingAutoConfigurationTest {
  private static SdkTracerProvider provider;
  private static Tracer tracer;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(LogContextTracingAutoConfiguration.class));

  @BeforeAll
  static void tracer() {
    // Without a span processor the SDK hands out invalid spans.
    provider = SdkTracerProvider.builder().addSpanProcessor(new Discarding()).build();
    tracer =
        new OtelTracer(
            provider.get("logging-context-test"), new OtelCurrentTraceContext(), e -> {});
  }

  @AfterAll
  static void close() {
    provider.close();
  }

  @Test
  void aTracerBeanPutsItsCurrentSpanOnEveryEventUntilTheContextCloses() {
    assertThat(EventFields.hasSources()).as("no source before the context").isFalse();
    runner
        .withBean(Tracer.class, () -> tracer)
        .run(
            context -> {
              assertThat(context).hasSingleBean(EventFields.Registration.class);
              assertThat(EventFields.hasSources()).isTrue();
              Span span = tracer.nextSpan().name("work").start();
              try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
                Snapshot event = EventFields.capture();
                assertThat(event.get(TraceFields.TRACE_ID)).isEqualTo(span.context().traceId());
                assertThat(event.get(TraceFields.SPAN_ID)).isEqualTo(span.context().spanId());
                assertThat(LogContext.capture().get(TraceFields.TRACE_ID))
                    .as("the bound context is unchanged")
                    .isNull();
              } finally {
                span.end();
              }
              assertThat(EventFields.capture().get(TraceFields.TRACE_ID))
                  .as("no span in scope, no trace id")
                  .isNull();
            });
    assertThat(EventFields.hasSources()).as("removed when the context closed").isFalse();
  }

  @Test
  void withoutATracerBeanNothingIsInstalled() {
    runner.run(
        context -> {
          assertThat(context).doesNotHaveBean(EventFields.Registration.class);
          assertThat(EventFields.hasSources()).isFalse();
        });
  }

  @Test
  void logcontextTracingEnabledFalseTurnsItOff() {
    runner
        .withBean(Tracer.class, () -> tracer)
        .withPropertyValues("logcontext.tracing.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(EventFields.Registration.class);
              assertThat(EventFields.hasSources()).isFalse();
            });
  }

  @Test
  void theRequestFilterRunsAfterBootsObservationFilter() {
    // Boot 3.5's and 4.0's WebMvcObservationAutoConfiguration register ServerHttpObservationFilter
    // at HIGHEST_PRECEDENCE + 1; the filter must see the span that filter opened.
    assertThat(LogContextWebProperties.DEFAULT_FILTER_ORDER)
        .isGreaterThan(Ordered.HIGHEST_PRECEDENCE + 1);
  }

  @Test
  void theImportsFileNamesIt() throws Exception {
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
          .contains(LogContextTracingAutoConfiguration.class.getName());
    }
  }

  /** Records nothing. */
  private static final class Discarding implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }
  }
}
