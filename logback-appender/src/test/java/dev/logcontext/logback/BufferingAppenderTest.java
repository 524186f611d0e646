package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.status.Status;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import dev.logcontext.concurrent.ContextExecutors;
import dev.logcontext.json.buffer.RequestBuffers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link LogContextBufferingAppender} in real Logback configurations read from XML. */
class BufferingAppenderTest {
  private static final Logger log = LoggerFactory.getLogger("com.example.OrderService");
  private static final int REQUESTS = 400;
  private static final int STEPS = 4;

  @TempDir Path dir;
  private LoggerContext context;

  @AfterEach
  void stopLogback() {
    if (context != null) {
      LogbackConfigs.stop(context);
    }
    assertThat(LogContext.capture().isEmpty()).as("test left context behind").isTrue();
  }

  private static boolean fails(int request) {
    return request % 5 == 0;
  }

  /** One request: four DEBUG steps, two of them on a propagating pool, INFO, ERROR if failing. */
  private static void request(int i, ExecutorService workers) throws Exception {
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

  private static RequestBuffers.Stats stats(LoggerContext context) {
    Appender<?> root = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("BUFFER");
    if (root == null) {
      AsyncAppender async =
          (AsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
      root = async.getAppender("BUFFER");
    }
    return ((LogContextBufferingAppender) root).stats();
  }

  /** Logs a line without a request once the clock has passed every end, so that they expire. */
  private static void expireEveryEndedRequest() {
    long now = System.currentTimeMillis();
    while (System.currentTimeMillis() <= now) {
      Thread.onSpinWait();
    }
    log.info("after the requests");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"buffer-sync.xml", "buffer-behind-async.xml", "buffer-in-front-of-async.xml"})
  void aFailingRequestsDebugLinesComeBeforeItsErrorInOrderOnceAndNoOtherRequestsDo(String xml)
      throws Exception {
    Path file = dir.resolve("requests.json");
    context = LogbackConfigs.load(xml, file);
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
                request(request, workers);
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    requests.shutdown();
    workers.shutdown();
    assertThat(requests.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    expireEveryEndedRequest();
    RequestBuffers.Stats stats;
    if (xml.equals("buffer-behind-async.xml")) {
      LogbackConfigs.stop(context); // drains the queue into the buffer first
      stats = null;
    } else {
      stats = stats(context);
      LogbackConfigs.stop(context);
    }
    context = null;

    List<Map<String, Object>> lines = JsonLines.read(file);
    Map<String, List<Integer>> positions = new HashMap<>();
    for (int n = 0; n < lines.size(); n++) {
      Object id = lines.get(n).get("correlation_id");
      if (id != null) {
        positions.computeIfAbsent((String) id, k -> new ArrayList<>()).add(n);
      }
    }
    int failing = 0;
    for (int i = 0; i < REQUESTS; i++) {
      String id = "c-" + i;
      List<Map<String, Object>> own = new ArrayList<>();
      for (int n : positions.getOrDefault(id, List.of())) {
        own.add(lines.get(n));
      }
      List<Map<String, Object>> debug =
          own.stream().filter(l -> "DEBUG".equals(l.get("level"))).toList();
      if (!fails(i)) {
        assertThat(debug).as("DEBUG lines of successful request %s", id).isEmpty();
        assertThat(own).as("lines of %s", id).hasSize(1);
        assertThat(own.get(0)).containsEntry("level", "INFO").doesNotContainKey("buffered");
        continue;
      }
      failing++;
      assertThat(own).as("lines of failing request %s", id).hasSize(STEPS + 2);
      int error = -1;
      for (int n = 0; n < own.size(); n++) {
        if ("ERROR".equals(own.get(n).get("level"))) {
          error = n;
        }
      }
      assertThat(error).as("the ERROR of %s comes after its DEBUG lines", id).isEqualTo(STEPS + 1);
      assertThat(own.get(error)).doesNotContainKey("buffered");
      assertThat(debug).hasSize(STEPS);
      String errorTime = (String) own.get(error).get("@timestamp");
      for (int step = 0; step < STEPS; step++) {
        Map<String, Object> line = debug.get(step);
        String message = (String) line.get("message");
        assertThat(message)
            .as("step %d of %s, in order", step, id)
            .startsWith("step " + step + " ");
        assertThat(line).containsEntry("buffered", true).doesNotContainKey("buffer_dropped");
        assertThat(message).as("the original thread").endsWith(" on " + line.get("thread_name"));
        assertThat(((String) line.get("@timestamp")).compareTo(errorTime))
            .as("the original time, not the time of the replay")
            .isLessThanOrEqualTo(0);
      }
    }
    assertThat(failing).isEqualTo(REQUESTS / 5);
    if (stats != null) {
      int successful = REQUESTS - failing;
      assertThat(stats.requests()).as("requests still held").isZero();
      assertThat(stats.droppedAtEnd())
          .as("DEBUG lines of successful requests dropped at their end")
          .isEqualTo((long) successful * STEPS);
      assertThat(stats.droppedOverflow() + stats.droppedEvicted()).isZero();
    }
  }

  @Test
  void tenThousandOpenRequestsStayWithinTheBoundsAndOverflowIsNotedOnTheNextLine()
      throws Exception {
    Path file = dir.resolve("bounds.json");
    context = LogbackConfigs.load("buffer-bounds.xml", file);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Snapshot request = Snapshot.empty().with("correlation_id", "open-" + i);
      done.add(
          pool.submit(
              () ->
                  request.run(
                      () -> {
                        for (int line = 0; line < 8; line++) {
                          log.debug("line {} {}", line, "x".repeat(200));
                        }
                      })));
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    RequestBuffers.Stats stats = stats(context);
    assertThat(stats.requests()).as("requests held").isLessThanOrEqualTo(1_000);
    assertThat(stats.events()).as("events held").isLessThanOrEqualTo(1_000L * 5);
    assertThat(stats.bytes()).as("estimated bytes held").isLessThanOrEqualTo(1_000L * 4_096);
    assertThat(stats.events() + stats.droppedOverflow() + stats.droppedEvicted())
        .as("every event is held or counted as dropped")
        .isEqualTo(80_000L);

    // The newest request holds its last five lines; its trigger replays them, the first noting 3.
    Snapshot.empty().with("correlation_id", "open-9999").run(() -> log.error("failed open-9999"));
    // An evicted request's next line says how many of its lines were dropped with it.
    Snapshot.empty().with("correlation_id", "open-8500").run(() -> log.warn("still here"));
    LogbackConfigs.stop(context);
    context = null;

    List<Map<String, Object>> lines = JsonLines.read(file);
    List<Map<String, Object>> last =
        lines.stream().filter(l -> "open-9999".equals(l.get("correlation_id"))).toList();
    assertThat(last).hasSize(6);
    assertThat(last.get(0))
        .containsEntry("message", "line 3 " + "x".repeat(200))
        .containsEntry("buffered", true)
        .containsEntry("buffer_dropped", 3);
    assertThat(last.subList(1, 5))
        .allSatisfy(l -> assertThat(l).doesNotContainKey("buffer_dropped"));
    assertThat(last.get(5)).containsEntry("level", "ERROR").doesNotContainKey("buffered");
    List<Map<String, Object>> first =
        lines.stream().filter(l -> "open-8500".equals(l.get("correlation_id"))).toList();
    assertThat(first).hasSize(1);
    assertThat(first.get(0)).containsEntry("level", "WARN").containsEntry("buffer_dropped", 8);
  }

  @Test
  void badOptionsAreErrorsNamingThemAndTheAppenderDoesNotStart() throws Exception {
    context = LogbackConfigs.loadAllowingProblems("buffer-bad-levels.xml", dir.resolve("bad.json"));
    List<String> errors =
        context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getLevel() == Status.ERROR)
            .map(Status::getMessage)
            .toList();
    assertThat(errors)
        .anyMatch(m -> m.contains("bufferLevel ERROR must be below triggerLevel WARN"))
        .anyMatch(m -> m.contains("invalid requestKey 'correlation id'"));
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("BUFFER").isStarted())
        .isFalse();
  }
}
