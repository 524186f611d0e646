package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.MutableLogEvent;
import org.apache.logging.log4j.message.ParameterizedMessageFactory;
import org.apache.logging.log4j.spi.ObjectThreadContextMap;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutTest {
  @TempDir Path dir;

  @Test
  void theFixedEventMatchesTheGoldenJsonSharedWithLogback() throws Exception {
    SortedArrayStringMap contextData = new SortedArrayStringMap();
    contextData.putValue("request_id", "r-1");
    contextData.putValue("correlation_id", "c-1");
    contextData.putValue("user_id", 42L);
    contextData.putValue("tenant", "acme");
    contextData.putValue("session", "s-9");
    MutableLogEvent event = new MutableLogEvent();
    event.setTimeMillis(1767225600123L);
    event.setLevel(Level.INFO);
    event.setLoggerName("com.example.OrderService");
    event.setThreadName("http-nio-8080-exec-1");
    event.setMessage(
        ParameterizedMessageFactory.INSTANCE.newMessage(
            "Order {} placed for {}", "o-1001", "alice"));
    event.setContextData(contextData);
    LogContextJsonLayout layout = LogContextJsonLayout.createDefault();

    String line = layout.toSerializable(event);
    assertThat(line).endsWith("\n").doesNotContain("\r");
    assertThat(JsonLines.parse(line.substring(0, line.length() - 1))).isEqualTo(golden());
    assertThat(new String(layout.toByteArray(event), StandardCharsets.UTF_8)).isEqualTo(line);
  }

  private static JsonNode golden() throws Exception {
    try (InputStream in = LayoutTest.class.getResourceAsStream("/golden/fixed-event.json")) {
      return JsonLines.STRICT.readTree(in);
    }
  }

  @Test
  void typedContextAndThreadContextFieldsAreWrittenOnceThroughTheFileAppender() throws Exception {
    Path file = dir.resolve("json.log");
    LoggerContext context = Log4jConfigs.start("log4j2-json.xml", file);
    Logger log = context.getLogger("com.example.OrderService");
    try (Scope scope = LogContext.with("user_id", 42L).and("vip", true)) {
      ThreadContext.put("tenant", "acme");
      log.info("Order {} placed", "o-1");
      log.error("failed", new IllegalStateException("boom"));
    }
    Log4jConfigs.stop(context);
    List<JsonNode> events = JsonLines.read(file);
    assertThat(events).hasSize(2);
    JsonNode first = events.get(0);
    assertThat(first.get("message").asText()).isEqualTo("Order o-1 placed");
    assertThat(first.get("user_id").isIntegralNumber()).isTrue();
    assertThat(first.get("vip").isBoolean()).isTrue();
    assertThat(first.get("tenant").asText()).isEqualTo("acme");
    assertThat(first.get("logger_name").asText()).isEqualTo("com.example.OrderService");
    assertThat(events.get(1).get("stack_trace").asText())
        .contains("java.lang.IllegalStateException: boom");
  }

  @Test
  void hostileValuesKeepEveryLineValidWithOneEventPerLineAndNoDuplicateKeys() throws Exception {
    Path file = dir.resolve("hostile.log");
    LoggerContext context = Log4jConfigs.start("log4j2-json.xml", file);
    Logger log = context.getLogger("com.example.\"Hostile\"\nLogger");
    String huge = "x".repeat(200_000);
    String nasty = "line1\nline2\r\n\"quoted\" \\ back\u0000\u0001\u001f tab\t \u2028 \ud800 lone";
    Object throwing =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("toString failed");
          }
        };
    ObjectThreadContextMap map = (ObjectThreadContextMap) ThreadContext.getThreadContextMap();
    int logged = 0;
    try (Scope scope =
        LogContext.with("nasty", nasty)
            .and("huge", huge)
            .and("message", "context message")
            .and("level", "context level")
            .and("@timestamp", "context time")
            .and("ctx_message", "taken")) {
      map.putValue("throwing", throwing);
      ThreadContext.put("weird key \"\n", "v");
      log.info(nasty);
      logged++;
      log.info(huge);
      logged++;
      log.info("param {} and {}", throwing, nasty);
      logged++;
      log.warn("\ud83d\ude00 emoji and \udc00 lone low");
      logged++;
    }
    Log4jConfigs.stop(context);
    List<JsonNode> events = JsonLines.read(file);
    assertThat(events).as("one event per line").hasSize(logged);
    JsonNode first = events.get(0);
    assertThat(first.get("message").asText()).startsWith("line1\nline2");
    assertThat(first.get("ctx_ctx_message").asText()).isEqualTo("context message");
    assertThat(first.get("ctx_message").asText()).isEqualTo("taken");
    assertThat(first.get("ctx_level").asText()).isEqualTo("context level");
    assertThat(first.get("ctx_@timestamp").asText()).isEqualTo("context time");
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("throwing").asText()).contains("IllegalStateException");
    assertThat(first.get("weird key \"\n").asText()).isEqualTo("v");
    assertThat(first.get("huge").asText().length()).isLessThan(20_000);
    assertThat(events.get(1).get("message").asText().length()).isLessThan(20_000);
    assertThat(events.get(2).get("message").asText()).contains("toString failed");
  }

  @Test
  void aBadAttributeIsReportedOnceAndReplacedByItsDefaultSoThatEventsStayComplete()
      throws Exception {
    Path file = dir.resolve("bad.log");
    try (Log4jConfigs.Errors errors = Log4jConfigs.Errors.collect()) {
      LoggerContext context =
          new LoggerContext("bad", null, Log4jConfigs.uri("log4j2-bad-layout.xml"));
      System.setProperty("logcontext.test.file", file.toString());
      context.start();
      try (Scope ignored = LogContext.with("user_id", 42)) {
        context.getLogger("bad").info("a complete event {}", "x".repeat(500));
      }
      context.stop();
      assertThat(errors.seen)
          .extracting(data -> data.getFormattedStatus())
          .filteredOn(text -> text.contains("LogContextJsonLayout"))
          .satisfiesExactlyInAnyOrder(
              text -> assertThat(text).contains("preset", "gelf"),
              text -> assertThat(text).contains("maxEventBytes", "256", "default"),
              text -> assertThat(text).contains("rootCauseFirst", "'yes'", "default"));
    }
    assertThat(JsonLines.read(file))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("user_id").asInt()).isEqualTo(42);
              assertThat(e.get("service").asText()).isEqualTo("orders");
              assertThat(e.get("message").asText())
                  .isEqualTo("a complete event " + "x".repeat(500));
              assertThat(e.has("encoder_error")).isFalse();
            });
  }
}
