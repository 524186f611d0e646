package dev.logcontext.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real OpenTelemetry SDK spans, real Log4j2 from XML with async loggers and behind the Async
 * appender: each line carries the ids of the span current when it was logged, once.
 */
class Log4j2TracingTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "log4j2-async-loggers.xml, logstash",
    "log4j2-async-loggers.xml, ecs",
    "log4j2-async-appender.xml, logstash",
    "log4j2-async-appender.xml, ecs"
  })
  void everyLineCarriesItsOwnSpanOnce(String config, String preset) throws Exception {
    assertThat(ThreadContext.getThreadContextMap())
        .as("log4j2-plugin's ThreadContext bridge")
        .isInstanceOf(dev.logcontext.log4j2.LogContextThreadContextMap.class);
    Path file = dir.resolve("traced.json");
    System.setProperty("logcontext.test.file", file.toString());
    System.setProperty("logcontext.test.preset", preset);
    URI uri = Log4j2TracingTest.class.getResource("/" + config).toURI();
    LoggerContext context =
        config.contains("loggers")
            ? new AsyncLoggerContext(config + preset, null, uri)
            : new LoggerContext(config + preset, null, uri);
    context.start();
    Logger log = context.getLogger("com.example.Traced");
    SpanLoad load = new SpanLoad();

    load.run(log::info);
    context.stop(30, TimeUnit.SECONDS);

    load.check(JsonLines.read(file), preset.equals("ecs"));
  }
}
