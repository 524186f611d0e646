package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLogger;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs in its own JVM with {@code log4j2.contextSelector=...AsyncLoggerContextSelector}. */
class AsyncLoggersTest {
  @TempDir Path dir;

  @Test
  void asyncLoggersCaptureTheContextOnTheLoggingThread() throws Exception {
    Path file = dir.resolve("async-loggers.log");
    System.setProperty("logcontext.test.file", file.toString());
    LoggerContext context;
    try (Log4jConfigs.Errors errors = Log4jConfigs.Errors.collect()) {
      context =
          Configurator.initialize(
              "async-loggers",
              AsyncLoggersTest.class.getClassLoader(),
              Log4jConfigs.uri("log4j2-async-loggers.xml"));
      errors.assertNone("configuring");
    }
    assertThat(context).isInstanceOf(AsyncLoggerContext.class);
    Logger log = context.getLogger("com.example.OrderService");
    assertThat(log).isInstanceOf(AsyncLogger.class);
    int expected;
    try (Log4jConfigs.Errors errors = Log4jConfigs.Errors.collect()) {
      expected = RequestLoad.run(log);
      Configurator.shutdown(context);
      errors.assertNone("while logging");
    }
    List<JsonNode> events = JsonLines.read(file);
    RequestLoad.check(events, expected, true, true);
    assertThat(events.get(0).get("thread_name").asText())
        .as("the thread that logged, not the async logger's")
        .startsWith("pool-");
  }
}
