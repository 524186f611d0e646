package dev.logcontext.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Real OpenTelemetry SDK spans, real Logback from XML behind AsyncAppender: each line carries the
 * ids of the span current when it was logged, once, even with Micrometer-style MDC keys beside.
 */
class LogbackTracingTest {
  private static final Logger log = LoggerFactory.getLogger("com.example.Traced");

  @TempDir Path dir;
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  @AfterEach
  void reset() {
    context.reset();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"logstash", "ecs"})
  void behindAsyncAppenderEveryLineCarriesItsOwnSpanOnce(String preset) throws Exception {
    Path file = dir.resolve("traced.json");
    load(file, preset);
    SpanLoad load = new SpanLoad();

    load.run(LogbackTracingTest::logAsBootWould);
    context.reset(); // drains the AsyncAppender

    load.check(JsonLines.read(file), preset.equals("ecs"));
  }

  /** Logs with the MDC keys Micrometer Tracing's Slf4J event listener puts beside the span. */
  private static void logAsBootWould(String message) {
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      MDC.put("traceId", span.getTraceId());
      MDC.put("spanId", span.getSpanId());
    }
    try {
      log.info(message);
    } finally {
      MDC.remove("traceId");
      MDC.remove("spanId");
    }
  }

  private void load(Path file, String preset) throws Exception {
    context.reset();
    context.getStatusManager().clear();
    context.putProperty("logFile", file.toString());
    context.putProperty("preset", preset);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogbackTracingTest.class.getResource("/logback-async.xml"));
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .noneMatch(s -> s.getLevel() >= Status.WARN);
  }
}
