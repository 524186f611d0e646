package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.EventFields;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources of event fields through the ThreadContext bridge and real Log4j configurations: asked on
 * the thread that logs, with async loggers and behind the Async appender, failures contained.
 */
class EventFieldSourceTest {
  @TempDir Path dir;
  private EventFields.Registration registration;

  @AfterEach
  void uninstall() {
    if (registration != null) {
      registration.close();
    }
    assertThat(LogContext.capture().isEmpty()).as("test left context behind").isTrue();
  }

  @Test
  void withAsyncLoggersEveryLineCarriesTheSpanCurrentWhenItWasLogged() throws Exception {
    registration = TracedLoad.installTracer();
    Path file = dir.resolve("async-loggers.log");
    LoggerContext context = Log4jConfigs.startAsync("log4j2-async-loggers.xml", file);
    int expected = TracedLoad.run(context.getLogger("com.example.Traced"));
    Log4jConfigs.stop(context);

    TracedLoad.check(JsonLines.read(file), expected, false);
  }

  @Test
  void behindTheAsyncAppenderEveryLineCarriesItsSpanUnderTheEcsNames() throws Exception {
    registration = TracedLoad.installTracer();
    Path file = dir.resolve("async-appender.log");
    LoggerContext context = Log4jConfigs.start("log4j2-async-appender.xml", file);
    int expected = TracedLoad.run(context.getLogger("com.example.Traced"));
    Log4jConfigs.stop(context);

    TracedLoad.check(JsonLines.read(file), expected, true);
  }

  @Test
  void micrometersMdcKeysAreFoldedIntoTheCanonicalNamesWhenTheTracerReportsASpan()
      throws Exception {
    registration = TracedLoad.installTracer();
    Path file = dir.resolve("folded.log");
    LoggerContext context = Log4jConfigs.start("log4j2-json.xml", file);
    Logger log = context.getLogger("com.example.Traced");
    ThreadContext.put("traceId", "t-s1");
    ThreadContext.put("spanId", "s1");
    TracedLoad.SPAN.set("s1");
    log.info("with a span");
    TracedLoad.SPAN.clear();
    log.info("without a span");
    ThreadContext.clearMap();
    Log4jConfigs.stop(context);

    List<JsonNode> events = JsonLines.read(file);
    assertThat(events).hasSize(2);
    assertThat(events.get(0).path("trace_id").asText()).isEqualTo("t-s1");
    assertThat(events.get(0).path("span_id").asText()).isEqualTo("s1");
    assertThat(events.get(0).has("traceId") || events.get(0).has("spanId")).isFalse();
    assertThat(events.get(1).path("traceId").asText()).isEqualTo("t-s1");
    assertThat(events.get(1).has("trace_id")).isFalse();
  }

  @Test
  void aFailingSourceNeverLosesTheEventOrReachesTheCaller() throws Exception {
    registration =
        EventFields.install(
            ctx -> {
              throw new IllegalStateException("tracer down");
            });
    Path file = dir.resolve("failing.log");
    LoggerContext context = Log4jConfigs.startAsync("log4j2-async-loggers.xml", file);
    try (Scope scope = LogContext.with("request_id", "r-1")) {
      context.getLogger("com.example.Traced").info("still written");
    }
    Log4jConfigs.stop(context);

    List<JsonNode> events = JsonLines.read(file);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("message").asText()).isEqualTo("still written");
    assertThat(events.get(0).path("request_id").asText()).isEqualTo("r-1");
    assertThat(events.get(0).path(EventFields.FAILURE_FIELD).asText())
        .endsWith(" threw java.lang.IllegalStateException]");
  }
}
