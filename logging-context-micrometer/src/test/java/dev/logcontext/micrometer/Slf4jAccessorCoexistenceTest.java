package dev.logcontext.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Both accessors in the global registry, as in an application that registered Micrometer's MDC
 * accessor by hand: it comes after ours (ours is loaded from {@code META-INF/services} when the
 * registry is created), so it sets the MDC after ours and restores it before ours.
 */
class Slf4jAccessorCoexistenceTest {
  private static final Logger log = LoggerFactory.getLogger(Slf4jAccessorCoexistenceTest.class);

  @TempDir static Path dir;
  private static JsonLines lines;

  @BeforeAll
  static void registerBoth() {
    lines = JsonLines.configure(dir.resolve("coexistence.json"));
    ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
    Hooks.enableAutomaticContextPropagation();
  }

  @AfterAll
  static void unregister() {
    Hooks.disableAutomaticContextPropagation();
    ContextRegistry.getInstance().removeThreadLocalAccessor(Slf4jThreadLocalAccessor.KEY);
    JsonLines.reset();
  }

  @AfterEach
  void testThreadIsClean() {
    assertThat(LogContext.capture().isEmpty()).as("test thread's context").isTrue();
  }

  private static void runPipelines(String test) {
    for (int i = 0; i < 200; i++) {
      try (Scope scope = LogContext.with("test", test).and("user_id", 1000L + i)) {
        Snapshot before = LogContext.capture();
        Flux.range(0, 3)
            .flatMap(
                j ->
                    Mono.delay(Duration.ofMillis(j), Schedulers.parallel())
                        .publishOn(Schedulers.boundedElastic())
                        .doOnNext(t -> log.info("element")))
            .publishOn(Schedulers.single())
            .doOnNext(t -> log.info("single"))
            .then()
            .block(Duration.ofSeconds(10));
        assertThat(LogContext.capture())
            .as("the caller's typed context after block()")
            .isEqualTo(before);
      }
    }
  }

  @Test
  void withBothRegisteredNoWorkerKeepsAnything() throws Exception {
    runPipelines("restore");
    List<JsonNode> all = lines.read();
    assertThat(all).isNotEmpty();
    for (JsonNode line : all) {
      if (line.get("test").asText().equals("restore")) {
        assertThat(line.has("user_id")).as("%s", line).isTrue();
      }
    }
    ReactorPropagationTest.assertWorkersAreClean();
  }

  /**
   * Micrometer's accessor copies the MDC with {@code MDC.getCopyOfContextMap()} and sets it back on
   * the worker with {@code MDC.setContextMap(copy)} after ours on every hop; the bridge's copy
   * keeps the typed values, so lines inside the pipeline carry {@code "user_id":1000}, not a
   * string.
   */
  @Test
  void theTypedFieldsWinOverTheMdcAccessorsStringCopies() {
    runPipelines("typed");
    for (JsonNode line : lines.read()) {
      if (line.get("test").asText().equals("typed")) {
        assertThat(line.get("user_id").isNumber())
            .as("typed, not a string copy: %s", line)
            .isTrue();
      }
    }
  }
}
