package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import dev.logcontext.EventFields;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.TraceFields;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sources of event fields through the MDC bridge and real Logback configurations: asked on the
 * thread that logs, behind AsyncAppender too, failures contained, Micrometer's MDC keys folded.
 */
class EventFieldSourceTest {
  private static final Logger log = LoggerFactory.getLogger("com.example.Traced");

  /** What a tracer's "current span" is to the test source: a per-thread value. */
  private static final ThreadLocal<String> CURRENT_SPAN = new ThreadLocal<>();

  @TempDir Path dir;
  private LoggerContext context;
  private final List<EventFields.Registration> registrations = new ArrayList<>();

  @AfterEach
  void stop() {
    registrations.forEach(EventFields.Registration::close);
    if (context != null) {
      LogbackConfigs.stop(context);
    }
    assertThat(LogContext.capture().isEmpty()).as("test left context behind").isTrue();
  }

  /** A tracer-like source: the current span of this thread, and the thread that was asked. */
  private void installTracer() {
    registrations.add(
        EventFields.install(
            ctx -> {
              String span = CURRENT_SPAN.get();
              Map<String, Object> asked = Map.of("asked_on", Thread.currentThread().getName());
              return span == null
                  ? ctx.with(asked)
                  : TraceFields.with(ctx, "t-" + span, span, "01").with(asked);
            }));
  }

  private List<Map<String, Object>> logAndRead(String config, Runnable logging) throws Exception {
    Path file = dir.resolve("out.json");
    context = LogbackConfigs.load(config, file);
    logging.run();
    LogbackConfigs.stop(context);
    context = null;
    return JsonLines.read(file);
  }

  @Test
  void behindAsyncAppenderEveryLineCarriesTheSpanCurrentWhenItWasLoggedAskedOnTheLoggingThread()
      throws Exception {
    installTracer();
    int threads = 6;
    int perThread = 400;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Map<String, Object>> events =
        logAndRead(
            "json-async.xml",
            () -> {
              List<Future<?>> done = new ArrayList<>();
              for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(
                    pool.submit(
                        () -> {
                          for (int i = 0; i < perThread; i++) {
                            String span = thread + "-" + i;
                            CURRENT_SPAN.set(span);
                            try (Scope scope = LogContext.with("n", span)) {
                              log.info("in span {}", span);
                            }
                            CURRENT_SPAN.set("after-" + span); // the next span, right away
                          }
                          CURRENT_SPAN.remove();
                        }));
              }
              for (Future<?> f : done) {
                try {
                  f.get();
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              }
              pool.shutdown();
            });

    assertThat(events).hasSize(threads * perThread);
    for (Map<String, Object> event : events) {
      String span = (String) event.get("n");
      assertThat(event)
          .as("line %s", event)
          .containsEntry("span_id", span)
          .containsEntry("trace_id", "t-" + span)
          .containsEntry("trace_flags", "01")
          .containsEntry("asked_on", event.get("thread_name"));
    }
  }

  @Test
  void micrometersMdcKeysAreFoldedIntoTheCanonicalNamesWhenTheTracerReportsASpan()
      throws Exception {
    installTracer();
    List<Map<String, Object>> events =
        logAndRead(
            "json-async.xml",
            () -> {
              MDC.put("traceId", "t-s1");
              MDC.put("spanId", "s1");
              CURRENT_SPAN.set("s1");
              log.info("with a span");
              CURRENT_SPAN.remove();
              log.info("without a span");
              MDC.clear();
            });

    assertThat(events).hasSize(2);
    assertThat(events.get(0))
        .containsEntry("trace_id", "t-s1")
        .containsEntry("span_id", "s1")
        .doesNotContainKeys("traceId", "spanId");
    assertThat(events.get(1))
        .as("without a tracer span the MDC keys stay as they were")
        .containsEntry("traceId", "t-s1")
        .containsEntry("spanId", "s1")
        .doesNotContainKeys("trace_id", "span_id");
  }

  @Test
  void aFailingSourceNeverLosesTheEventOrReachesTheCaller() throws Exception {
    registrations.add(
        EventFields.install(
            ctx -> {
              throw new IllegalStateException("tracer down");
            }));
    List<Map<String, Object>> events =
        logAndRead(
            "json-async.xml",
            () -> {
              try (Scope scope = LogContext.with("request_id", "r-1")) {
                log.info("still written");
              }
            });

    assertThat(events).singleElement();
    assertThat(events.get(0))
        .containsEntry("message", "still written")
        .containsEntry("request_id", "r-1");
    assertThat((String) events.get(0).get(EventFields.FAILURE_FIELD))
        .endsWith(" threw java.lang.IllegalStateException]");
  }

  @Test
  void theEcsPresetWritesTheTracerIdsAsTraceIdAndSpanId() throws Exception {
    installTracer();
    List<Map<String, Object>> events =
        logAndRead(
            "json-ecs.xml",
            () -> {
              CURRENT_SPAN.set("s2");
              log.info("ecs");
              CURRENT_SPAN.remove();
            });

    assertThat(events.get(0))
        .containsEntry("trace.id", "t-s2")
        .containsEntry("span.id", "s2")
        .doesNotContainKeys("trace_id", "span_id");
  }

  @Test
  void logbacksOwnMdcConverterSeesTheSourceFieldsToo() {
    installTracer();
    CURRENT_SPAN.set("s3");
    try {
      assertThat(MDC.getMDCAdapter()).isInstanceOf(LogContextMDCAdapter.class);
      Map<String, String> eventMdc = ((LogContextMDCAdapter) MDC.getMDCAdapter()).getPropertyMap();
      assertThat(eventMdc).containsEntry("span_id", "s3");
      assertThat(MDC.get("span_id")).as("MDC.get reads the context, not the event").isNull();
    } finally {
      CURRENT_SPAN.remove();
    }
  }
}
