package dev.logcontext.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The example as a user runs it, in a JVM of its own: both applications on loopback, a burst of
 * concurrent orders over HTTP, and then this test's own reading of the log file — every line is one
 * JSON object, every line of a request in both applications carries {@code request_id} and {@code
 * correlation_id} exactly once, the inventory's lines carry correlation ids the gateway bound, the
 * {@code @Async} quotes run on Boot's executor with the order's fields, and nothing is written to
 * standard error.
 */
class ExampleEndToEndTest {
  private static final int REQUESTS = 40;

  @Test
  void everyLineOfBothApplicationsCarriesItsIdsExactlyOnce() throws Exception {
    Path dir = Path.of("target", "example-run");
    Files.createDirectories(dir);
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path")),
                ExampleMain.class.getName(),
                "--requests",
                Integer.toString(REQUESTS),
                "--log-dir",
                dir.resolve("logs").toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the example ended").isTrue();
    String out = Files.readString(stdout, StandardCharsets.UTF_8);
    assertThat(Files.readString(stderr, StandardCharsets.UTF_8)).as("standard error").isEmpty();
    assertThat(process.exitValue()).as("exit status; output: %s", out).isZero();
    assertThat(out).contains("Orders sent:                           " + REQUESTS).endsWith("OK\n");

    List<String> lines = Files.readAllLines(dir.resolve("logs").resolve("example.json"));
    assertThat(lines).isNotEmpty();
    Set<String> gatewayCorrelationIds = new HashSet<>();
    Set<String> inventoryCorrelationIds = new HashSet<>();
    int gatewayAccess = 0;
    int quotes = 0;
    for (String line : lines) {
      Map<String, List<String>> fields = LogCheck.topLevelFields(line);
      assertThat(fields).as("one JSON object: %s", line).isNotNull();
      String logger = value(fields, "logger_name");
      boolean inGateway =
          logger.startsWith("dev.logcontext.examples.boot.gateway.")
              || logger.equals("example.gateway.access");
      boolean inInventory =
          logger.startsWith("dev.logcontext.examples.boot.inventory.")
              || logger.equals("example.inventory.access");
      if (!inGateway && !inInventory) {
        continue; // start-up and shut-down lines, Tomcat's and Spring's own
      }
      assertThat(fields.get("request_id")).as("request_id of %s", line).hasSize(1);
      assertThat(fields.get("correlation_id")).as("correlation_id of %s", line).hasSize(1);
      String correlationId = value(fields, "correlation_id");
      if (inGateway) {
        gatewayCorrelationIds.add(correlationId);
      } else {
        inventoryCorrelationIds.add(correlationId);
      }
      if (logger.equals("example.gateway.access")) {
        gatewayAccess++;
      }
      if (logger.endsWith(".Quotes")) {
        quotes++;
        assertThat(fields).as("a quote's fields: %s", line).containsKeys("order_id", "sku");
        assertThat(value(fields, "thread_name")).as("a quote's thread").startsWith("task-");
      }
    }
    assertThat(gatewayAccess).as("the gateway's access lines").isEqualTo(REQUESTS);
    assertThat(quotes).as("lines of the @Async quotes").isPositive();
    assertThat(inventoryCorrelationIds)
        .as("the inventory's correlation ids, sent by the gateway")
        .isNotEmpty()
        .isSubsetOf(gatewayCorrelationIds);
    assertThat(gatewayCorrelationIds).as("a caller's correlation id kept").contains("caller-0");
    assertThat(String.join("\n", lines))
        .as("a hostile id is never written")
        .doesNotContain("not an id!");
  }

  private static String value(Map<String, List<String>> fields, String key) {
    List<String> values = fields.getOrDefault(key, List.of());
    return values.isEmpty() ? "" : values.get(0).replace("\"", "");
  }
}
