package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * Pinned field types, the gcp preset and nested ECS names, configured from real logback.xml files:
 * the lines of one scenario are byte for byte those in {@code testdata/index-safe}, which the
 * Log4j2 layout's test checks too (only the timestamp differs, and is replaced).
 */
class IndexSafeFormatsTest {
  @TempDir Path dir;
  private LoggerContext context;

  @AfterEach
  void stopLogback() {
    if (context != null) {
      LogbackConfigs.stop(context);
    }
  }

  @Test
  void pinnedFieldTypesGiveTheSharedLines() throws Exception {
    assertShared("index-safe-field-types.xml", "field-types.jsonl");
  }

  @Test
  void theGcpPresetGivesTheSharedLines() throws Exception {
    assertShared("index-safe-gcp.xml", "gcp.jsonl");
  }

  @Test
  void nestedEcsNamesGiveTheSharedLines() throws Exception {
    assertShared("index-safe-ecs-nested.xml", "ecs-nested.jsonl");
  }

  /**
   * Checks the scenario's lines through {@code config} against {@code testdata/index-safe/<file>};
   * with {@code -Dlogcontext.record=true} records them there instead (a change of format on
   * purpose; the Log4j2 test must then still pass unchanged).
   */
  private void assertShared(String config, String file) throws Exception {
    String lines = scenario(config);
    if (Boolean.getBoolean("logcontext.record")) {
      Files.writeString(
          Path.of(System.getProperty("user.dir"), "..", "testdata", "index-safe", file), lines);
    }
    assertThat(lines).isEqualTo(expected(file));
  }

  @Test
  void badFieldTypesAreReportedOnceEachNamingOptionAndValue() throws Exception {
    Path file = dir.resolve("bad.log");
    context = LogbackConfigs.loadAllowingProblems("index-safe-bad-field-types.xml", file);
    List<String> errors =
        context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getLevel() == Status.ERROR)
            .map(Status::getMessage)
            .collect(Collectors.toList());
    assertThat(errors)
        .containsExactly(
            "LogContextJsonEncoder: invalid option fieldTypes: unknown type 'int'; expected one"
                + " of: long, double, boolean, keyword, object for 'user_id'; left out",
            "LogContextJsonEncoder: invalid option fieldTypes: entry 'tenant' is not key:type;"
                + " left out");
    try (Scope scope = LogContext.with("amount", "n/a").and("user_id", "u-1")) {
      context.getLogger("com.example.Orders").info("still logged");
    }
    LogbackConfigs.stop(context);
    context = null;
    Map<String, Object> line = JsonLines.read(file).get(0);
    assertThat(line).containsEntry("amount_text", "n/a").containsEntry("user_id", "u-1");
  }

  /**
   * Logs {@link #logScenario} through {@code config} and returns the lines, timestamps replaced.
   */
  private String scenario(String config) throws Exception {
    Path file = dir.resolve(config + ".log");
    context = LogbackConfigs.load(config, file);
    Logger log = context.getLogger("com.example.Orders");
    Thread thread = new Thread(() -> logScenario(log), "orders-1");
    thread.start();
    thread.join();
    LogbackConfigs.stop(context);
    context = null;
    return Files.readString(file, StandardCharsets.UTF_8)
        .replaceAll("(?m)^\\{\"([^\"]+)\":\"[^\"]+\"", "{\"$1\":\"T\"");
  }

  /**
   * The events of the shared scenario; context keys are bound in sorted order, the order in which
   * Log4j hands context data over, so that both backends write the same bytes.
   */
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
