package dev.logcontext.json;

import static dev.logcontext.json.TestEvent.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class EcsPresetTest {
  private final JsonEventWriter writer =
      JsonEventWriter.create(
          JsonFormat.builder()
              .preset("ecs")
              .staticFields("service.name=orders,service.environment=prod")
              .build());

  @Test
  void timestampLevelAndMessageComeFirstThenEcsVersion() {
    ObjectNode json =
        Lines.parse(
            writer,
            event()
                .with("request_id", "r-1")
                .kv("order_id", 7)
                .marker("AUDIT")
                .thrown(new IllegalArgumentException("bad input", new RuntimeException("root"))));
    assertThat(Lines.fieldNames(json))
        .containsExactly(
            "@timestamp",
            "log.level",
            "message",
            "ecs.version",
            "log.logger",
            "process.thread.name",
            "service.name",
            "service.environment",
            "request_id",
            "order_id",
            "tags",
            "error.type",
            "error.message",
            "error.stack_trace");
    assertThat(json.get("ecs.version").asText()).isEqualTo("8.11");
    assertThat(json.get("log.level").asText()).isEqualTo("INFO");
    assertThat(json.get("error.type").asText()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(json.get("error.message").asText()).isEqualTo("bad input");
    assertThat(json.get("error.stack_trace").asText())
        .startsWith("java.lang.IllegalArgumentException: bad input\n")
        .contains("Caused by: java.lang.RuntimeException: root");
  }

  @Test
  void ecsVersionIsAlwaysPresentAndConfigurable() {
    JsonEventWriter w =
        JsonEventWriter.create(
            JsonFormat.builder().preset(JsonFormat.Preset.ECS).ecsVersion("1.2.0").build());
    ObjectNode json = Lines.parse(w, event());
    assertThat(Lines.fieldNames(json))
        .containsExactly(
            "@timestamp",
            "log.level",
            "message",
            "ecs.version",
            "log.logger",
            "process.thread.name");
    assertThat(json.get("ecs.version").asText()).isEqualTo("1.2.0");
  }

  @Test
  void errorMessageIsOmittedWhenTheThrowableHasNone() {
    ObjectNode json = Lines.parse(writer, event().thrown(new NullPointerException()));
    assertThat(json.has("error.message")).isFalse();
    assertThat(json.get("error.type").asText()).isEqualTo("java.lang.NullPointerException");
  }

  @Test
  void contextKeysNamedLikeEcsFieldsArePrefixed() {
    ObjectNode json =
        Lines.parse(
            writer,
            event()
                .with("log.level", "x")
                .with("ecs.version", "y")
                .kv("service.name", "z")
                .kv("level", "plain"));
    assertThat(json.get("ctx_log.level").asText()).isEqualTo("x");
    assertThat(json.get("ctx_ecs.version").asText()).isEqualTo("y");
    assertThat(json.get("ctx_service.name").asText()).isEqualTo("z");
    assertThat(json.get("level").asText()).as("not an ECS name").isEqualTo("plain");
    assertThat(json.get("service.name").asText()).isEqualTo("orders");
  }

  @Test
  void bothPresetsCarryTheSameContentUnderTheirNames() {
    TestEvent e = event().with("user_id", 42).kv("ok", true);
    ObjectNode logstash = Lines.parse(JsonEventWriter.create(JsonFormat.defaults()), e);
    ObjectNode ecs =
        Lines.parse(JsonEventWriter.create(JsonFormat.builder().preset("ECS").build()), e);
    for (List<String> pair :
        List.of(
            List.of("@timestamp", "@timestamp"),
            List.of("level", "log.level"),
            List.of("logger_name", "log.logger"),
            List.of("thread_name", "process.thread.name"),
            List.of("message", "message"),
            List.of("user_id", "user_id"),
            List.of("ok", "ok"))) {
      assertThat(ecs.get(pair.get(1))).as(pair.toString()).isEqualTo(logstash.get(pair.get(0)));
    }
  }
}
