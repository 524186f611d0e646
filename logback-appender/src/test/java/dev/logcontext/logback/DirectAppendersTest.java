package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link LogContextFileAppender} and {@link LogContextConsoleAppender}, configured from XML. */
class DirectAppendersTest {
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

  @Test
  void theFileAppenderWritesExactlyTheBytesOfLogbacksFileAppender() throws Exception {
    Path file = dir.resolve("same.json");
    context = LogbackConfigs.load("json-two-files.xml", file);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("DIRECT"))
        .isInstanceOf(LogContextFileAppender.class);
    try (Scope scope =
        LogContext.with("request_id", "r-1").and("user_id", 42L).and("text", "a\nb\"c\uD800")) {
      log.info("plain");
      log.atWarn().addKeyValue("order_id", 1001).log("Order {} placed", 1001);
      log.error("failed", new IllegalStateException("broken", new IOException("cause")));
      log.info("big {}", "x".repeat(10_000)); // over maxEventBytes: cut, still one valid line
      log.info("non-ASCII: Grüße, 日本, 🎉");
    }
    LogbackConfigs.stop(context);
    context = null;

    byte[] logback = Files.readAllBytes(file);
    byte[] direct = Files.readAllBytes(dir.resolve("same.json.direct"));
    assertThat(JsonLines.read(file)).hasSize(5);
    assertThat(new String(direct, StandardCharsets.UTF_8))
        .isEqualTo(new String(logback, StandardCharsets.UTF_8));
  }

  @Test
  void eachLineIsCopiedFromTheEncodersReusedBufferNotFromANewArrayPerEvent() throws Exception {
    context = LogbackConfigs.load("json-two-files.xml", dir.resolve("arrays.json"));
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    ArrayRecorder direct = new ArrayRecorder();
    ArrayRecorder logback = new ArrayRecorder();
    ((OutputStreamAppender<ILoggingEvent>) root.getAppender("DIRECT")).setOutputStream(direct);
    ((OutputStreamAppender<ILoggingEvent>) root.getAppender("LOGBACK")).setOutputStream(logback);

    for (int i = 0; i < 3; i++) {
      log.info("event {}", i);
    }

    assertThat(direct.text()).isEqualTo(logback.text());
    assertThat(direct.arrays).hasSize(3);
    assertThat(distinct(direct.arrays)).as("one pooled buffer on one thread").hasSize(1);
    assertThat(distinct(logback.arrays)).as("Logback's path: an array per event").hasSize(3);
  }

  private static Set<byte[]> distinct(List<byte[]> arrays) {
    Set<byte[]> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(arrays);
    return distinct;
  }

  /** Records the identity of every array written, and the bytes. */
  private static final class ArrayRecorder extends OutputStream {
    final List<byte[]> arrays = new ArrayList<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      throw new AssertionError("a line must be written in one call");
    }

    @Override
    public void write(byte[] b, int off, int len) {
      arrays.add(b);
      bytes.write(b, off, len);
    }

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void theConsoleAppenderWritesEveryEventOfManyThreadsAsItsOwnLine() throws Exception {
    int threads = 6;
    int perThread = 500;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    System.setOut(new PrintStream(console, false, StandardCharsets.UTF_8));
    try {
      context = LogbackConfigs.load("json-console-direct.xml", dir.resolve("unused"));
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    try (Scope scope = LogContext.with("request_id", thread + "-" + i)) {
                      log.info("event {}-{}", thread, i);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
      LogbackConfigs.stop(context);
      context = null;
    } finally {
      pool.shutdownNow();
      System.setOut(originalOut);
    }

    String text = console.toString(StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    Set<String> seen = new HashSet<>();
    for (String line : text.split("\n")) {
      Map<String, Object> event = JsonLines.parse(line);
      String message = (String) event.get("message");
      assertThat(message).startsWith("event ");
      assertThat(event).containsEntry("request_id", message.substring("event ".length()));
      assertThat(seen.add(message)).as("duplicate " + message).isTrue();
    }
    assertThat(seen).hasSize(threads * perThread);
  }

  @Test
  void withAnotherEncoderOrInPrudentModeLogbacksOwnPathWritesTheEvents() throws Exception {
    Path file = dir.resolve("pattern.log");
    context = LogbackConfigs.load("direct-other-encoders.xml", file);
    try (Scope scope = LogContext.with("request_id", "r-9")) {
      log.info("first");
      log.warn("second");
    }
    LogbackConfigs.stop(context);
    context = null;

    assertThat(Files.readAllLines(file))
        .containsExactly(
            "INFO com.example.OrderService first", "WARN com.example.OrderService second");
    assertThat(JsonLines.read(dir.resolve("pattern.log.prudent")))
        .extracting(e -> e.get("message") + " " + e.get("request_id"))
        .containsExactly("first r-9", "second r-9");
  }

  @Test
  void aFailingStreamIsReportedAndStopsTheAppenderWithoutReachingTheCaller() throws Exception {
    context = LogbackConfigs.load("json-async-direct.xml", dir.resolve("failing.json"));
    Appender<ILoggingEvent> async = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
    OutputStreamAppender<ILoggingEvent> file =
        (OutputStreamAppender<ILoggingEvent>)
            ((ch.qos.logback.classic.AsyncAppender) async).getAppender("FILE");
    file.setOutputStream(
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk gone");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("disk gone");
          }
        });

    assertThatCode(() -> log.info("lost to a broken disk")).doesNotThrowAnyException();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAndStopAllAppenders(); // drains the queue

    assertThat(file.isStarted()).isFalse();
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .filteredOn(s -> s.getLevel() == Status.ERROR)
        .anySatisfy(
            s -> {
              assertThat(s.getMessage()).contains("IO failure");
              assertThat(s.getThrowable()).hasMessage("disk gone");
            });
  }
}
