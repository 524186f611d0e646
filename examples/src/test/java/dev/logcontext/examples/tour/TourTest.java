package dev.logcontext.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each program of the tour, run with its standard output captured, makes the point it claims. */
class TourTest {
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final Set<String> STANDARD =
      Set.of("@timestamp", "level", "logger_name", "thread_name", "message");

  /** A program's main, which may throw anything. */
  private interface Program {
    void main() throws Exception;
  }

  /** Runs {@code program} and returns its standard output, one parsed JSON object per line. */
  private static List<JsonNode> run(Program program) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      program.main();
    } finally {
      System.setOut(original);
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(STRICT.readTree(line));
    }
    return lines;
  }

  private static List<String> contextFields(JsonNode line) {
    List<String> fields = new ArrayList<>();
    line.fieldNames().forEachRemaining(name -> fields.add(name));
    fields.removeAll(STANDARD);
    return fields;
  }

  private static String field(JsonNode line, String name) {
    JsonNode value = line.get(name);
    return value == null ? null : value.asText();
  }

  @Test
  void tokenRestoreUnwindsNestedRebindingOneLevelAtATime() throws Exception {
    List<JsonNode> lines = run(() -> TokenRestore.main(new String[0]));
    assertThat(lines)
        .extracting(line -> field(line, "user"))
        .containsExactly("anonymous", "alice", "admin", "alice", "alice", "anonymous");
    assertThat(field(lines.get(4), "message")).contains("after an exception");
    assertThat(field(lines.get(lines.size() - 1), "user"))
        .as("the last line shows the original value")
        .isEqualTo("anonymous");
  }

  @Test
  void scopedChangeLastsForItsBlockOnly() throws Exception {
    List<JsonNode> lines = run(() -> ScopedChange.main(new String[0]));
    assertThat(lines).hasSize(4);
    assertThat(contextFields(lines.get(0))).containsExactly("job");
    assertThat(field(lines.get(1), "phase")).isEqualTo("validate");
    assertThat(field(lines.get(2), "phase")).isEqualTo("load");
    assertThat(lines.get(2).get("batch").isInt()).as("typed value").isTrue();
    assertThat(contextFields(lines.get(3))).containsExactly("job");
    assertThat(field(lines.get(3), "message")).isEqualTo("import done: 1200 rows");
  }

  @Test
  void copyToPoolOnlyThePropagatingPoolSeesTheFieldsAndItsWorkerStaysClean() throws Exception {
    List<JsonNode> lines = run(() -> CopyToPool.main(new String[0]));
    assertThat(lines).hasSize(5);
    assertThat(field(lines.get(1), "thread_name")).isEqualTo("plain-worker");
    assertThat(contextFields(lines.get(1))).as("a plain pool sees nothing").isEmpty();
    assertThat(field(lines.get(2), "thread_name")).isEqualTo("copying-worker");
    assertThat(contextFields(lines.get(2))).containsExactly("request_id", "user");
    assertThat(contextFields(lines.get(3))).containsExactly("request_id", "user", "step");
    JsonNode next = lines.get(4);
    assertThat(field(next, "thread_name")).isEqualTo("copying-worker");
    assertThat(contextFields(next)).as("nothing leaked into the next task").isEmpty();
  }

  @Test
  void isolatedContextSeesNothingAndLeaksNothing() throws Exception {
    List<JsonNode> lines = run(() -> IsolatedContext.main(new String[0]));
    assertThat(lines).hasSize(4);
    assertThat(contextFields(lines.get(0))).containsExactly("request_id", "user");
    assertThat(contextFields(lines.get(1))).isEmpty();
    assertThat(contextFields(lines.get(2))).containsExactly("job");
    assertThat(contextFields(lines.get(3))).containsExactly("request_id", "user");
  }

  @Test
  void middlewareBindsGeneratedKeptAndReplacedIds() throws Exception {
    List<JsonNode> lines = run(() -> Middleware.main(new String[0]));
    assertThat(lines).hasSize(6);
    assertThat(lines)
        .allSatisfy(line -> assertThat(field(line, "correlation_id")).isNotEmpty())
        .allSatisfy(line -> assertThat(field(line, "http_path")).isEqualTo("/hello"));
    // One request per pair of lines: the servlet's line, then the access line.
    for (int i = 0; i < 6; i += 2) {
      assertThat(field(lines.get(i + 1), "logger_name")).isEqualTo("dev.logcontext.web.access");
      assertThat(field(lines.get(i + 1), "request_id"))
          .isEqualTo(field(lines.get(i), "request_id"));
    }
    assertThat(field(lines.get(0), "correlation_id")).isEqualTo(field(lines.get(0), "request_id"));
    assertThat(field(lines.get(2), "correlation_id")).isEqualTo("order-flow-42");
    assertThat(field(lines.get(4), "correlation_id")).isEqualTo(field(lines.get(4), "request_id"));
    assertThat(lines.get(4).get("correlation_id_rejected").asBoolean()).isTrue();
    assertThat(lines).noneSatisfy(line -> assertThat(line.toString()).contains("ERROR"));
  }

  @Test
  void nestedSpansPointToTheirParentsAndClosingReturnsToTheParent() throws Exception {
    List<JsonNode> lines = run(() -> NestedSpans.main(new String[0]));
    assertThat(lines).hasSize(6);
    assertThat(lines)
        .extracting(line -> field(line, "trace_id"))
        .containsOnly(field(lines.get(0), "trace_id"));
    String root = field(lines.get(0), "span_id");
    String payment = field(lines.get(1), "span_id");
    assertThat(lines.get(0).has("parent_span_id")).isFalse();
    assertThat(field(lines.get(1), "parent_span_id")).isEqualTo(root);
    assertThat(field(lines.get(2), "parent_span_id")).isEqualTo(payment);
    assertThat(field(lines.get(3), "span_id")).isEqualTo(payment);
    assertThat(field(lines.get(4), "parent_span_id")).isEqualTo(root);
    assertThat(field(lines.get(4), "span_id")).isNotEqualTo(payment);
    assertThat(field(lines.get(5), "span_id")).isEqualTo(root);
    assertThat(lines.get(5).has("parent_span_id")).isFalse();
  }
}
