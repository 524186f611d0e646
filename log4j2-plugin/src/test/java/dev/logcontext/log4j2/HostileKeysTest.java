package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through Log4j2 configured from XML, keys that differ as Java strings but are written alike never
 * give a duplicate JSON key, and redaction is decided on the whole key at every depth.
 */
class HostileKeysTest {
  @TempDir Path dir;

  private List<JsonNode> logOnce(String config, Consumer<Logger> logging) throws Exception {
    Path file = dir.resolve("out.json");
    LoggerContext context = Log4jConfigs.start(config, file);
    try {
      logging.accept(context.getLogger("hostile"));
    } finally {
      ThreadContext.clearMap();
      Log4jConfigs.stop(context);
    }
    List<JsonNode> events = JsonLines.read(file);
    assertThat(events).hasSize(1);
    return events;
  }

  @Test
  void threadContextKeysWithDifferentUnpairedSurrogatesNeverGiveADuplicateKey() throws Exception {
    JsonNode event =
        logOnce(
                "log4j2-json.xml",
                log -> {
                  ThreadContext.put("user\uD800", "a");
                  ThreadContext.put("user\uDC00", "b");
                  log.info("alike");
                })
            .get(0);
    assertThat(List.of(event.get("user\uFFFD").asText(), event.get("ctx_user\uFFFD").asText()))
        .containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void nestedMapKeysBoundWithUnpairedSurrogatesNeverGiveADuplicateKey() throws Exception {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("k\uD800", 1);
    map.put("k\uDC00", 2);
    JsonNode event =
        logOnce(
                "log4j2-json.xml",
                log -> {
                  try (Scope ignored = LogContext.with("m", map)) {
                    log.info("alike");
                  }
                })
            .get(0);
    assertThat(event.get("m").size()).isEqualTo(2);
    assertThat(event.get("m").has("k\uFFFD")).isTrue();
    assertThat(event.get("m").has("ctx_k\uFFFD")).isTrue();
  }

  @Test
  void aNestedSecretIsRedactedWhenTheStringLimitCutsItsKey() throws Exception {
    JsonNode event =
        logOnce(
                "log4j2-short-strings.xml",
                log -> {
                  try (Scope ignored =
                      LogContext.with("billing", Map.of("customer_account_password", "hunter2"))) {
                    log.info("paid");
                  }
                })
            .get(0);
    assertThat(event.toString()).doesNotContain("hunter").contains("[redacted]");
  }
}
