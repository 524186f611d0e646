package dev.logcontext.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void badOptionsAreRejectedAtBuildNamingTheOption() {
    rejects(b -> b.preset("gelf"), "preset", "gelf");
    rejects(b -> b.fieldNames("nosuch=x"), "fieldNames", "nosuch");
    rejects(b -> b.fieldNames("message"), "fieldNames", "'message'");
    rejects(b -> b.fieldName(StandardField.MESSAGE, "has space"), "fieldNames", "has space");
    rejects(b -> b.fieldName(StandardField.MESSAGE, "level"), "'level'", "message");
    rejects(b -> b.staticField("message", "x"), "'message'", "static field");
    rejects(b -> b.staticFields("broken"), "staticFields", "broken");
    rejects(b -> b.staticField("9lives", "x"), "staticFields", "9lives");
    rejects(b -> b.staticField("ok", null), "staticFields", "ok");
    rejects(b -> b.includeFields("nope"), "includeFields", "nope");
    rejects(b -> b.excludeFields("nope"), "excludeFields", "nope");
    rejects(b -> b.exclude(StandardField.ENCODER_ERROR), "encoder_error");
    rejects(b -> b.exclude(StandardField.EVENT_TRUNCATED), "event_truncated");
    rejects(b -> b.preset("ecs").exclude(StandardField.ECS_VERSION), "ecs_version");
    rejects(b -> b.maxStringLength(-1), "maxStringLength", "-1");
    rejects(b -> b.maxEventBytes(100), "maxEventBytes", "100");
    rejects(b -> b.maxStackDepthPerThrowable(-2), "maxStackDepthPerThrowable");
    rejects(b -> b.shortenedClassNameLength(-2), "shortenedClassNameLength");
    rejects(b -> b.maxStackTraceLength(-2), "maxStackTraceLength");
    rejects(b -> b.collisionPrefix(""), "collisionPrefix");
    rejects(b -> b.collisionPrefix("a b"), "collisionPrefix");
    rejects(b -> b.redactionReplacement(null), "redactionReplacement");
    rejects(b -> b.redactKeys(java.util.Arrays.asList("ok", null)), "redactKeys");
    rejects(b -> b.addFrameExclusion("(unclosed"), "frameExclusions", "(unclosed");
    rejects(b -> b.ecsVersion(""), "ecsVersion");
    rejects(b -> b.errorListener(null), "errorListener");
    rejects(b -> b.nestContextUnder("bad name"), "nestContextUnder");
    rejects(b -> b.nestContextUnder("message"), "'message'", "nestContextUnder");
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
