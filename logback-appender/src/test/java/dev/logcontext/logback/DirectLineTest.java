package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A line through {@link LogContextConsoleAppender} (message formatted into the line, MDC read as
 * the snapshot, no {@code prepareForDeferredProcessing()}) against the same encoder in Logback's
 * {@code OutputStreamAppender} (Logback's path, everything through {@code String}s and maps): the
 * same bytes, and what the direct line allocates.
 */
class DirectLineTest {
  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream directOut = new ByteArrayOutputStream();
  private final ByteArrayOutputStream logbackOut = new ByteArrayOutputStream();
  private LogContextConsoleAppender direct;
  private Logger logger;

  @BeforeEach
  void start() {
    context.setMDCAdapter(new LogContextMDCAdapter());
    context.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    // The direct appender first, so that it sees every event before anything prepared it.
    direct = new LogContextConsoleAppender();
    direct.setContext(context);
    direct.setEncoder(encoder());
    direct.start();
    direct.setOutputStream(directOut);
    root.addAppender(direct);
    OutputStreamAppender<ILoggingEvent> logback = new OutputStreamAppender<>();
    logback.setContext(context);
    logback.setEncoder(encoder());
    logback.setOutputStream(logbackOut);
    logback.start();
    root.addAppender(logback);
    logger = context.getLogger("com.example.OrderService");
  }

  private LogContextJsonEncoder encoder() {
    LogContextJsonEncoder encoder = new LogContextJsonEncoder();
    encoder.setContext(context);
    encoder.setMaxStringLength(40);
    encoder.start();
    return encoder;
  }

  @AfterEach
  void stop() {
    context.stop();
    assertThat(LogContext.capture().isEmpty()).as("test left context behind").isTrue();
  }

  @Test
  void writesTheBytesOfLogbacksPath() {
    logger.info("no context {} {}", "a", 1);
    try (Scope scope = LogContext.with("request_id", "r-1").and("user_id", 42L)) {
      logger.info("Order {} placed for {}", "o-1001", "alice");
      logger.info("escaped \\{} and \\\\{} and {}", "x", "y");
      logger.info("arrays {} {}", new int[] {1, 2}, new Object[] {"a", new String[] {"b"}});
      logger.info("long {}", "\uD83D\uDE00".repeat(30));
      logger.warn("failed {}", "order", new IllegalStateException("broken"));
      logger.atInfo().addKeyValue("k", 1).log("fluent {}", "api");
      context.getMDCAdapter().put("legacy", "v");
      logger.info("with a legacy field {}", "too");
      context.getMDCAdapter().remove("legacy");
    }
    String lines = directOut.toString(StandardCharsets.UTF_8);
    assertThat(lines.split("\n")).hasSize(8);
    assertThat(lines).contains("\"message\":\"Order o-1001 placed for alice\"");
    assertThat(lines).contains("\"legacy\":\"v\"");
    assertThat(lines).isEqualTo(logbackOut.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aDirectLineAllocatesOnlyLogbacksEvent() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(
        threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(direct);
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAndStopAllAppenders();
    direct.setOutputStream(OutputStream.nullOutputStream());
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(direct);
    long threadId = Thread.currentThread().getId();
    long perLine = Long.MAX_VALUE;
    try (Scope scope =
        LogContext.with("request_id", "r-1")
            .and("correlation_id", "c-1")
            .and("user_id", 42L)
            .and("tenant", "acme")
            .and("session", "s-1")) {
      for (int round = 0; round < 20 && perLine > 200; round++) {
        int lines = 20_000;
        long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < lines; i++) {
          logger.info("Order {} placed for {}", "o-1001", "alice");
        }
        perLine = Math.min(perLine, (threads.getThreadAllocatedBytes(threadId) - before) / lines);
      }
    }
    // Logback's LoggingEvent, its argument array and time stamp: 144 B on JDK 17. The formatted
    // message alone would be about 180 B more, the MDC map view 32 B.
    assertThat(perLine).as("bytes allocated per line").isLessThanOrEqualTo(200);
  }
}
