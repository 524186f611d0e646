package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.ScopeChecks;
import dev.logcontext.Snapshot;
import dev.logcontext.json.buffer.RequestBuffers;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link LogContextBuffering} and the layout's {@code requiredFields}, from real XML files. */
class BufferingTest {
  @TempDir Path dir;

  @AfterEach
  void clean() {
    ScopeChecks.setStrict(false);
    assertThat(LogContext.capture().isEmpty()).as("test left context behind").isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"log4j2-buffer.xml", "log4j2-buffer-behind-async.xml"})
  void aFailingRequestsDebugLinesComeBeforeItsErrorInOrderOnceAndNoOtherRequestsDo(String xml)
      throws Exception {
    Path file = dir.resolve("requests.log");
    LoggerContext context = Log4jConfigs.start(xml, file);
    Logger log = context.getLogger("com.example.OrderService");
    BufferedRequests.run(log);
    BufferedRequests.expireEveryEndedRequest(log);
    RequestBuffers.Stats stats = null;
    if (xml.equals("log4j2-buffer.xml")) {
      stats = ((LogContextBuffering) context.getConfiguration().getAppender("BUFFER")).stats();
    }
    Log4jConfigs.stop(context);
    BufferedRequests.check(JsonLines.read(file));
    if (stats != null) {
      assertThat(stats.requests()).isZero();
      assertThat(stats.droppedAtEnd())
          .isEqualTo((long) BufferedRequests.REQUESTS * 4 / 5 * BufferedRequests.STEPS);
    }
  }

  @Test
  void tenThousandOpenRequestsStayWithinTheBoundsAndOverflowIsNotedOnTheNextLine()
      throws Exception {
    Path file = dir.resolve("bounds.log");
    LoggerContext context = Log4jConfigs.start("log4j2-buffer-bounds.xml", file);
    Logger log = context.getLogger("com.example.OrderService");
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
    RequestBuffers.Stats stats =
        ((LogContextBuffering) context.getConfiguration().getAppender("BUFFER")).stats();
    assertThat(stats.requests()).isLessThanOrEqualTo(1_000);
    assertThat(stats.events()).isLessThanOrEqualTo(1_000L * 5);
    assertThat(stats.bytes()).isLessThanOrEqualTo(1_000L * 4_096);
    assertThat(stats.events() + stats.droppedOverflow() + stats.droppedEvicted())
        .as("every event is held or counted as dropped")
        .isEqualTo(80_000L);
    Snapshot.empty().with("correlation_id", "open-9999").run(() -> log.error("failed"));
    Snapshot.empty().with("correlation_id", "open-8500").run(() -> log.warn("still here"));
    Log4jConfigs.stop(context);

    List<JsonNode> lines = JsonLines.read(file);
    List<JsonNode> last =
        lines.stream().filter(l -> l.path("correlation_id").asText().equals("open-9999")).toList();
    assertThat(last).hasSize(6);
    assertThat(last.get(0).get("message").asText()).isEqualTo("line 3 " + "x".repeat(200));
    assertThat(last.get(0).get("buffer_dropped").asLong()).isEqualTo(3);
    assertThat(last.get(5).get("level").asText()).isEqualTo("ERROR");
    List<JsonNode> evicted =
        lines.stream().filter(l -> l.path("correlation_id").asText().equals("open-8500")).toList();
    assertThat(evicted).hasSize(1);
    assertThat(evicted.get(0).get("buffer_dropped").asLong()).isEqualTo(8);
  }

  @Test
  void badAttributesAreReportedNamingThemAndTheAppenderIsNotCreated() {
    List<String> errors = new ArrayList<>();
    StatusListener listener = listener(errors, org.apache.logging.log4j.Level.ERROR);
    StatusLogger.getLogger().registerListener(listener);
    LoggerContext context;
    try {
      System.setProperty("logcontext.test.file", dir.resolve("bad.log").toString());
      URI uri = Log4jConfigs.uri("log4j2-buffer-bad.xml");
      context = new LoggerContext("bad-buffer", null, uri);
      context.start();
    } finally {
      StatusLogger.getLogger().removeListener(listener);
    }
    try {
      assertThat(errors)
          .anyMatch(m -> m.contains("bufferLevel ERROR must be below triggerLevel WARN"))
          .anyMatch(m -> m.contains("invalid requestKey 'correlation id'"));
      assertThat((Object) context.getConfiguration().getAppender("BUFFER")).isNull();
    } finally {
      Log4jConfigs.stop(context);
    }
  }

  @Test
  void aLineFromAnUnwrappedPoolIsFlaggedAndReportedOnceWithTheSubmittingStack() throws Exception {
    Path file = dir.resolve("required.log");
    LoggerContext context = Log4jConfigs.start("log4j2-required-fields.xml", file);
    Logger log = context.getLogger("com.example.OrderService");
    List<StatusData> warnings = new ArrayList<>();
    StatusListener listener = dataListener(warnings);
    StatusLogger.getLogger().registerListener(listener);
    ScopeChecks.setStrict(true);
    ExecutorService unwrapped = Executors.newSingleThreadExecutor();
    try (Scope request = LogContext.with("correlation_id", "c-1")) {
      log.info("on the request thread");
      submitFromTheRequest(log, unwrapped);
    } finally {
      unwrapped.shutdown();
      assertThat(unwrapped.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      StatusLogger.getLogger().removeListener(listener);
    }
    Log4jConfigs.stop(context);

    List<JsonNode> lines = JsonLines.read(file);
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0).has("context_missing")).isFalse();
    for (JsonNode line : lines.subList(1, 6)) {
      assertThat(line.has("correlation_id")).isFalse();
      assertThat(line.get("context_missing").toString()).isEqualTo("[\"correlation_id\"]");
    }
    List<StatusData> reports =
        warnings.stream()
            .filter(w -> w.getFormattedStatus().contains("a line without [correlation_id]"))
            .toList();
    assertThat(reports).as("one report for five lines of one logger and thread").hasSize(1);
    Throwable report = reports.get(0).getThrowable();
    assertThat(report.getStackTrace())
        .anyMatch(frame -> frame.getMethodName().contains("lambda$submitFromTheRequest"));
    assertThat(report.getCause()).isNotNull();
    assertThat(report.getCause().getStackTrace())
        .anyMatch(frame -> frame.getMethodName().equals("submitFromTheRequest"));
  }

  private static void submitFromTheRequest(Logger log, ExecutorService unwrapped) throws Exception {
    for (int i = 0; i < 5; i++) {
      unwrapped.submit(() -> log.info("lost")).get();
    }
  }

  private static StatusListener listener(List<String> into, org.apache.logging.log4j.Level level) {
    return new StatusListener() {
      @Override
      public void log(StatusData data) {
        synchronized (into) {
          into.add(data.getFormattedStatus());
        }
      }

      @Override
      public org.apache.logging.log4j.Level getStatusLevel() {
        return level;
      }

      @Override
      public void close() {}
    };
  }

  private static StatusListener dataListener(List<StatusData> into) {
    return new StatusListener() {
      @Override
      public void log(StatusData data) {
        synchronized (into) {
          into.add(data);
        }
      }

      @Override
      public org.apache.logging.log4j.Level getStatusLevel() {
        return org.apache.logging.log4j.Level.WARN;
      }

      @Override
      public void close() {}
    };
  }
}
