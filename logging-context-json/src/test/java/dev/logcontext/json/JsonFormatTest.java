package dev.logcontext.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class JsonFormatTest {

  private static void rejects(UnaryOperator<JsonFormat.Builder> config, String... fragments) {
    assertThatThrownBy(() -> config.apply(JsonFormat.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(fragments);
  }

  @Test
  void defaultsAreDocumented() {
    JsonFormat format = JsonFormat.defaults();
    assertThat(format.preset()).isEqualTo(JsonFormat.Preset.LOGSTASH);
    assertThat(format.fieldName(StandardField.TIMESTAMP)).isEqualTo("@timestamp");
    assertThat(format.fieldName(StandardField.LEVEL_VALUE)).isNull();
    assertThat(format.fieldName(StandardField.ECS_VERSION)).isNull();
    assertThat(format.maxStringLength()).isEqualTo(16_384);
    assertThat(format.maxEventBytes()).isZero();
    assertThat(format.collisionPrefix()).isEqualTo("ctx_");
    assertThat(format.redactKeys())
        .containsExactly("password", "token", "authorization", "secret", "cookie");
    assertThat(format.redactionReplacement()).isEqualTo("[redacted]");
    assertThat(format.nestContextUnder()).isNull();
    assertThat(format.staticFields()).isEmpty();
  }

  @Test
  void accessorsReflectTheBuilder() {
    JsonFormat format =
        JsonFormat.builder()
            .preset("ecs")
            .staticFields(Map.of("service.name", "orders"))
            .includeKeys("a")
            .excludeKeys("b")
            .nestContextUnder("labels")
            .maxStackDepthPerThrowable(5)
            .shortenedClassNameLength(20)
            .addFrameExclusion("^sun\\.reflect")
            .rootCauseFirst(true)
            .maxStackTraceLength(1000)
            .maxEventBytes(4096)
            .build();
    assertThat(format.preset()).isEqualTo(JsonFormat.Preset.ECS);
    assertThat(format.staticFields()).containsEntry("service.name", "orders");
    assertThat(format.includeKeys()).containsExactly("a");
    assertThat(format.excludeKeys()).containsExactly("b");
    assertThat(format.nestContextUnder()).isEqualTo("labels");
    assertThat(format.maxStackDepthPerThrowable()).isEqualTo(5);
    assertThat(format.shortenedClassNameLength()).isEqualTo(20);
    assertThat(format.frameExclusions()).containsExactly("^sun\\.reflect");
    assertThat(format.rootCauseFirst()).isTrue();
    assertThat(format.maxStackTraceLength()).isEqualTo(1000);
    assertThat(format.maxEventBytes()).isEqualTo(4096);
    assertThat(format.staticFields()).isUnmodifiable();
  }

  private record BadOption(UnaryOperator<JsonFormat.Builder> config, String[] fragments) {}

  private static BadOption bad(UnaryOperator<JsonFormat.Builder> config, String... fragments) {
    return new BadOption(config, fragments);
  }

  private static final List<BadOption> BAD_OPTIONS =
      List.of(
          bad(b -> b.preset("gelf"), "preset", "gelf"),
          bad(b -> b.fieldNames("nosuch=x"), "fieldNames", "nosuch"),
          bad(b -> b.fieldNames("message"), "fieldNames", "'message'"),
          bad(b -> b.fieldName(StandardField.MESSAGE, "has space"), "fieldNames", "has space"),
          bad(b -> b.fieldName(StandardField.MESSAGE, "level"), "'level'", "message"),
          bad(b -> b.staticField("message", "x"), "'message'", "static field"),
          bad(b -> b.staticFields("broken"), "staticFields", "broken"),
          bad(b -> b.staticField("9lives", "x"), "staticFields", "9lives"),
          bad(b -> b.staticField("ok", null), "staticFields", "ok"),
          bad(b -> b.includeFields("nope"), "includeFields", "nope"),
          bad(b -> b.excludeFields("nope"), "excludeFields", "nope"),
          bad(b -> b.exclude(StandardField.ENCODER_ERROR), "encoder_error"),
          bad(b -> b.exclude(StandardField.EVENT_TRUNCATED), "event_truncated"),
          bad(b -> b.preset("ecs").exclude(StandardField.ECS_VERSION), "ecs_version"),
          bad(b -> b.maxStringLength(-1), "maxStringLength", "-1"),
          bad(b -> b.maxEventBytes(100), "maxEventBytes", "100"),
          bad(b -> b.maxStackDepthPerThrowable(-2), "maxStackDepthPerThrowable"),
          bad(b -> b.shortenedClassNameLength(-2), "shortenedClassNameLength"),
          bad(b -> b.maxStackTraceLength(-2), "maxStackTraceLength"),
          bad(b -> b.collisionPrefix(""), "collisionPrefix"),
          bad(b -> b.collisionPrefix("a b"), "collisionPrefix"),
          bad(b -> b.redactionReplacement(null), "redactionReplacement"),
          bad(b -> b.redactKeys(java.util.Arrays.asList("ok", null)), "redactKeys"),
          bad(b -> b.addFrameExclusion("(unclosed"), "frameExclusions", "(unclosed"),
          bad(b -> b.ecsVersion(""), "ecsVersion"),
          bad(b -> b.errorListener(null), "errorListener"),
          bad(b -> b.nestContextUnder("bad name"), "nestContextUnder"),
          bad(b -> b.nestContextUnder("message"), "'message'", "nestContextUnder"),
          bad(b -> b.option("maxStringLength", "lots"), "maxStringLength", "'lots'", "default"),
          bad(b -> b.option("rootCauseFirst", "yes"), "rootCauseFirst", "'yes'", "default"),
          bad(b -> b.option("frameExclusions", "ok,(unclosed"), "frameExclusions", "(unclosed"),
          bad(b -> b.option("noSuchOption", "x"), "noSuchOption", "unknown", "'x'"));

  @Test
  void badOptionsAreRejectedAtBuildNamingTheOption() {
    for (BadOption option : BAD_OPTIONS) {
      rejects(option.config(), option.fragments());
    }
  }

  @Test
  void aLenientBuildReportsEachBadOptionOnceAndUsesItsDefault() {
    for (BadOption option : BAD_OPTIONS) {
      List<String> problems = new ArrayList<>();
      JsonFormat format =
          option
              .config()
              .apply(JsonFormat.builder().staticField("service", "orders"))
              .build(problems::add);
      assertThat(problems).as(String.join(",", option.fragments())).hasSize(1);
      assertThat(problems.get(0)).contains(option.fragments());
      String line =
          JsonEventWriter.create(format)
              .encodeToString(TestEvent.event().message("kept").with("user_id", 42));
      JsonNode json = Lines.tree(line);
      assertThat(json.findValue("message").asText()).as(line).isEqualTo("kept");
      assertThat(json.get("user_id").asInt()).as(line).isEqualTo(42);
      assertThat(json.get("service").asText()).as(line).isEqualTo("orders");
    }
  }

  @Test
  void aLenientBuildReplacesAnEventCapBelowTheMinimumByNoCap() {
    List<String> problems = new ArrayList<>();
    JsonFormat format = JsonFormat.builder().maxEventBytes(256).build(problems::add);
    assertThat(format.maxEventBytes()).isZero();
    assertThat(problems)
        .containsExactly(
            "maxEventBytes: 256 is below the minimum of 1024; using the default (0, no cap)");
  }

  @Test
  void aLenientBuildUndoesOnlyTheRenameThatClashes() {
    List<String> problems = new ArrayList<>();
    JsonFormat format =
        JsonFormat.builder()
            .fieldName(StandardField.LOGGER, "message")
            .fieldName(StandardField.THREAD, "thread")
            .build(problems::add);
    assertThat(format.fieldName(StandardField.LOGGER)).isEqualTo("logger_name");
    assertThat(format.fieldName(StandardField.MESSAGE)).isEqualTo("message");
    assertThat(format.fieldName(StandardField.THREAD)).isEqualTo("thread");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).contains("'message'", "logger");
  }

  @Test
  void excludedFieldFreesItsName() {
    JsonFormat format =
        JsonFormat.builder().exclude(StandardField.THREAD).staticField("thread_name", "t").build();
    assertThat(format.fieldName(StandardField.THREAD)).isNull();
    assertThat(format.staticFields()).containsEntry("thread_name", "t");
  }

  @Test
  void standardFieldIdsResolve() {
    for (StandardField field : StandardField.values()) {
      assertThat(StandardField.fromId(field.id())).isEqualTo(field);
      assertThat(StandardField.fromId(field.name())).isEqualTo(field);
    }
    assertThatThrownBy(() -> StandardField.fromId("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x'")
        .hasMessageContaining("timestamp");
  }

  @Test
  void collectionsAreCopied() {
    List<String> keys = new java.util.ArrayList<>(List.of("a"));
    JsonFormat format = JsonFormat.builder().redactKeys(keys).build();
    keys.add("b");
    assertThat(format.redactKeys()).containsExactly("a");
  }
}
