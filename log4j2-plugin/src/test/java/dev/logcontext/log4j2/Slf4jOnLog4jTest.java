package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.LegacyBindings;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** SLF4J's API on Log4j ({@code log4j-slf4j2-impl}) with the ThreadContext bridge installed. */
class Slf4jOnLog4jTest {
  @TempDir Path dir;

  @AfterEach
  void clear() {
    LegacyBindings.clear();
  }

  @Test
  void anSlf4jMdcCopySetBackKeepsTheTypedFields() {
    try (Scope scope = LogContext.with("user_id", 42L).and("vip", true)) {
      Map<String, String> copy = MDC.getCopyOfContextMap();
      MDC.clear();
      MDC.setContextMap(copy);
      assertThat(LogContext.fields())
          .containsOnly(Map.entry("user_id", 42L), Map.entry("vip", true));
    }
  }

  @Test
  void mdcPutIsALogContextBindingUndoneWithTheEnclosingScope() {
    try (Scope scope = LogContext.with("request_id", "r1")) {
      MDC.put("user", "alice");
      assertThat(LogContext.get("user")).isEqualTo("alice");
      assertThat(MDC.get("request_id")).isEqualTo("r1");
      assertThat(MDC.getCopyOfContextMap()).containsEntry("user", "alice");
    }
    assertThat(MDC.get("user")).isNull();
  }

  @Test
  void fluentKeyValuesReachTheEventAndLeaveTheContextAsItWas() throws Exception {
    Path file = dir.resolve("slf4j.log");
    System.setProperty("logcontext.test.file", file.toString());
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.setConfigLocation(Log4jConfigs.uri("log4j2-json.xml"));
    try {
      Logger log = LoggerFactory.getLogger("com.example.Slf4j");
      try (Scope scope = LogContext.with("order_id", "outer")) {
        log.atInfo().addKeyValue("order_id", 42).addKeyValue("sku", "A-1").log("placed");
        assertThat(LogContext.fields()).containsExactly(Map.entry("order_id", "outer"));
      }
    } finally {
      context.setConfigLocation(Log4jConfigs.uri("log4j2-test.xml"));
    }
    List<JsonNode> events = JsonLines.read(file);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("order_id").asText()).isEqualTo("42");
    assertThat(events.get(0).get("sku").asText()).isEqualTo("A-1");
  }
}
