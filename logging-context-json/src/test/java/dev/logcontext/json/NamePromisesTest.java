package dev.logcontext.json;

import static dev.logcontext.json.TestEvent.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No two fields of one JSON object share a name, whatever the keys: names are compared as they are
 * written, and redaction is decided on the whole key at every depth.
 */
class NamePromisesTest {
  private final JsonEventWriter writer = JsonEventWriter.create(JsonFormat.defaults());

  @Test
  void mdcKeysWithDifferentUnpairedSurrogatesNeverShareAName() {
    Map<String, Object> mdc = new LinkedHashMap<>();
    mdc.put("user\uD800", "a");
    mdc.put("user\uDC00", "b");
    ObjectNode json = Lines.parse(writer, event().mdc(mdc));
    assertThat(json.get("user\uFFFD").asText()).isEqualTo("a");
    assertThat(json.get("ctx_user\uFFFD").asText()).isEqualTo("b");
  }

  @Test
  void keyValueWithUnpairedSurrogateNeverSharesANameWithTheMdc() {
    ObjectNode json = Lines.parse(writer, event().mdc(Map.of("id\uFFFD", 1)).kv("id\uDBFF", 2));
    assertThat(json.get("id\uFFFD").asInt()).isEqualTo(1);
    assertThat(json.get("ctx_id\uFFFD").asInt()).isEqualTo(2);
  }

  @Test
  void nestedMapKeysWithUnpairedSurrogatesNeverShareAName() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("k\uD800", 1);
    map.put("k\uDC00", 2);
    map.put("k\uFFFD", 3);
    ObjectNode json = Lines.parse(writer, event().kv("m", map));
    JsonNode m = json.get("m");
    assertThat(Lines.fieldNames(m)).containsExactly("k\uFFFD", "ctx_k\uFFFD", "ctx_ctx_k\uFFFD");
    assertThat(m.get("ctx_ctx_k\uFFFD").asInt()).isEqualTo(3);
  }

  @Test
  void equalStringKeysOfAnIdentityMapAreNeverWrittenTwice() {
    Map<String, Object> map = new IdentityHashMap<>();
    map.put(new String("id"), 1);
    map.put(new String("id"), 2);
    ObjectNode json = Lines.parse(writer, event().kv("ids", map));
    JsonNode ids = json.get("ids");
    assertThat(Lines.fieldNames(ids)).containsExactlyInAnyOrder("id", "ctx_id");
    assertThat(List.of(ids.get("id").asInt(), ids.get("ctx_id").asInt()))
        .containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void equalStringMdcKeysAreNeverWrittenTwice() {
    Map<String, Object> mdc = new IdentityHashMap<>();
    mdc.put(new String("id"), 1);
    mdc.put(new String("id"), 2);
    ObjectNode json = Lines.parse(writer, event().mdc(mdc));
    assertThat(Lines.fieldNames(json)).contains("id", "ctx_id");
  }

  @Test
  void nestedKeysCutAtTheStringLimitNeverShareAName() {
    JsonEventWriter short16 =
        JsonEventWriter.create(JsonFormat.builder().maxStringLength(16).build());
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("abcdefghijklmnop_one", 1);
    map.put("abcdefghijklmnop_two", 2);
    ObjectNode json = Lines.parse(short16, event().kv("m", map));
    assertThat(Lines.fieldNames(json.get("m"))).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void nonStringKeysWithTheSameTextNeverShareAName() {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(1, "int");
    map.put(1L, "long");
    map.put("1", "string");
    ObjectNode json = Lines.parse(writer, event().kv("m", map));
    assertThat(Lines.fieldNames(json.get("m"))).containsExactly("1", "ctx_1", "ctx_ctx_1");
  }

  @Test
  void redactionOfANestedKeyIsDecidedOnTheWholeKeyNotOnItsCutForm() {
    JsonEventWriter short16 =
        JsonEventWriter.create(JsonFormat.builder().maxStringLength(16).build());
    ObjectNode json =
        Lines.parse(
            short16,
            event()
                .with("billing", Map.of("customer_account_password", "hunter2"))
                .kv("deeper", List.of(Map.of("x", Map.of("customer_account_password", "hunter3"))))
                .mdc(Map.of("mdc_map", Map.of("customer_account_password", "hunter4"))));
    String line = json.toString();
    assertThat(line).doesNotContain("hunter").contains("[redacted]");
    assertThat(json.get("billing").elements().next().asText()).isEqualTo("[redacted]");
  }

  @Test
  void topLevelKeysCutAtTheStringLimitAreRedactedOnTheWholeKey() {
    JsonEventWriter short16 =
        JsonEventWriter.create(JsonFormat.builder().maxStringLength(16).build());
    ObjectNode json =
        Lines.parse(
            short16,
            event()
                .with("customer_account_password", "hunter2")
                .kv("customer_account_token", "hunter3")
                .mdc(Map.of("customer_account_secret", "hunter4")));
    assertThat(json.toString()).doesNotContain("hunter");
  }
}
