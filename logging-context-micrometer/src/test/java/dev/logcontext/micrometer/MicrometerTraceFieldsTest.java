package dev.logcontext.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.EventFields;
import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Real Micrometer Tracing on its OpenTelemetry bridge, wired as Spring Boot wires it (the
 * Slf4JEventListener puts {@code traceId}/{@code spanId} into the MDC at every scope change), with
 * real Logback from XML behind AsyncAppender: each line carries the span current when it was
 * logged, once, under the canonical names.
 */
class MicrometerTraceFieldsTest {
  private static final Logger log = LoggerFactory.getLogger("com.example.Traced");

  /** What Boot's tracing auto-configuration does before the first span. */
  private static final OtelTracer.EventPublisher PUBLISHER = new Slf4JEventListener()::onEvent;

  static {
    ContextStorage.addWrapper(new EventPublishingContextWrapper(PUBLISHER));
  }

  private static SdkTracerProvider provider;
  private static Tracer tracer;

  @TempDir Path dir;
  private EventFields.Registration registration;

  @BeforeAll
  static void startTracer() {
    provider =
        SdkTracerProvider.builder()
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(0.5)))
            .addSpanProcessor(new Discarding())
            .build();
    tracer =
        new OtelTracer(
            provider.get("logging-context-test"), new OtelCurrentTraceContext(), PUBLISHER);
  }

  @AfterAll
  static void stopTracer() {
    provider.close();
  }

  @AfterEach
  void uninstall() {
    if (registration != null) {
      registration.close();
    }
    JsonLines.reset();
    assertThat(LogContext.capture().isEmpty()).as("test left context behind").isTrue();
  }

  @Test
  void outsideAnySpanTheSourceAddsNothing() {
    Snapshot context = Snapshot.empty().with("request_id", "r-1");

    assertThat(MicrometerTraceFields.of(tracer).addFields(context)).isSameAs(context);
    assertThat(MicrometerTraceFields.of(Tracer.NOOP).addFields(context)).isSameAs(context);
  }

  @Test
  void behindAsyncAppenderEveryLineCarriesItsSpanOnceInPlaceOfBootsMdcKeys() throws Exception {
    registration = MicrometerTraceFields.install(tracer);
    JsonLines lines = JsonLines.configure(dir.resolve("traced.json"), "json-async.xml");
    Map<String, TraceContext> expected = new ConcurrentHashMap<>();
    AtomicInteger mdcSeen = new AtomicInteger();
    int threads = 6;
    int iterations = 150;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < iterations; i++) {
                    String id = thread + "-" + i;
                    Span parent = tracer.nextSpan().name("parent").start();
                    try (Tracer.SpanInScope p = tracer.withSpan(parent)) {
                      logIn("parent " + id, parent, expected, mdcSeen);
                      Span child = tracer.nextSpan().name("child").start();
                      try (Tracer.SpanInScope c = tracer.withSpan(child)) {
                        logIn("child " + id, child, expected, mdcSeen);
                      } finally {
                        child.end();
                      }
                      logIn("parent again " + id, parent, expected, mdcSeen);
                    } finally {
                      parent.end();
                    }
                    log.info("outside {}", id);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    JsonLines.reset(); // drains the AsyncAppender

    List<JsonNode> events = lines.read();
    assertThat(mdcSeen).as("Micrometer put its MDC keys, as in Boot").hasValue(expected.size());
    assertThat(events).hasSize(expected.size() + threads * iterations);
    int sampled = 0;
    int unsampled = 0;
    for (JsonNode event : events) {
      assertThat(event.has("traceId") || event.has("spanId")).as("%s", event).isFalse();
      String message = event.get("message").asText();
      if (message.startsWith("outside ")) {
        assertThat(event.has("trace_id") || event.has("span_id")).as("%s", event).isFalse();
        continue;
      }
      TraceContext span = expected.get(message);
      assertThat(event.path("trace_id").asText()).as("%s", event).isEqualTo(span.traceId());
      assertThat(event.path("span_id").asText()).as("%s", event).isEqualTo(span.spanId());
      boolean isSampled = Boolean.TRUE.equals(span.sampled());
      assertThat(event.path("trace_flags").asText())
          .as("%s", event)
          .isEqualTo(isSampled ? "01" : "00");
      if (isSampled) {
        sampled++;
      } else {
        unsampled++;
      }
    }
    assertThat(sampled).isPositive();
    assertThat(unsampled).isPositive();
  }

  private static void logIn(
      String message, Span span, Map<String, TraceContext> expected, AtomicInteger mdcSeen) {
    expected.put(message, span.context());
    if (span.context().spanId().equals(MDC.get("spanId"))) {
      mdcSeen.incrementAndGet();
    }
    log.info(message);
  }

  /** Takes every span and keeps none (the SDK hands out no-op tracers without a processor). */
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
