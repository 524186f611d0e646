package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLogger;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs in the JVM whose context selector makes every logger asynchronous. */
class AsyncLoggersBufferingTest {
  @TempDir Path dir;

  @Test
  void bufferingWorksBehindAsyncLoggers() throws Exception {
    Path file = dir.resolve("async-buffer.log");
    System.setProperty("logcontext.test.file", file.toString());
    LoggerContext context;
    try (Log4jConfigs.Errors errors = Log4jConfigs.Errors.collect()) {
      context =
          Configurator.initialize(
              "async-loggers-buffer",
              AsyncLoggersBufferingTest.class.getClassLoader(),
              Log4jConfigs.uri("log4j2-async-loggers-buffer.xml"));
      errors.assertNone("configuring");
    }
    Logger log = context.getLogger("com.example.OrderService");
    assertThat(log).isInstanceOf(AsyncLogger.class);
    BufferedRequests.run(log);
    BufferedRequests.expireEveryEndedRequest(log);
    Configurator.shutdown(context);
    BufferedRequests.check(JsonLines.read(file));
  }
}
