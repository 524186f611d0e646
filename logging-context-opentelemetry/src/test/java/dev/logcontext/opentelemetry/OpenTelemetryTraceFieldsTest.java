package dev.logcontext.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.EventFields;
import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenTelemetryTraceFieldsTest {
  private final SdkTracerProvider sampled = TestTracers.provider(Sampler.alwaysOn());
  private final SdkTracerProvider dropped = TestTracers.provider(Sampler.alwaysOff());

  @AfterEach
  void close() {
    sampled.close();
    dropped.close();
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void theJarRegistersTheSourceSoThatEventsGetTheCurrentSpanWithNothingConfigured() {
    Tracer tracer = sampled.get("test");
    Span span = tracer.spanBuilder("request").startSpan();
    try (Scope scope = span.makeCurrent()) {
      assertThat(EventFields.hasSources()).isTrue();
      Snapshot event = EventFields.capture();

      assertThat(event.get("trace_id")).isEqualTo(span.getSpanContext().getTraceId());
      assertThat(event.get("span_id")).isEqualTo(span.getSpanContext().getSpanId());
      assertThat(event.get("trace_flags")).isEqualTo(span.getSpanContext().getTraceFlags().asHex());
      assertThat(Integer.parseInt((String) event.get("trace_flags"), 16) & 1)
          .as("the sampled bit")
          .isEqualTo(1);
    } finally {
      span.end();
    }
  }

  @Test
  void aSpanThatWasNotSampledStillGivesItsIdsWithoutTheSampledFlag() {
    Span span = dropped.get("test").spanBuilder("request").startSpan();
    try (Scope scope = span.makeCurrent()) {
      assertThat(span.isRecording()).isFalse();
      Snapshot event = new OpenTelemetryTraceFields().addFields(Snapshot.empty());

      assertThat(event.get("span_id")).isEqualTo(span.getSpanContext().getSpanId());
      assertThat(event.get("trace_flags")).isEqualTo(span.getSpanContext().getTraceFlags().asHex());
      assertThat(Integer.parseInt((String) event.get("trace_flags"), 16) & 1)
          .as("the sampled bit")
          .isZero();
    } finally {
      span.end();
    }
  }

  @Test
  void withoutACurrentSpanOrWithTheInvalidOneTheContextIsReturnedAsItIs() {
    Snapshot context = Snapshot.empty().with("request_id", "r-1").with("traceId", "from-mdc");
    OpenTelemetryTraceFields source = new OpenTelemetryTraceFields();

    assertThat(source.addFields(context)).isSameAs(context);
    try (Scope scope = Span.getInvalid().makeCurrent()) {
      assertThat(source.addFields(context)).isSameAs(context);
    }
    SpanContext zeros =
        SpanContext.create(
            "00000000000000000000000000000000",
            "0000000000000000",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    try (Scope scope = Span.wrap(zeros).makeCurrent()) {
      assertThat(source.addFields(context)).isSameAs(context);
    }
  }

  @Test
  void theSpanReplacesMicrometersMdcKeys() {
    Span span = sampled.get("test").spanBuilder("request").startSpan();
    try (Scope scope = span.makeCurrent()) {
      Snapshot context =
          Snapshot.empty()
              .with("traceId", span.getSpanContext().getTraceId())
              .with("spanId", span.getSpanContext().getSpanId());

      Snapshot event = new OpenTelemetryTraceFields().addFields(context);

      assertThat(event.asMap()).containsOnlyKeys("trace_id", "span_id", "trace_flags");
    } finally {
      span.end();
    }
  }
}
