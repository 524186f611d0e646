package dev.logcontext.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.logcontext.examples.demo.PlannedRequest.Kind;
import dev.logcontext.logctx.Logctx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the demo in this JVM (real Jetty servers, real HTTP, real Logback writing real files) and
 * checks what it promises from the log files alone.
 */
class DemoEndToEndTest {
  /** 48 requests: every kind of request and each of the six hostile variants at least once. */
  private static final int REQUESTS = 48;

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final Pattern UUID_V7 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  @TempDir static Path logs;
  private static DemoReport report;
  private static String summary;
  private static List<JsonNode> gateway;
  private static List<JsonNode> inventory;

  @BeforeAll
  static void runTheDemo() throws Exception {
    report =
        Demo.run(
            DemoOptions.parse(
                "--requests", String.valueOf(REQUESTS), "--log-dir", logs.toString()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
    summary = out.toString(StandardCharsets.UTF_8);
    gateway = strictJsonLines(logs.resolve("gateway.json"));
    inventory = strictJsonLines(logs.resolve("inventory.json"));
  }

  @Test
  void everyRequestIsAnsweredAsExpectedAndTheRunSucceeds() {
    assertThat(report.outcomes()).hasSize(REQUESTS);
    assertThat(report.outcomes())
        .as("requests answered otherwise than expected")
        .allSatisfy(outcome -> assertThat(outcome.asExpected()).as(outcome.toString()).isTrue());
    assertThat(report.exitStatus()).as(summary).isZero();
    assertThat(logs.resolve(Demo.UNATTRIBUTED_FILE)).as("lines without a service").doesNotExist();
    for (Kind kind : Kind.values()) {
      assertThat(report.count(kind)).as("requests of kind %s", kind).isPositive();
    }
  }

  @Test
  void everyLineIsStrictJsonWithACorrelationIdAndItsServicesName() {
    assertThat(gateway).isNotEmpty();
    assertThat(inventory).isNotEmpty();
    assertThat(gateway)
        .allSatisfy(line -> assertThat(text(line, "service")).isEqualTo("gateway"))
        .allSatisfy(
            line -> assertThat(text(line, "correlation_id")).as(line.toString()).isNotEmpty());
    assertThat(inventory)
        .allSatisfy(line -> assertThat(text(line, "service")).isEqualTo("inventory"))
        .allSatisfy(
            line -> assertThat(text(line, "correlation_id")).as(line.toString()).isNotEmpty());
  }

  @Test
  void eachServedRequestsLinesShareOneCorrelationIdAcrossBothServices() {
    Map<String, List<JsonNode>> gatewayById = byCorrelationId(gateway);
    Map<String, List<JsonNode>> inventoryById = byCorrelationId(inventory);
    List<Outcome> served = report.outcomes().stream().filter(Outcome::served).toList();
    assertThat(gatewayById.keySet())
        .as("one correlation per served request, in the gateway")
        .containsExactlyInAnyOrderElementsOf(served.stream().map(Outcome::correlationId).toList());
    assertThat(inventoryById.keySet())
        .as("the same correlations reached inventory")
        .isEqualTo(gatewayById.keySet());

    for (Outcome outcome : served) {
      String id = outcome.correlationId();
      int items = items(outcome.request());
      List<JsonNode> inGateway = gatewayById.get(id);
      List<JsonNode> inInventory = inventoryById.get(id);
      // gateway: received, risk check, one price and one inventory answer per item, ready, access
      assertThat(inGateway).as("gateway lines of %s", outcome).hasSize(4 + 2 * items);
      // inventory: one stock line and one access line per item it was asked about
      assertThat(inInventory).as("inventory lines of %s", outcome).hasSize(2 * items);
      assertThat(inGateway)
          .as("the gateway handled %s as one request", id)
          .allSatisfy(line -> assertThat(text(line, "request_id")).isEqualTo(outcome.requestId()));
      Set<String> threads = new HashSet<>();
      inGateway.forEach(line -> threads.add(text(line, "thread_name")));
      assertThat(threads).as("threads that logged %s in the gateway", id).hasSizeGreaterThan(1);
      assertThat(inInventory)
          .as("inventory generates its own request ids, one per call")
          .allSatisfy(
              line -> assertThat(text(line, "request_id")).isNotEqualTo(outcome.requestId()));
    }
  }

  @Test
  void validIncomingIdsAreKeptAndMissingOnesGenerated() {
    for (Outcome outcome : report.outcomes()) {
      PlannedRequest request = outcome.request();
      String sent = request.header(LoadGenerator.CORRELATION_HEADER);
      switch (request.kind()) {
        case CALLER_ID, CALLER_ID_AND_TRACE ->
            assertThat(outcome.correlationId()).as("kept").isEqualTo(sent);
        case NO_ID, HOSTILE ->
            assertThat(outcome.correlationId())
                .as("generated for %s", request)
                .matches(UUID_V7)
                .isEqualTo(outcome.requestId());
        case HOSTILE_RAW -> assertThat(outcome.status()).isEqualTo(400);
      }
    }
  }

  @Test
  void aCallersTraceContinuesIntoInventoryUnderTheGatewaysSpan() {
    Map<String, List<JsonNode>> gatewayById = byCorrelationId(gateway);
    Map<String, List<JsonNode>> inventoryById = byCorrelationId(inventory);
    for (Outcome outcome : report.outcomes()) {
      if (outcome.request().kind() != Kind.CALLER_ID_AND_TRACE) {
        continue;
      }
      String[] traceparent = outcome.request().header("traceparent").split("-");
      List<JsonNode> inGateway = gatewayById.get(outcome.correlationId());
      String gatewaySpan = text(inGateway.get(0), "span_id");
      assertThat(inGateway)
          .allSatisfy(line -> assertThat(text(line, "trace_id")).isEqualTo(traceparent[1]))
          .allSatisfy(line -> assertThat(text(line, "parent_span_id")).isEqualTo(traceparent[2]))
          .allSatisfy(line -> assertThat(text(line, "span_id")).isEqualTo(gatewaySpan));
      assertThat(inventoryById.get(outcome.correlationId()))
          .allSatisfy(line -> assertThat(text(line, "trace_id")).isEqualTo(traceparent[1]))
          .allSatisfy(line -> assertThat(text(line, "parent_span_id")).isEqualTo(gatewaySpan));
    }
  }

  @Test
  void hostileHeaderValuesAreReplacedFlaggedAndNeverWritten() throws IOException {
    String files =
        Files.readString(logs.resolve("gateway.json"), StandardCharsets.UTF_8)
            + Files.readString(logs.resolve("inventory.json"), StandardCharsets.UTF_8);
    Map<String, List<JsonNode>> gatewayById = byCorrelationId(gateway);
    int hostile = 0;
    for (Outcome outcome : report.outcomes()) {
      PlannedRequest request = outcome.request();
      if (request.kind() != Kind.HOSTILE && request.kind() != Kind.HOSTILE_RAW) {
        continue;
      }
      hostile++;
      for (Map.Entry<String, String> header : request.headers()) {
        String value = header.getValue();
        String escaped = STRICT.writeValueAsString(value);
        escaped = escaped.substring(1, escaped.length() - 1);
        assertThat(files).as("raw %s", header).doesNotContain(value).doesNotContain(escaped);
      }
      if (request.kind() == Kind.HOSTILE) {
        assertThat(gatewayById.get(outcome.correlationId()))
            .as("flagged")
            .allSatisfy(
                line ->
                    assertThat(
                            line.path("correlation_id_rejected").asBoolean()
                                || line.path("request_id_rejected").asBoolean())
                        .isTrue());
      }
    }
    assertThat(hostile).isEqualTo(6);
    assertThat(files).doesNotContain("forged");
  }

  @Test
  void theSummaryReportsWhatTheFilesHold() {
    assertThat(report.files().get(0).lines()).isEqualTo(gateway.size());
    assertThat(report.files().get(1).lines()).isEqualTo(inventory.size());
    assertThat(summary)
        .containsPattern("gateway\\.json\\s+" + gateway.size() + "\n")
        .containsPattern("inventory\\.json\\s+" + inventory.size() + "\n")
        .contains("Lines without a correlation id: 0")
        .contains("Requests served: " + report.served() + ";")
        .contains("grep -F '\"correlation_id\":\"" + report.exampleCorrelationId() + "\"'")
        .contains("jq -c 'select(.correlation_id == \"" + report.exampleCorrelationId() + "\")'")
        .contains("logctx.jar trace " + report.exampleCorrelationId())
        .endsWith("OK\n");
    assertThat(report.served()).isEqualTo(REQUESTS - report.count(Kind.HOSTILE_RAW));
    assertThat(report.exampleCorrelationId()).matches(UUID_V7);
  }

  @Test
  void logctxTracesTheExampleRequestThroughBothServicesInTimestampOrder() throws IOException {
    String id = report.exampleCorrelationId();
    String[] files = {
      logs.resolve("gateway.json").toString(), logs.resolve("inventory.json").toString()
    };

    Run timeline = logctx("trace", id, files[0], files[1]);
    assertThat(timeline.status).as(timeline.err).isZero();
    List<String> rows = timeline.out.lines().toList();
    long expected = report.files().get(0).matching() + report.files().get(1).matching();
    assertThat(rows).hasSize((int) expected);
    assertThat(rows)
        .anyMatch(row -> row.contains(" gateway "))
        .anyMatch(row -> row.contains(" inventory "));
    List<Double> offsets = new ArrayList<>();
    for (String row : rows) {
      offsets.add(Double.parseDouble(row.substring(1, row.indexOf('s'))));
    }
    assertThat(offsets).as("offsets from the first event").isSorted();

    Run json = logctx("trace", "--json", id, files[0], files[1]);
    assertThat(json.status).isZero();
    List<String> printed = json.out.lines().toList();
    List<String> expectedLines = new ArrayList<>();
    for (String file : files) {
      for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
        if (id.equals(STRICT.readTree(line).path("correlation_id").asText())) {
          expectedLines.add(line);
        }
      }
    }
    assertThat(printed).containsExactlyInAnyOrderElementsOf(expectedLines);
    List<String> timestamps = new ArrayList<>();
    for (String line : printed) {
      timestamps.add(STRICT.readTree(line).path("@timestamp").asText());
    }
    assertThat(timestamps).isSorted();
  }

  private record Run(int status, String out, String err) {}

  private static Run logctx(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Logctx.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static int items(PlannedRequest request) {
    String target = request.target();
    return target.substring(target.indexOf("items=") + "items=".length()).split(",").length;
  }

  private static Map<String, List<JsonNode>> byCorrelationId(List<JsonNode> lines) {
    return lines.stream().collect(Collectors.groupingBy(line -> text(line, "correlation_id")));
  }

  private static String text(JsonNode line, String field) {
    JsonNode value = line.get(field);
    return value == null || !value.isTextual() ? null : value.asText();
  }

  /** Every line parsed on its own, strictly: one object, no duplicate keys, nothing after it. */
  static List<JsonNode> strictJsonLines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonNode node = STRICT.readTree(line);
      assertThat(node).as("line of %s: %s", file, line).isNotNull();
      assertThat(node.isObject()).as(line).isTrue();
      nodes.add(node);
    }
    return nodes;
  }
}
