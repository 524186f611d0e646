package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in its own JVM with Log4j's own ThreadContextMap: LogContext fields reach events through
 * {@link LogContextDataProvider} alone; ThreadContext is Log4j's and does not propagate.
 */
class ProviderOnlyTest {
  @TempDir Path dir;

  @Test
  void log4jKeepsItsOwnThreadContextMap() {
    assertThat(ThreadContext.getThreadContextMap())
        .as("Log4j's default map, which is not read-only-capable")
        .isNull();
    assertThat(LogContextDataProvider.bridged()).isFalse();
  }

  @Test
  void theProviderPutsLogContextFieldsIntoEventsBehindTheAsyncAppender() throws Exception {
    Path file = dir.resolve("provider-only.log");
    LoggerContext context = Log4jConfigs.start("log4j2-async-appender.xml", file);
    int expected = RequestLoad.run(context.getLogger("com.example.OrderService"));
    Log4jConfigs.stop(context);
    // Log4j merges providers through Map<String, String> with its default map: values are strings.
    RequestLoad.check(JsonLines.read(file), expected, false, false);
  }

  @Test
  void aKeyInBothThreadContextAndLogContextIsWrittenOnce() throws Exception {
    Path file = dir.resolve("both.log");
    LoggerContext context = Log4jConfigs.start("log4j2-json.xml", file);
    Logger log = context.getLogger("com.example.Both");
    try (Scope scope = LogContext.with("request_id", "from-logcontext")) {
      ThreadContext.put("request_id", "from-threadcontext");
      ThreadContext.put("only_thread_context", "yes");
      log.info("both");
    } finally {
      ThreadContext.clearMap();
    }
    Log4jConfigs.stop(context);
    List<JsonNode> events = JsonLines.read(file);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("request_id").asText()).startsWith("from-");
    assertThat(events.get(0).get("only_thread_context").asText()).isEqualTo("yes");
    assertThat(events.get(0).has("ctx_request_id")).isFalse();
  }
}
