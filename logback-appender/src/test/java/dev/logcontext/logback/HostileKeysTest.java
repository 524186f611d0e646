package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Through Logback configured from XML, keys that differ as Java strings but are written alike never
 * give a duplicate JSON key, and redaction is decided on the whole key at every depth.
 */
class HostileKeysTest {
  @TempDir Path dir;
  private LoggerContext context;

  @AfterEach
  void tearDown() {
    MDC.clear();
    if (context != null) {
      LogbackConfigs.stop(context);
    }
    assertThat(LogContext.capture().isEmpty()).as("test left context behind").isTrue();
  }

  private List<Map<String, Object>> logOnce(String config, Runnable logging) throws Exception {
    Path file = dir.resolve("out.json");
    context = LogbackConfigs.load(config, file);
    logging.run();
    LogbackConfigs.stop(context);
    context = null;
    assertThat(Files.readAllLines(file)).hasSize(1);
    return JsonLines.read(file);
  }

  private Logger log() {
    return context.getLogger("hostile");
  }

  @Test
  void mdcKeysWithDifferentUnpairedSurrogatesNeverGiveADuplicateKey() throws Exception {
    List<Map<String, Object>> events =
        logOnce(
            "json-async.xml",
            () -> {
              MDC.put("user\uD800", "a");
              MDC.put("user\uDC00", "b");
              log().info("two keys written alike");
            });
    assertThat(events.get(0)).containsEntry("user\uFFFD", "a").containsEntry("ctx_user\uFFFD", "b");
  }

  @Test
  void nestedMapKeysBoundWithUnpairedSurrogatesNeverGiveADuplicateKey() throws Exception {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("k\uD800", 1);
    map.put("k\uDC00", 2);
    List<Map<String, Object>> events =
        logOnce(
            "json-async.xml",
            () -> {
              try (Scope ignored = LogContext.with("m", map)) {
                log().info("nested keys written alike");
              }
            });
    assertThat(events.get(0).get("m")).isEqualTo(Map.of("k\uFFFD", 1, "ctx_k\uFFFD", 2));
  }

  @Test
  void equalStringKeysOfAnIdentityMapKeyValueAreNeverWrittenTwice() throws Exception {
    Map<String, Object> ids = new IdentityHashMap<>();
    ids.put(new String("id"), 1);
    ids.put(new String("id"), 2);
    List<Map<String, Object>> events =
        logOnce("json-async.xml", () -> log().atInfo().addKeyValue("ids", ids).log("ids"));
    @SuppressWarnings("unchecked")
    Map<String, Object> written = (Map<String, Object>) events.get(0).get("ids");
    assertThat(written).containsOnlyKeys("id", "ctx_id");
  }

  @Test
  void aNestedSecretIsRedactedWhenTheStringLimitCutsItsKey() throws Exception {
    List<Map<String, Object>> events =
        logOnce(
            "json-short-strings.xml",
            () -> {
              try (Scope ignored =
                  LogContext.with("billing", Map.of("customer_account_password", "hunter2"))) {
                log()
                    .atInfo()
                    .addKeyValue("card", Map.of("nested", Map.of("card_security_token", "hunter3")))
                    .log("paid");
              }
            });
    assertThat(events.get(0).toString()).doesNotContain("hunter").contains("[redacted]");
  }
}
