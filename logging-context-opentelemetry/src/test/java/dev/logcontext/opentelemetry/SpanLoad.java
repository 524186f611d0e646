package dev.logcontext.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Logs from several threads in real OpenTelemetry SDK spans, a parent and a child each time, and
 * remembers which span was current for every message; {@link #check} then demands that each line
 * carries exactly those ids, under the preset's names, and no other trace field.
 */
final class SpanLoad {
  static final int THREADS = 6;
  static final int ITERATIONS = 150;

  /** Every third root span is not sampled: its ids are logged all the same, flags {@code 00}. */
  private static final Sampler SAMPLER = Sampler.parentBased(Sampler.traceIdRatioBased(2.0 / 3.0));

  final SdkTracerProvider provider = TestTracers.provider(SAMPLER);
  private final Tracer tracer = provider.get("logging-context-test");

  /** Message text to the span context current when it was logged. */
  private final Map<String, SpanContext> expected = new ConcurrentHashMap<>();

  /** Runs the load, logging through {@code log}; returns the number of lines logged. */
  int run(Consumer<String> log) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> iterations(thread, log)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
      provider.close();
    }
    return expected.size();
  }

  private void iterations(int thread, Consumer<String> log) {
    for (int i = 0; i < ITERATIONS; i++) {
      String id = thread + "-" + i;
      Span parent = tracer.spanBuilder("parent " + id).startSpan();
      try (Scope p = parent.makeCurrent()) {
        logIn(log, "parent " + id, parent);
        Span child = tracer.spanBuilder("child " + id).startSpan();
        try (Scope c = child.makeCurrent()) {
          logIn(log, "child " + id, child);
        } finally {
          child.end();
        }
        logIn(log, "parent again " + id, parent);
      } finally {
        parent.end();
      }
      log.accept("outside " + id);
      expected.put("outside " + id, SpanContext.getInvalid());
    }
  }

  private void logIn(Consumer<String> log, String message, Span span) {
    expected.put(message, span.getSpanContext());
    log.accept(message);
  }

  /** Checks every line against the span current when it was logged. */
  void check(List<JsonNode> events, boolean ecs) {
    String traceName = ecs ? "trace.id" : "trace_id";
    String spanName = ecs ? "span.id" : "span_id";
    String flagsName = ecs ? "trace.flags" : "trace_flags";
    assertThat(events).hasSize(expected.size());
    int unsampled = 0;
    for (JsonNode event : events) {
      SpanContext span = expected.get(event.get("message").asText());
      assertThat(span).as("a line nobody logged: %s", event).isNotNull();
      assertThat(event.has("traceId") || event.has("spanId"))
          .as("Micrometer's MDC names are gone: %s", event)
          .isFalse();
      if (!span.isValid()) {
        assertThat(event.has(traceName) || event.has(spanName) || event.has(flagsName))
            .as("no span, no ids: %s", event)
            .isFalse();
        continue;
      }
      assertThat(event.path(traceName).asText()).as("%s", event).isEqualTo(span.getTraceId());
      assertThat(event.path(spanName).asText()).as("%s", event).isEqualTo(span.getSpanId());
      assertThat(event.path(flagsName).asText())
          .as("%s", event)
          .isEqualTo(span.getTraceFlags().asHex());
      if (!span.isSampled()) {
        unsampled++;
      }
    }
    assertThat(unsampled).as("the load includes spans that were not sampled").isPositive();
  }
}
