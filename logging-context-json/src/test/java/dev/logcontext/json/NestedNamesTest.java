package dev.logcontext.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NestedNamesTest {
  private static final JsonEventWriter NESTED_ECS =
      JsonEventWriter.create(
          JsonFormat.builder()
              .preset("ecs")
              .nestDottedNames(true)
              .staticFields("service.name=orders,service.environment=prod")
              .build());

  private static String line(JsonEventWriter writer, TestEvent event) {
    String text = new String(writer.encode(event), java.nio.charset.StandardCharsets.UTF_8);
    Lines.parse(writer.encode(event));
    return text;
  }

  @Test
  void dottedNamesBecomeObjectsGroupedWhereTheFirstOfThemStands() {
    assertThat(line(NESTED_ECS, TestEvent.event().with("user_id", 42)))
        .isEqualTo(
            "{\"@timestamp\":\"2026-11-26T13:42:15.123Z\",\"log\":{\"level\":\"INFO\","
                + "\"logger\":\"com.example.OrderService\"},\"message\":\"Order 42 placed for"
                + " alice\",\"ecs\":{\"version\":\"8.11\"},\"process\":{\"thread\":{\"name\":"
                + "\"http-nio-8080-exec-1\"}},\"service\":{\"name\":\"orders\",\"environment\":"
                + "\"prod\"},\"user_id\":42}\n");
  }

  @Test
  void theErrorObjectAppearsOnlyWithAThrowable() {
    ObjectNode plain = Lines.parse(NESTED_ECS, TestEvent.event());
    assertThat(plain.has("error")).isFalse();
    ObjectNode failed =
        Lines.parse(NESTED_ECS, TestEvent.event().thrown(new IllegalStateException("boom")));
    assertThat(failed.get("error").get("type").asText())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(failed.get("error").get("message").asText()).isEqualTo("boom");
    assertThat(failed.get("error").get("stack_trace").asText()).startsWith("java.lang.Illegal");
  }

  @Test
  void contextFieldsSharingAPrefixWithANestedNameNeverGiveADuplicateKey() {
    ObjectNode line =
        Lines.parse(
            NESTED_ECS,
            TestEvent.event()
                .with("log", "ctx log")
                .with("log.origin", "o")
                .with("log.level", "forged")
                .with("process.thread", "pt")
                .with("service", "s")
                .with("error", "e"));
    assertThat(line.get("log").get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("ctx_log").asText()).isEqualTo("ctx log");
    assertThat(line.get("log.origin").asText()).as("written as it is").isEqualTo("o");
    assertThat(line.get("ctx_log.level").asText()).isEqualTo("forged");
    assertThat(line.get("ctx_process.thread").asText()).isEqualTo("pt");
    assertThat(line.get("ctx_service").asText()).isEqualTo("s");
    assertThat(line.get("ctx_error").asText())
        .as("reserved even when the event has no throwable")
        .isEqualTo("e");
  }

  @Test
  void underTheEventCapDroppedGroupsLeaveNoEmptyObject() {
    JsonEventWriter capped =
        JsonEventWriter.create(
            JsonFormat.builder()
                .preset("ecs")
                .nestDottedNames(true)
                .staticFields("service.name=" + "s".repeat(600))
                .maxEventBytes(1024)
                .build());
    ObjectNode line =
        Lines.parse(
            capped,
            TestEvent.event()
                .with("big", "x".repeat(2000))
                .thrown(new IllegalStateException("y".repeat(900))));
    assertThat(line.has("event_truncated")).isTrue();
    assertThat(line.has("service")).isFalse();
    assertThat(line.toString()).doesNotContain("{}");
  }

  @Test
  void renamesAndStaticFieldsThatWouldClashAreReportedAndUndone() {
    List<String> problems = new ArrayList<>();
    JsonFormat format =
        JsonFormat.builder()
            .preset("ecs")
            .nestDottedNames(true)
            .option("fieldNames", "thread=log")
            .staticFields("ecs.version.x=1,service=a,service.name=b")
            .nestContextUnder("process")
            .build(problems::add);
    assertThat(format.fieldName(StandardField.THREAD)).isEqualTo("process.thread.name");
    assertThat(format.staticFields()).containsOnlyKeys("service");
    assertThat(format.nestContextUnder()).isNull();
    assertThat(problems)
        .containsExactly(
            "fieldNames: field name 'log' and 'log.level' cannot both be nested; thread keeps"
                + " its default name 'process.thread.name'",
            "staticFields: field name 'ecs.version.x' and 'ecs.version' cannot both be nested;"
                + " static field left out",
            "staticFields: field name 'service.name' and 'service' cannot both be nested; static"
                + " field left out",
            "nestContextUnder: 'process' is also a nested name's object or field; context fields"
                + " stay at the top level");
  }

  @Test
  void notWithTheGcpPreset() {
    List<String> problems = new ArrayList<>();
    JsonFormat format =
        JsonFormat.builder().preset("gcp").nestDottedNames(true).build(problems::add);
    assertThat(format.nestDottedNames()).isFalse();
    assertThat(problems)
        .containsExactly(
            "nestDottedNames: not with the gcp preset, whose special field names contain dots;"
                + " using false");
  }

  @Test
  void aFailureLineIsStillValid() {
    ObjectNode line =
        Lines.parse(NESTED_ECS, TestEvent.event().message(new RandomEvents.FailingText()));
    assertThat(line.has("encoder_error")).isTrue();
  }

  @Test
  void randomEventsGiveValidLinesWithNestedNames() {
    RandomEvents random = new RandomEvents(21);
    for (int round = 0; round < 20; round++) {
      JsonFormat.Builder b =
          JsonFormat.builder()
              .preset(round % 2 == 0 ? "ecs" : "logstash")
              .nestDottedNames(true)
              .staticFields("service.name=orders,service.node.name=n1")
              .includeFields("level_value,error_type,error_message");
      b.maxStringLength(new int[] {0, 5, 16, 1000}[round % 4]);
      b.maxEventBytes(new int[] {0, 1024, 4096}[round % 3]);
      if (round % 5 == 1) {
        b.nestContextUnder("ctx");
      }
      JsonEventWriter writer = JsonEventWriter.create(b.build());
      for (int i = 0; i < 100; i++) {
        ObjectNode line = Lines.parse(writer, random.event());
        assertThat(line.toString()).doesNotContain("\"service\":{}");
      }
    }
  }
}
