package dev.logcontext.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcpPresetTest {
  private static final String TRACE = "logging.googleapis.com/trace";
  private static final String SPAN = "logging.googleapis.com/spanId";
  private static final String SAMPLED = "logging.googleapis.com/trace_sampled";
  private static final String LABELS = "logging.googleapis.com/labels";

  private static final JsonEventWriter GCP =
      JsonEventWriter.create(
          JsonFormat.builder().preset("gcp").gcpProject("my-project").gcpLabels("tenant").build());

  private static TestEvent traced() {
    return TestEvent.event()
        .with("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
        .with("span_id", "00f067aa0ba902b7")
        .with("trace_flags", "01")
        .with("tenant", "acme");
  }

  @Test
  void theLineHasGooglesNamesInOrder() {
    ObjectNode line = Lines.parse(GCP, traced());
    List<String> names = new ArrayList<>();
    line.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "timestamp",
            "severity",
            "logger",
            "thread",
            "message",
            "trace_id",
            "span_id",
            "trace_flags",
            "tenant",
            TRACE,
            SPAN,
            SAMPLED,
            LABELS);
    assertThat(line.get("timestamp").asText()).isEqualTo("2026-11-26T13:42:15.123Z");
    assertThat(line.get(TRACE).asText())
        .isEqualTo("projects/my-project/traces/4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(line.get(SPAN).asText()).isEqualTo("00f067aa0ba902b7");
    assertThat(line.get(SAMPLED).asBoolean()).isTrue();
    assertThat(line.get(LABELS).toString()).isEqualTo("{\"tenant\":\"acme\"}");
  }

  @Test
  void severityUsesGooglesNames() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("TRACE", "DEBUG");
    expected.put("DEBUG", "DEBUG");
    expected.put("INFO", "INFO");
    expected.put("WARN", "WARNING");
    expected.put("ERROR", "ERROR");
    expected.put("FATAL", "CRITICAL");
    expected.put("NOTICE", "DEFAULT");
    expected.forEach(
        (level, severity) ->
            assertThat(Lines.parse(GCP, TestEvent.event().level(level)).get("severity").asText())
                .as(level)
                .isEqualTo(severity));
  }

  @Test
  void theTraceFieldsComeFromFieldsOfAnySource() {
    Map<String, Object> mdc = new LinkedHashMap<>();
    mdc.put("span_id", "b7ad6b7169203331");
    ObjectNode line =
        Lines.parse(
            GCP,
            TestEvent.event()
                .mdc(mdc)
                .kv("trace_id", "0af7651916cd43dd8448eb211c80319c")
                .kv("trace_flags", "00"));
    assertThat(line.get(TRACE).asText())
        .isEqualTo("projects/my-project/traces/0af7651916cd43dd8448eb211c80319c");
    assertThat(line.get(SPAN).asText()).isEqualTo("b7ad6b7169203331");
    assertThat(line.get(SAMPLED).asBoolean()).isFalse();
  }

  @Test
  void theFirstValueOfASourceFieldWinsAndEachSpecialFieldIsWrittenOnce() {
    ObjectNode line =
        Lines.parse(GCP, traced().kv("trace_id", "other").kv("tenant", "other-tenant"));
    assertThat(line.get(TRACE).asText()).endsWith("/traces/4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(line.get("ctx_trace_id").asText()).isEqualTo("other");
    assertThat(line.get(LABELS).get("tenant").asText()).isEqualTo("acme");
  }

  @Test
  void withoutAProjectThereIsNoTraceFieldButSpanAndSampledStay() {
    JsonEventWriter writer = JsonEventWriter.create(JsonFormat.builder().preset("gcp").build());
    ObjectNode line = Lines.parse(writer, traced());
    assertThat(line.has(TRACE)).isFalse();
    assertThat(line.has(LABELS)).isFalse();
    assertThat(line.get(SPAN).asText()).isEqualTo("00f067aa0ba902b7");
    assertThat(line.get(SAMPLED).asBoolean()).isTrue();
  }

  @Test
  void flagsThatAreNotFlagsGiveNoSampledField() {
    for (Object flags : List.of("1", "zz", "001", 4.5)) {
      ObjectNode line = Lines.parse(GCP, TestEvent.event().with("trace_flags", flags));
      assertThat(line.has(SAMPLED)).as("flags %s", flags).isFalse();
    }
    assertThat(Lines.parse(GCP, TestEvent.event().with("trace_flags", 3)).get(SAMPLED).asBoolean())
        .isTrue();
    assertThat(
            Lines.parse(GCP, TestEvent.event().with("trace_flags", false)).get(SAMPLED).asBoolean())
        .isFalse();
  }

  @Test
  void theSpecialNamesAreReservedAgainstEveryOtherField() {
    Map<String, Object> mdc = new LinkedHashMap<>();
    mdc.put(TRACE, "forged");
    mdc.put(LABELS, "forged");
    mdc.put("severity", "forged");
    ObjectNode line = Lines.parse(GCP, traced().mdc(mdc));
    assertThat(line.get(TRACE).asText()).startsWith("projects/my-project/traces/");
    assertThat(line.get("ctx_" + TRACE).asText()).isEqualTo("forged");
    assertThat(line.get(LABELS).isObject()).isTrue();
    assertThat(line.get("ctx_severity").asText()).isEqualTo("forged");
    assertThat(line.get("severity").asText()).isEqualTo("INFO");
  }

  @Test
  void anExcludedOrRedactedSourceFieldGivesNoSpecialField() {
    JsonEventWriter writer =
        JsonEventWriter.create(
            JsonFormat.builder()
                .preset("gcp")
                .gcpProject("p")
                .gcpLabels("session_token")
                .excludeKeys("trace_id")
                .build());
    ObjectNode line = Lines.parse(writer, traced().with("session_token", "secret"));
    assertThat(line.has(TRACE)).isFalse();
    assertThat(line.has(LABELS)).isFalse();
    assertThat(line.toString()).doesNotContain("secret");
  }

  @Test
  void specialFieldsStayAtTheTopLevelWhenContextIsNested() {
    JsonEventWriter writer =
        JsonEventWriter.create(
            JsonFormat.builder().preset("gcp").gcpProject("p").nestContextUnder("ctx").build());
    ObjectNode line = Lines.parse(writer, traced());
    assertThat(line.get("ctx").get("trace_id").asText()).hasSize(32);
    assertThat(line.get(TRACE).asText()).startsWith("projects/p/traces/");
  }

  @Test
  void configuredNamesMayContainASlash() {
    JsonEventWriter writer =
        JsonEventWriter.create(
            JsonFormat.builder()
                .preset("gcp")
                .option("staticFields", "app/version=1.2")
                .option("fieldNames", "thread=process/thread")
                .build());
    ObjectNode line = Lines.parse(writer, TestEvent.event());
    assertThat(line.get("app/version").asText()).isEqualTo("1.2");
    assertThat(line.get("process/thread").asText()).isEqualTo("http-nio-8080-exec-1");
  }

  @Test
  void badGcpOptionsAreReportedOnceEachAndLeftOut() {
    List<String> problems = new ArrayList<>();
    JsonFormat format =
        JsonFormat.builder()
            .preset("gcp")
            .gcpProject("my project/x")
            .gcpLabels("tenant,9zone,tenant")
            .option("staticFields", TRACE + "=forged,ok=1")
            .option("fieldNames", "message=" + SPAN)
            .build(problems::add);
    assertThat(format.gcpProject()).isNull();
    assertThat(format.gcpLabels()).containsExactly("tenant");
    assertThat(format.staticFields()).containsOnlyKeys("ok");
    assertThat(format.fieldName(StandardField.MESSAGE)).isEqualTo("message");
    assertThat(problems)
        .containsExactlyInAnyOrder(
            "gcpProject: 'my project/x' is not a Google Cloud project id (letters, digits and"
                + " .:_-, at most 100); logging.googleapis.com/trace is not written",
            "gcpLabels: '9zone' for a label is not a valid field name (1-64 chars of"
                + " [A-Za-z0-9_.@-], not starting with a digit); left out",
            "staticFields: field name '" + TRACE + "' is already used; static field left out",
            "fieldNames: field name '"
                + SPAN
                + "' is one of the gcp preset's special fields; message keeps its default name"
                + " 'message'");

    problems.clear();
    JsonFormat logstash =
        JsonFormat.builder().gcpProject("p").gcpLabels("tenant").build(problems::add);
    assertThat(logstash.gcpProject()).isNull();
    assertThat(logstash.gcpLabels()).isEmpty();
    assertThat(problems)
        .containsExactly(
            "gcpProject: 'p' is used by the gcp preset only, not logstash; ignored",
            "gcpLabels: [tenant] are used by the gcp preset only, not logstash; ignored");
  }

  @Test
  void underTheEventCapAndAfterAFailureTheLineStaysValidWithGooglesSeverity() {
    JsonEventWriter capped =
        JsonEventWriter.create(
            JsonFormat.builder().preset("gcp").gcpProject("p").maxEventBytes(1024).build());
    ObjectNode line = Lines.parse(capped, traced().with("big", "x".repeat(5000)).level("WARN"));
    assertThat(line.get("severity").asText()).isEqualTo("WARNING");
    assertThat(line.has("event_truncated")).isTrue();

    ObjectNode failed =
        Lines.parse(GCP, traced().level("ERROR").message(new RandomEvents.FailingText()));
    assertThat(failed.get("severity").asText()).isEqualTo("ERROR");
    assertThat(failed.has("encoder_error")).isTrue();
  }

  @Test
  void randomEventsGiveValidLinesWithEachSpecialFieldAtMostOnce() {
    RandomEvents random = new RandomEvents(7);
    for (int round = 0; round < 20; round++) {
      JsonFormat.Builder b =
          JsonFormat.builder().preset("gcp").gcpProject("p").gcpLabels("k1,k2,id");
      int maxString = new int[] {0, 5, 16, 1000}[round % 4];
      int maxEventBytes = new int[] {0, 1024, 4096}[round % 3];
      b.maxStringLength(maxString).maxEventBytes(maxEventBytes);
      boolean whole = (maxString == 0 || maxString == 1000) && maxEventBytes == 0;
      if (round % 5 == 1) {
        b.nestContextUnder("ctx");
      }
      JsonEventWriter writer = JsonEventWriter.create(b.build());
      for (int i = 0; i < 100; i++) {
        TestEvent event = random.event();
        if (i % 2 == 0) {
          event.with("trace_id", "t" + i).with("span_id", "s" + i).kv("trace_id", "again");
        }
        ObjectNode line = Lines.parse(writer, event);
        if (line.has(TRACE)) {
          assertThat(line.get(TRACE).asText()).startsWith("proje");
        }
        if (whole && i % 2 == 0 && !line.has("encoder_error")) {
          assertThat(line.get(TRACE).asText()).isEqualTo("projects/p/traces/t" + i);
          assertThat(line.get(SPAN).asText()).isEqualTo("s" + i);
        }
      }
    }
  }
}
