package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.status.StatusData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pinned field types, the gcp preset and nested ECS names, configured from real log4j2.xml files:
 * the lines of one scenario are byte for byte those in {@code testdata/index-safe}, which the
 * Logback encoder's test checks too (only the timestamp differs, and is replaced).
 */
class IndexSafeFormatsTest {
  @TempDir Path dir;

  @Test
  void pinnedFieldTypesGiveTheSharedLines() throws Exception {
    assertThat(scenario("log4j2-index-safe-field-types.xml"))
        .isEqualTo(expected("field-types.jsonl"));
  }

  @Test
  void theGcpPresetGivesTheSharedLines() throws Exception {
    assertThat(scenario("log4j2-index-safe-gcp.xml")).isEqualTo(expected("gcp.jsonl"));
  }

  @Test
  void nestedEcsNamesGiveTheSharedLines() throws Exception {
    assertThat(scenario("log4j2-index-safe-ecs-nested.xml"))
        .isEqualTo(expected("ecs-nested.jsonl"));
  }

  @Test
  void badFieldTypesAreReportedOnceEachNamingAttributeAndValue() throws Exception {
    Path file = dir.resolve("bad.log");
    LoggerContext context;
    try (Log4jConfigs.Errors errors = Log4jConfigs.Errors.collect()) {
      context =
          new LoggerContext(
              "bad-types", null, Log4jConfigs.uri("log4j2-index-safe-bad-field-types.xml"));
      System.setProperty("logcontext.test.file", file.toString());
      context.start();
      assertThat(errors.seen)
          .extracting(StatusData::getFormattedStatus)
          .filteredOn(text -> text.contains("LogContextJsonLayout"))
          .satisfiesExactly(
              text ->
                  assertThat(text)
                      .contains(
                          "fieldTypes: unknown type 'int'; expected one of: long, double,"
                              + " boolean, keyword, object for 'user_id'; left out"),
              text ->
                  assertThat(text)
                      .contains("fieldTypes: entry 'tenant' is not key:type; left out"));
    }
    try (Scope scope = LogContext.with("amount", "n/a").and("user_id", "u-1")) {
      context.getLogger("com.example.Orders").info("still logged");
    }
    Log4jConfigs.stop(context);
    assertThat(JsonLines.read(file))
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.get("amount_text").asText()).isEqualTo("n/a");
              assertThat(line.get("user_id").asText()).isEqualTo("u-1");
            });
  }

  /**
   * Logs {@link #logScenario} through {@code config} and returns the lines, timestamps replaced.
   */
  private String scenario(String config) throws Exception {
    Path file = dir.resolve(config + ".log");
    LoggerContext context = Log4jConfigs.start(config, file);
    Logger log = context.getLogger("com.example.Orders");
    Thread thread = new Thread(() -> logScenario(log), "orders-1");
    thread.start();
    thread.join();
    Log4jConfigs.stop(context);
    return Files.readString(file, StandardCharsets.UTF_8)
        .replaceAll("(?m)^\\{\"([^\"]+)\":\"[^\"]+\"", "{\"$1\":\"T\"");
  }

  /** The events of the scenario the Logback encoder's test logs too, in the same words. */
  static void logScenario(Logger log) {
    Map<String, Object> cart = Map.of("items", 3);
    try (Scope s =
        LogContext.with("amount", 4.5)
            .and("cart", cart)
            .and("tenant", "acme")
            .and("user_id", 42L)
            .and("vip", true)) {
      log.info("typed");
    }
    try (Scope s =
        LogContext.with("amount", "n/a")
            .and("cart", "none")
            .and("tenant", 42)
            .and("user_id", "u-42")
            .and("vip", "yes")) {
      log.warn("other types");
    }
    try (Scope s = LogContext.with("user_id", "u-1").and("user_id_text", "mine")) {
      log.info("text field taken");
    }
    try (Scope s =
        LogContext.with("span_id", "00f067aa0ba902b7")
            .and("tenant", "acme")
            .and("trace_flags", "01")
            .and("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")) {
      log.error("traced failure", fixedFailure());
    }
    try (Scope s =
        LogContext.with("ecs", "e")
            .and("log", "ctx log")
            .and("log.origin", "o")
            .and("message", "ctx message")
            .and("process.thread", "pt")
            .and("service.name", "ctx service")
            .and("severity", "ctx severity")) {
      log.info("names shared with standard fields");
    }
  }

  private static Throwable fixedFailure() {
    IllegalStateException failure = new IllegalStateException("payment refused");
    failure.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("com.example.Payments", "charge", "Payments.java", 42),
          new StackTraceElement("com.example.Orders", "place", "Orders.java", 7)
        });
    return failure;
  }

  static String expected(String name) throws Exception {
    try (InputStream in = IndexSafeFormatsTest.class.getResourceAsStream("/index-safe/" + name)) {
      assertThat(in).as("testdata/index-safe/%s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
