package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncAppenderTest {
  @TempDir Path dir;

  @Test
  void everyLineBehindTheAsyncAppenderCarriesItsOwnRequestsContext() throws Exception {
    Path file = dir.resolve("async-appender.log");
    LoggerContext context = Log4jConfigs.start("log4j2-async-appender.xml", file);
    int expected;
    try (Log4jConfigs.Errors errors = Log4jConfigs.Errors.collect()) {
      expected = RequestLoad.run(context.getLogger("com.example.OrderService"));
      Log4jConfigs.stop(context);
      errors.assertNone("while logging");
    }
    List<JsonNode> events = JsonLines.read(file);
    RequestLoad.check(events, expected, true, true);
    JsonNode first = events.get(0);
    assertThat(first.fieldNames())
        .toIterable()
        .as("the ECS preset starts with these three keys")
        .startsWith("@timestamp", "log.level", "message");
    assertThat(first.get("service.name").asText()).isEqualTo("orders");
    assertThat(first.get("ecs.version").asText()).isNotEmpty();
  }
}
