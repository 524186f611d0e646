package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
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
    // Log4j hands context data over key-sorted: ctx_message comes first and keeps its name, the
    // reserved 'message' after it is renamed past it (first wins, as in the JSON writer).
    assertThat(first.get("ctx_message").asText()).isEqualTo("already taken");
    assertThat(first.get("ctx_ctx_message").asText())
        .as("the flattened 'message' is renamed past the taken name")
        .isEqualTo("from context");
    assertThat(first.get("user_id").asLong()).isEqualTo(42L);

    JsonNode second = events.get(1);
    assertThat(second.has("user")).as("a missing key is omitted").isFalse();
    assertThat(second.get("message").asText()).isEqualTo("without context");
  }

  private JsonNode logOne(Consumer<Logger> logging) throws Exception {
    Path file = dir.resolve("one.log");
    LoggerContext context = Log4jConfigs.start("log4j2-template.xml", file);
    try {
      logging.accept(context.getLogger("com.example.Template"));
    } finally {
      ThreadContext.clearMap();
      Log4jConfigs.stop(context);
    }
    List<JsonNode> events = JsonLines.read(file);
    assertThat(events).hasSize(1);
    assertThat(duplicateKeys(Files.readString(file))).as("duplicate keys").isEmpty();
    return events.get(0);
  }

  @Test
  void aFlattenedNameTakenFourTimesOverGetsANumberAsInTheJsonWriter() throws Exception {
    JsonNode event =
        logOne(
            log -> {
              try (Scope scope =
                  LogContext.with("ctx_message", 1)
                      .and("ctx_ctx_message", 2)
                      .and("ctx_ctx_ctx_message", 3)
                      .and("ctx_ctx_ctx_ctx_message", 4)
                      .and("message", 5)
                      .and("service", "from context")) {
                log.info("hello");
              }
            });
    assertThat(event.get("message").asText()).isEqualTo("hello");
    assertThat(event.get("ctx_ctx_ctx_ctx_message").asInt()).isEqualTo(4);
    assertThat(event.get("ctx_message_5").asInt())
        .as("prefix repeated up to four times, then prefix + name + _n")
        .isEqualTo(5);
    assertThat(event.get("service").asText())
        .as("an EventTemplateAdditionalField is reserved")
        .isEqualTo("orders");
    assertThat(event.get("ctx_service").asText()).isEqualTo("from context");
  }

  @Test
  void keysThatAreWrittenAlikeNeverGiveADuplicateKey() throws Exception {
    JsonNode event =
        logOne(
            log -> {
              ThreadContext.put("user\uD800", "a");
              ThreadContext.put("user\uDC00", "b");
              log.info("alike");
            });
    // JsonTemplateLayout writes an unpaired surrogate as '?' (its UTF-8 encoder's replacement).
    assertThat(List.of(event.get("user?").asText(), event.get("ctx_user?").asText()))
        .as("flattened")
        .containsExactlyInAnyOrder("a", "b");
    assertThat(event.get("context").size()).as("inside the context object").isEqualTo(2);
    assertThat(event.get("context").has("user?")).isTrue();
    assertThat(event.get("context").has("ctx_user?")).isTrue();
  }

  /** Returns the keys that occur twice in one object of the line (the JSON parser keeps one). */
  private static List<String> duplicateKeys(String lines) throws IOException {
    List<String> duplicates = new ArrayList<>();
    try (JsonParser parser = new JsonFactory().createParser(lines)) {
      Deque<Set<String>> objects = new ArrayDeque<>();
      for (JsonToken token; (token = parser.nextToken()) != null; ) {
        if (token == JsonToken.START_OBJECT) {
          objects.push(new HashSet<>());
        } else if (token == JsonToken.END_OBJECT) {
          objects.pop();
        } else if (token == JsonToken.FIELD_NAME && !objects.peek().add(parser.currentName())) {
          duplicates.add(parser.currentName());
        }
      }
    }
    return duplicates;
  }
}
