package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.concurrent.ContextExecutors;
import dev.logcontext.concurrent.ContextFutures;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

class LogContextJsonEncoderTest {
  private static final Logger log = LoggerFactory.getLogger("com.example.OrderService");

  @TempDir Path dir;
  private LoggerContext context;

  @AfterEach
  void stopLogback() {
    if (context != null) {
      LogbackConfigs.stop(context);
    }
    assertThat(LogContext.capture().isEmpty()).as("test left context behind").isTrue();
  }

  /** Logback's FileAppender and ours (which writes without a byte[] per event), same encoder. */
  static Stream<String> fileConfigs() {
    return Stream.of("json-async.xml", "json-async-direct.xml");
  }

  private List<Map<String, Object>> logAndRead(String config, Runnable logging) throws Exception {
    Path file = dir.resolve("out.json");
    context = LogbackConfigs.load(config, file);
    logging.run();
    LogbackConfigs.stop(context);
    context = null;
    return JsonLines.read(file);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileConfigs")
  void contextFieldsAreTypedTopLevelFieldsAfterTheStandardOnes(String config) throws Exception {
    UUID session = UUID.fromString("7f3a0000-0000-4000-8000-000000000001");
    List<Map<String, Object>> events =
        logAndRead(
            config,
            () -> {
              try (Scope scope =
                  LogContext.with("request_id", "r-1")
                      .and("correlation_id", "7f3a")
                      .and("user_id", 42L)
                      .and("vip", true)
                      .and("amount", new BigDecimal("12.50"))
                      .and("session", session)
                      .and("roles", List.of("admin", "ops"))
                      .and("attrs", Map.of("region", "eu"))) {
                log.atInfo()
                    .addMarker(MarkerFactory.getMarker("AUDIT"))
                    .addKeyValue("order_id", 1001)
                    .log("Order {} placed for {}", 1001, "alice");
              }
            });
    assertThat(events).hasSize(1);
    Map<String, Object> event = events.get(0);
    assertThat(new ArrayList<>(event.keySet()))
        .startsWith("@timestamp", "level", "logger_name", "thread_name", "message");
    assertThat(event)
        .containsEntry("level", "INFO")
        .containsEntry("logger_name", "com.example.OrderService")
        .containsEntry("message", "Order 1001 placed for alice")
        .containsEntry("service", "orders")
        .containsEntry("request_id", "r-1")
        .containsEntry("correlation_id", "7f3a")
        .containsEntry("user_id", 42)
        .containsEntry("vip", true)
        .containsEntry("amount", 12.5)
        .containsEntry("session", session.toString())
        .containsEntry("roles", List.of("admin", "ops"))
        .containsEntry("attrs", Map.of("region", "eu"))
        .containsEntry("order_id", 1001)
        .containsEntry("tags", List.of("AUDIT"));
    assertThat((String) event.get("@timestamp"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileConfigs")
  void everyEventBehindAsyncAppenderCarriesItsOwnRequestNothingLostNoCrossTalk(String config)
      throws Exception {
    int threads = 8;
    int requests = 300;
    ExecutorService requestThreads = Executors.newFixedThreadPool(threads);
    ExecutorService pool = ContextExecutors.propagating(Executors.newFixedThreadPool(3));
    List<Map<String, Object>> events;
    try {
      events =
          logAndRead(
              config,
              () -> {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                  int thread = t;
                  done.add(
                      requestThreads.submit(
                          () -> {
                            for (int i = 0; i < requests; i++) {
                              String id = "c-" + thread + "-" + i;
                              try (Scope scope =
                                  LogContext.with("correlation_id", id).and("seq", i)) {
                                log.info("start {}", id);
                                MDC.put("legacy", id);
                                pool.submit(() -> log.info("pool {}", id)).get();
                                ContextFutures.supplyAsync(() -> id, pool)
                                    .thenAccept(v -> log.info("future {}", v))
                                    .get(10, TimeUnit.SECONDS);
                              }
                            }
                            return null;
                          }));
                }
                for (Future<?> future : done) {
                  try {
                    future.get(120, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                }
              });
    } finally {
      requestThreads.shutdownNow();
      pool.shutdownNow();
    }
    assertThat(events).hasSize(threads * requests * 3);
    Set<String> seen = new HashSet<>();
    for (Map<String, Object> event : events) {
      String message = (String) event.get("message");
      String id = message.substring(message.indexOf(' ') + 1);
      assertThat(event.get("correlation_id")).as(message).isEqualTo(id);
      if (!message.startsWith("start")) {
        assertThat(event.get("legacy")).as(message).isEqualTo(id);
      }
      assertThat(seen.add(message)).as("duplicate event " + message).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileConfigs")
  void hostileValuesAndKeysNeverBreakALineOrOverwriteStandardFields(String config)
      throws Exception {
    Object throwingToString =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("no");
          }
        };
    String huge = "x".repeat(200_000);
    List<Map<String, Object>> events =
        logAndRead(
            config,
            () -> {
              try (Scope scope =
                  LogContext.with("text", "line1\nline2\r\t\"quoted\" \\ \u0000 \u2028 \u2029")
                      .and("lone", "a\uD800b")
                      .and("huge", huge)
                      .and("message", "from context")
                      .and("level", "from context")
                      .and("@timestamp", "from context")
                      .and("odd", throwingToString)) {
                MDC.put("weird key\n\"", "v");
                log.atWarn()
                    .addKeyValue("message", "from kv")
                    .addKeyValue("kv_throws", throwingToString)
                    .log("multi\nline \u001b[31m message");
              }
            });
    assertThat(events).hasSize(1);
    Map<String, Object> event = events.get(0);
    assertThat(event)
        .containsEntry("message", "multi\nline \u001b[31m message")
        .containsEntry("level", "WARN")
        .containsEntry("text", "line1\nline2\r\t\"quoted\" \\ \u0000 \u2028 \u2029")
        .containsEntry("lone", "a\uFFFDb")
        .containsEntry("ctx_message", "from context")
        .containsEntry("ctx_level", "from context")
        .containsEntry("ctx_@timestamp", "from context")
        .containsEntry("weird key\n\"", "v");
    assertThat((String) event.get("@timestamp")).doesNotContain("context");
    assertThat((String) event.get("huge")).hasSizeLessThan(16_500).contains("truncated");
    assertThat((String) event.get("odd")).contains("threw java.lang.IllegalStateException");
    assertThat(event).containsEntry("ctx_ctx_message", "from kv");
    assertThat((String) event.get("kv_throws")).contains("threw java.lang.IllegalStateException");
  }

  @Test
  void theEcsPresetFollowsTheEcsLoggingSpec() throws Exception {
    List<Map<String, Object>> events =
        logAndRead(
            "json-ecs.xml",
            () -> {
              try (Scope scope = LogContext.with("trace.id", "abc")) {
                log.error("failed", new IllegalStateException("broken"));
              }
            });
    Map<String, Object> event = events.get(0);
    assertThat(new ArrayList<>(event.keySet())).startsWith("@timestamp", "log.level", "message");
    assertThat(event)
        .containsEntry("log.level", "ERROR")
        .containsEntry("log.logger", "com.example.OrderService")
        .containsEntry("service.name", "orders")
        .containsEntry("trace.id", "abc")
        .containsEntry("error.type", "java.lang.IllegalStateException")
        .containsEntry("error.message", "broken")
        .containsKey("ecs.version")
        .containsKey("process.thread.name");
    assertThat((String) event.get("error.stack_trace"))
        .startsWith("java.lang.IllegalStateException: broken");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileConfigs")
  void aValueThatFailsCostsOnlyItsFieldAndIsReportedOnceAsAStatus(String config) throws Exception {
    Map<String, Object> broken =
        new java.util.AbstractMap<>() {
          @Override
          public Set<Map.Entry<String, Object>> entrySet() {
            throw new IllegalStateException("broken map");
          }
        };
    Path file = dir.resolve("failing.json");
    context = LogbackConfigs.load(config, file);
    log.atInfo().addKeyValue("bad", broken).log("first");
    log.atInfo().addKeyValue("bad", broken).log("second");
    log.info("third");
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAndStopAllAppenders(); // drains the queue
    List<Status> statuses = context.getStatusManager().getCopyOfStatusList();
    LogbackConfigs.stop(context);
    context = null;
    List<Map<String, Object>> events = JsonLines.read(file);
    assertThat(events)
        .extracting(e -> e.get("message"))
        .containsExactly("first", "second", "third");
    assertThat(events.get(0))
        .doesNotContainKey("encoder_error")
        .containsEntry("level", "INFO")
        .containsEntry("bad", "[value failed: java.lang.IllegalStateException: broken map]");
    assertThat(events.get(2)).doesNotContainKey("encoder_error");
    assertThat(statuses)
        .filteredOn(s -> s.getLevel() == Status.ERROR)
        .singleElement()
        .satisfies(s -> assertThat(s.getMessage()).contains("failed to encode"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileConfigs")
  void loggingFromInsideAToStringWhileEncodingKeepsEveryLineValid(String config) throws Exception {
    Object chatty =
        new Object() {
          @Override
          public String toString() {
            log.info("logged from toString");
            return "chatty";
          }
        };
    List<Map<String, Object>> events =
        logAndRead(config, () -> log.atInfo().addKeyValue("chatty", chatty).log("outer"));
    assertThat(events).extracting(e -> e.get("message")).contains("outer");
    assertThat(events)
        .filteredOn(e -> "outer".equals(e.get("message")))
        .singleElement()
        .satisfies(e -> assertThat(e).containsEntry("chatty", "chatty"));
  }

  @Test
  void aBadOptionIsReportedOnceAndReplacedByItsDefaultSoThatEventsStayComplete() throws Exception {
    Path file = dir.resolve("bad.json");
    context = LogbackConfigs.loadAllowingProblems("json-bad-option.xml", file);
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .filteredOn(s -> s.getLevel() == Status.ERROR)
        .extracting(Status::getMessage)
        .satisfiesExactlyInAnyOrder(
            m -> assertThat(m).contains("preset", "no-such-preset"),
            m -> assertThat(m).contains("maxEventBytes", "256", "default"));
    Logger log = context.getLogger("bad");
    try (Scope ignored = LogContext.with("user_id", 42)) {
      log.info("a complete event {}", "x".repeat(500));
    }
    LogbackConfigs.stop(context);
    context = null;
    assertThat(JsonLines.read(file))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e).containsEntry("user_id", 42).containsEntry("service", "orders");
              assertThat(e.get("message")).isEqualTo("a complete event " + "x".repeat(500));
              assertThat(e).containsKey("logger_name").doesNotContainKey("encoder_error");
            });
  }
}
