package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import dev.logcontext.concurrent.ContextExecutors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class MdcBridgeTest {
  private static final Logger log = LoggerFactory.getLogger(MdcBridgeTest.class);

  @TempDir Path dir;

  @AfterEach
  void contextIsClean() {
    assertThat(LogContext.capture().isEmpty()).as("test left context behind").isTrue();
  }

  @Test
  void theProviderInstallsLogContextAsTheMdcOfSlf4jAndLogback() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(context.getMDCAdapter()).isInstanceOf(LogContextMDCAdapter.class);
    assertThat(MDC.getMDCAdapter()).isSameAs(context.getMDCAdapter());
  }

  @Test
  void mdcAndLogContextAreOneContext() {
    try (Scope scope = LogContext.with("user_id", 42L)) {
      assertThat(MDC.get("user_id")).isEqualTo("42");
      MDC.put("legacy", "x");
      assertThat(LogContext.get("legacy")).isEqualTo("x");
      assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("user_id", "42", "legacy", "x"));
    }
    assertThat(MDC.get("legacy")).as("undone when the enclosing scope closed").isNull();
  }

  @Test
  void anMdcCopySetBackKeepsTheTypedFieldsOnAnyThread() throws Exception {
    Map<String, String> copy;
    try (Scope scope = LogContext.with("user_id", 42L).and("vip", true)) {
      copy = MDC.getCopyOfContextMap();
      Snapshot before = LogContext.capture();
      MDC.clear();
      MDC.setContextMap(copy);
      assertThat(LogContext.capture()).isSameAs(before);
    }
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      Future<Map<String, Object>> seen =
          worker.submit(
              () -> {
                MDC.setContextMap(copy);
                try {
                  return LogContext.fields();
                } finally {
                  MDC.clear();
                }
              });
      assertThat(seen.get(10, TimeUnit.SECONDS))
          .containsOnly(Map.entry("user_id", 42L), Map.entry("vip", true));
    } finally {
      worker.shutdown();
    }
    MDC.setContextMap(new HashMap<>(Map.of("user_id", "42")));
    assertThat(LogContext.get("user_id")).as("a foreign map binds strings").isEqualTo("42");
    MDC.clear();
  }

  @Test
  void mdcOperationsFollowTheSlf4jContract() {
    MDC.put("a", "1");
    MDC.put("b", "2");
    MDC.remove("a");
    assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("b", "2"));
    Map<String, String> replacement = new HashMap<>();
    replacement.put("c", "3");
    MDC.setContextMap(replacement);
    assertThat(LogContext.fields()).isEqualTo(Map.of("c", "3"));
    MDC.put("has space", "kept");
    assertThat(MDC.get("has space")).isEqualTo("kept");
    MDC.put("c", null);
    assertThat(MDC.get("c")).isNull();
    MDC.clear();
    assertThat(LogContext.capture().isEmpty()).isTrue();
    try (MDC.MDCCloseable closeable = MDC.putCloseable("k", "v")) {
      assertThat(LogContext.get("k")).isEqualTo("v");
    }
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void mdcPutTravelsThroughPropagatingExecutorsAndStaysOutOfTheWorker() throws Exception {
    ExecutorService plain = Executors.newFixedThreadPool(2);
    ExecutorService pool = ContextExecutors.propagating(plain);
    try {
      MDC.put("request_id", "r-legacy");
      Future<String> seen = pool.submit(() -> MDC.get("request_id"));
      assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("r-legacy");
      MDC.clear();
      assertThat(plain.submit(() -> MDC.getCopyOfContextMap()).get()).isEmpty();
    } finally {
      plain.shutdownNow();
    }
  }

  @Test
  void asyncAppenderLogsWhatWasBoundWhenTheEventWasCreated() throws Exception {
    Path file = dir.resolve("async.log");
    LoggerContext context = LogbackConfigs.load("async-text.xml", file);
    int threads = 8;
    int perThread = 500;
    ExecutorService requests = Executors.newFixedThreadPool(threads);
    ExecutorService workers = ContextExecutors.propagating(Executors.newFixedThreadPool(3));
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            requests.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    String id = "t" + thread + "-" + i;
                    try (Scope scope = LogContext.with("request_id", id).and("user_id", i)) {
                      log.info("direct {}", id);
                      MDC.put("request_id", id + "-mdc");
                      log.info("mdc {}", id + "-mdc");
                      workers.submit(() -> log.info("worker {}", id + "-mdc")).get();
                      MDC.put("request_id", "changed-after-logging");
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      requests.shutdownNow();
      workers.shutdownNow();
      LogbackConfigs.stop(context);
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(threads * perThread * 3);
    for (String line : lines) {
      String[] parts = line.split("\\|", -1);
      String expectedId = parts[3].substring(parts[3].indexOf(' ') + 1);
      assertThat(parts[0]).as(line).isEqualTo(expectedId);
      assertThat(parts[1]).as(line).isEqualTo(expectedId);
      assertThat(parts[4]).as(line).startsWith("{request_id=" + expectedId + ", user_id=");
    }
  }

  @Test
  void turboFiltersSeeFieldsBoundThroughLogContext() throws Exception {
    Path file = dir.resolve("turbo.log");
    LoggerContext context = LogbackConfigs.load("async-text.xml", file);
    try {
      try (Scope scope = LogContext.with("drop", "yes")) {
        log.info("dropped by MDCFilter");
      }
      log.info("kept");
    } finally {
      LogbackConfigs.stop(context);
    }
    assertThat(Files.readAllLines(file)).hasSize(1).allMatch(line -> line.contains("|kept|"));
  }

  @Test
  void eventsCarryTheSnapshotByReference() {
    LogContextMDCAdapter adapter = new LogContextMDCAdapter();
    try (Scope scope = LogContext.with("a", 1)) {
      Snapshot current = LogContext.capture();
      assertThat(LogContextMDCAdapter.snapshotOf(adapter.getPropertyMap())).isSameAs(current);
      assertThat(adapter.getPropertyMap()).isEqualTo(Map.of("a", "1"));
    }
    assertThat(LogContextMDCAdapter.snapshotOf(Map.of("a", "1"))).isNull();
  }
}
