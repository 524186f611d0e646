package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateResolverTest {
  @TempDir Path dir;

  @Test
  void theLogContextResolverWritesTypedFieldsOneFieldAndCollisionSafeFlattenedFields()
      throws Exception {
    Path file = dir.resolve("template.log");
    LoggerContext context = Log4jConfigs.start("log4j2-template.xml", file);
    Logger log = context.getLogger("com.example.Template");
    try (Scope scope =
        LogContext.with("user_id", 42L)
            .and("message", "from context")
            .and("ctx_message", "already taken")
            .and("order", Map.of("total", 12.5))) {
      log.info("hello");
    }
    log.info("without context");
    Log4jConfigs.stop(context);

    List<JsonNode> events = JsonLines.read(file);
    assertThat(events).hasSize(2);
    JsonNode first = events.get(0);
    assertThat(first.get("message").asText()).isEqualTo("hello");
    assertThat(first.get("context").get("user_id").isIntegralNumber()).isTrue();
    assertThat(first.get("context").get("user_id").asLong()).isEqualTo(42L);
    assertThat(first.get("context").get("order").get("total").asDouble()).isEqualTo(12.5);
    assertThat(first.get("user").asLong()).isEqualTo(42L);
    assertThat(first.get("user_text").asText()).isEqualTo("42");
    assertThat(first.get("ctx_ctx_message").asText())
        .as("the flattened 'message' is renamed past the taken name")
        .isEqualTo("from context");
    assertThat(first.get("ctx_message").asText()).isEqualTo("already taken");
    assertThat(first.get("user_id").asLong()).isEqualTo(42L);

    JsonNode second = events.get(1);
    assertThat(second.has("user")).as("a missing key is omitted").isFalse();
    assertThat(second.get("message").asText()).isEqualTo("without context");
  }
}
