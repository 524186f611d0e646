package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.concurrent.ContextExecutors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;

/**
 * 400 concurrent requests through {@code LogContextBuffering}, every fifth failing: four DEBUG
 * steps each (two on a propagating pool), an INFO line, and an ERROR for the failing ones.
 */
final class BufferedRequests {
  static final int REQUESTS = 400;
  static final int STEPS = 4;

  private BufferedRequests() {}

  static boolean fails(int request) {
    return request % 5 == 0;
  }

  /** Runs the requests; returns once every one has ended (closed the scope binding its id). */
  static void run(Logger log) throws Exception {
    ExecutorService requests = Executors.newFixedThreadPool(64);
    ExecutorService workers = ContextExecutors.propagating(Executors.newFixedThreadPool(8));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      int request = i;
      done.add(
          requests.submit(
              () -> {
                start.await();
                request(log, request, workers);
                return null;
              }));
    }
    start.countDown();
    try {
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      requests.shutdown();
      workers.shutdown();
      assertThat(requests.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static void request(Logger log, int i, ExecutorService workers) throws Exception {
    try (Scope scope = LogContext.with("correlation_id", "c-" + i)) {
      log.debug("step 0 of c-{} on {}", i, Thread.currentThread().getName());
      workers
          .submit(
              () -> {
                log.debug("step 1 of c-{} on {}", i, Thread.currentThread().getName());
                log.debug("step 2 of c-{} on {}", i, Thread.currentThread().getName());
              })
          .get();
      log.debug("step 3 of c-{} on {}", i, Thread.currentThread().getName());
      log.info("handled c-{}", i);
      if (fails(i)) {
        log.error("failed c-" + i, new IllegalStateException("boom"));
      }
    }
  }

  /** Logs a line without a request once the clock has passed every end, so that they expire. */
  static void expireEveryEndedRequest(Logger log) {
    long now = System.currentTimeMillis();
    while (System.currentTimeMillis() <= now) {
      Thread.onSpinWait();
    }
    log.info("after the requests");
  }

  /**
   * Checks every line: a failing request's DEBUG lines come before its ERROR, in order, once,
   * marked, with their own threads and times; a successful request has its INFO line only.
   */
  static void check(List<JsonNode> lines) {
    Map<String, List<JsonNode>> byRequest = new HashMap<>();
    for (JsonNode line : lines) {
      JsonNode id = line.get("correlation_id");
      if (id != null) {
        byRequest.computeIfAbsent(id.asText(), k -> new ArrayList<>()).add(line);
      }
    }
    int failing = 0;
    for (int i = 0; i < REQUESTS; i++) {
      String id = "c-" + i;
      List<JsonNode> own = byRequest.getOrDefault(id, List.of());
      if (!fails(i)) {
        assertThat(own).as("lines of successful request %s", id).hasSize(1);
        assertThat(own.get(0).get("level").asText()).isEqualTo("INFO");
        assertThat(own.get(0).has("buffered")).isFalse();
        continue;
      }
      failing++;
      assertThat(own).as("lines of failing request %s", id).hasSize(STEPS + 2);
      JsonNode error = own.get(STEPS + 1);
      assertThat(error.get("level").asText())
          .as("the ERROR of %s comes last", id)
          .isEqualTo("ERROR");
      assertThat(error.has("buffered")).isFalse();
      List<JsonNode> debug =
          own.stream().filter(l -> l.get("level").asText().equals("DEBUG")).toList();
      assertThat(debug).hasSize(STEPS);
      for (int step = 0; step < STEPS; step++) {
        JsonNode line = debug.get(step);
        String message = line.get("message").asText();
        assertThat(message)
            .as("step %d of %s, in order", step, id)
            .startsWith("step " + step + " ");
        assertThat(line.get("buffered").asBoolean()).isTrue();
        assertThat(line.get("buffered").isBoolean()).isTrue();
        assertThat(message).endsWith(" on " + line.get("thread_name").asText());
        assertThat(line.get("@timestamp").asText().compareTo(error.get("@timestamp").asText()))
            .as("the original time")
            .isLessThanOrEqualTo(0);
      }
    }
    assertThat(failing).isEqualTo(REQUESTS / 5);
  }
}
