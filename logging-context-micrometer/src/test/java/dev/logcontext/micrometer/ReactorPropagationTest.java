package dev.logcontext.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor's automatic propagation with the accessor from the jar's {@code META-INF/services}: real
 * schedulers, real Logback with the JSON encoder, every line parsed and checked.
 */
class ReactorPropagationTest {
  private static final Logger log = LoggerFactory.getLogger(ReactorPropagationTest.class);
  private static final int PIPELINES = 1_000;

  @TempDir static Path dir;
  private static JsonLines lines;

  @BeforeAll
  static void enableAutomaticPropagation() {
    lines = JsonLines.configure(dir.resolve("reactor.json"));
    Hooks.enableAutomaticContextPropagation();
  }

  @AfterAll
  static void resetHooks() {
    Hooks.disableAutomaticContextPropagation();
    JsonLines.reset();
  }

  @AfterEach
  void testThreadIsClean() {
    assertThat(LogContext.capture().isEmpty()).as("test thread's context").isTrue();
  }

  @Test
  void everyLineOfAThousandConcurrentPipelinesCarriesItsTypedFields() throws Exception {
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < PIPELINES; i++) {
      int pipeline = i;
      try (Scope scope =
          LogContext.with("test", "mono").and("pipeline", pipeline).and("user_id", 1000L + i)) {
        Mono<Integer> mono =
            Mono.fromCallable(
                    () -> {
                      log.info("callable");
                      return pipeline;
                    })
                .subscribeOn(Schedulers.boundedElastic())
                .publishOn(Schedulers.parallel())
                .map(
                    v -> {
                      log.info("map");
                      return v;
                    })
                .flatMap(
                    v ->
                        Mono.delay(Duration.ofMillis(pipeline % 3), Schedulers.single())
                            .doOnNext(tick -> log.info("delayed"))
                            .thenReturn(v))
                .publishOn(Schedulers.boundedElastic())
                .doOnNext(v -> log.info("next"))
                .flatMapMany(
                    v ->
                        Flux.range(0, 3)
                            .flatMap(
                                j ->
                                    Mono.delay(Duration.ofMillis(j), Schedulers.parallel())
                                        .doOnNext(tick -> log.info("inner"))))
                .publishOn(Schedulers.single())
                .doOnNext(tick -> log.info("element"))
                .then(Mono.just(pipeline))
                .contextCapture();
        results.add(mono.toFuture());
      }
    }
    for (int i = 0; i < PIPELINES; i++) {
      assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
    }

    Map<Integer, Integer> perPipeline = new HashMap<>();
    Set<String> threads = new TreeSet<>();
    for (JsonNode line : linesOf("mono")) {
      assertThat(line.get("pipeline").isInt()).as("typed: %s", line).isTrue();
      int pipeline = line.get("pipeline").asInt();
      assertThat(line.get("user_id").isNumber()).as("typed: %s", line).isTrue();
      assertThat(line.get("user_id").asLong()).as("%s", line).isEqualTo(1000L + pipeline);
      perPipeline.merge(pipeline, 1, Integer::sum);
      threads.add(line.get("thread_name").asText().replaceAll("-\\d+$", ""));
    }
    assertThat(perPipeline).hasSize(PIPELINES);
    // callable, map, delayed, next, 3 x inner, 3 x element
    assertThat(perPipeline.values()).allSatisfy(count -> assertThat(count).isEqualTo(10));
    assertThat(threads).contains("boundedElastic", "parallel", "single");
    assertWorkersAreClean();
  }

  @Test
  void blockCapturesImplicitlyAndRestoresTheCallersContext() throws Exception {
    try (Scope scope = LogContext.with("test", "block").and("user_id", 42L)) {
      var before = LogContext.capture();
      Integer result =
          Flux.range(0, 10)
              .flatMap(
                  i ->
                      Mono.just(i)
                          .delayElement(Duration.ofMillis(i % 4), Schedulers.parallel())
                          .publishOn(Schedulers.boundedElastic())
                          .doOnNext(v -> log.info("element")))
              .reduce(0, Integer::sum)
              .block(Duration.ofSeconds(10));
      assertThat(result).isEqualTo(45);
      assertThat(LogContext.capture()).isSameAs(before);
    }
    List<JsonNode> block = linesOf("block");
    assertThat(block).hasSize(10);
    assertThat(block).allSatisfy(line -> assertThat(line.get("user_id").isNumber()).isTrue());
    assertWorkersAreClean();
  }

  @Test
  void theFieldsOfASubscriptionDoNotReachAnother() throws Exception {
    CountDownLatch done = new CountDownLatch(2);
    Map<String, Object> seen = new ConcurrentHashMap<>();
    try (Scope scope = LogContext.with("test", "isolation").and("user_id", 1L)) {
      Mono.delay(Duration.ofMillis(5), Schedulers.single())
          .doOnNext(t -> seen.put("first", LogContext.fields()))
          .contextCapture()
          .subscribe(t -> done.countDown());
    }
    // Subscribed with an empty context: nothing propagates, and the worker's is empty.
    Mono.delay(Duration.ofMillis(10), Schedulers.single())
        .doOnNext(t -> seen.put("second", LogContext.fields()))
        .contextCapture()
        .subscribe(t -> done.countDown());
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen.get("first")).isEqualTo(Map.of("test", "isolation", "user_id", 1L));
    assertThat(seen.get("second")).isEqualTo(Map.of());
  }

  private static List<JsonNode> linesOf(String test) {
    List<JsonNode> all = lines.read();
    List<JsonNode> selected = new ArrayList<>();
    for (JsonNode line : all) {
      assertThat(line.has("test")).as("every line carries its test's fields: %s", line).isTrue();
      if (line.get("test").asText().equals(test)) {
        selected.add(line);
      }
    }
    return selected;
  }

  /** Runs a task on every worker thread of the three shared schedulers: each context is empty. */
  static void assertWorkersAreClean() throws InterruptedException {
    assertCleanOn(Schedulers.parallel(), 4 * Runtime.getRuntime().availableProcessors());
    assertCleanOn(Schedulers.single(), 2);
    // Holding as many workers as the pool may have threads visits every thread it has.
    assertCleanOn(Schedulers.boundedElastic(), Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE);
  }

  private static void assertCleanOn(Scheduler scheduler, int workers) throws InterruptedException {
    List<Scheduler.Worker> held = new ArrayList<>();
    Map<String, String> dirty = new ConcurrentHashMap<>();
    Set<String> visited = ConcurrentHashMap.newKeySet();
    CountDownLatch ran = new CountDownLatch(workers);
    try {
      for (int i = 0; i < workers; i++) {
        Scheduler.Worker worker = scheduler.createWorker();
        held.add(worker);
        worker.schedule(
            () -> {
              String thread = Thread.currentThread().getName();
              visited.add(thread);
              if (!LogContext.capture().isEmpty() || !MDC.getCopyOfContextMap().isEmpty()) {
                dirty.put(thread, LogContext.capture().toString());
              }
              ran.countDown();
            });
      }
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      held.forEach(Scheduler.Worker::dispose);
    }
    assertThat(visited).isNotEmpty();
    assertThat(dirty).as("workers that kept context").isEmpty();
  }
}
