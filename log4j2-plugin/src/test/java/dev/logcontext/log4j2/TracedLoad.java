package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.EventFields;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.TraceFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.logging.log4j.Logger;

/**
 * A tracer-like event field source (the current span is a per-thread value) and a load that logs in
 * many spans on several threads, switching span right after each line; {@link #check} then demands
 * that every line carries the span it was logged in, asked on the thread that logged.
 */
final class TracedLoad {
  static final ThreadContextSpan SPAN = new ThreadContextSpan();
  static final int THREADS = 6;
  static final int PER_THREAD = 300;

  /** The current span of each thread. */
  static final class ThreadContextSpan {
    private final ThreadLocal<String> current = new ThreadLocal<>();

    void set(String span) {
      current.set(span);
    }

    void clear() {
      current.remove();
    }

    String get() {
      return current.get();
    }
  }

  private TracedLoad() {}

  /** Installs the source; close the registration to remove it. */
  static EventFields.Registration installTracer() {
    return EventFields.install(
        ctx -> {
          String span = SPAN.get();
          Map<String, Object> asked = Map.of("asked_on", Thread.currentThread().getName());
          return span == null
              ? ctx.with(asked)
              : TraceFields.with(ctx, "t-" + span, span, "01").with(asked);
        });
  }

  /** Logs {@code THREADS * PER_THREAD} lines, each in its own span; returns how many. */
  static int run(Logger log) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < PER_THREAD; i++) {
                    String span = thread + "-" + i;
                    SPAN.set(span);
                    try (Scope scope = LogContext.with("n", span)) {
                      log.info("in span {}", span);
                    }
                    SPAN.set("after-" + span);
                  }
                  SPAN.clear();
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return THREADS * PER_THREAD;
  }

  /** Checks every line; {@code ecs} for the ECS names. */
  static void check(List<JsonNode> events, int expected, boolean ecs) {
    assertThat(events).hasSize(expected);
    String traceName = ecs ? "trace.id" : "trace_id";
    String spanName = ecs ? "span.id" : "span_id";
    String threadName = ecs ? "process.thread.name" : "thread_name";
    for (JsonNode event : events) {
      String span = event.get("n").asText();
      assertThat(event.path(spanName).asText()).as("line %s", event).isEqualTo(span);
      assertThat(event.path(traceName).asText()).as("line %s", event).isEqualTo("t-" + span);
      assertThat(event.path("asked_on").asText())
          .as("the source ran on the thread that logged: %s", event)
          .isEqualTo(event.path(threadName).asText());
    }
  }
}
