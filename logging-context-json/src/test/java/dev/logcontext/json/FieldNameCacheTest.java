package dev.logcontext.json;

import static dev.logcontext.json.TestEvent.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Field names and per-key decisions are cached by the writer: a warm writer must write every event
 * exactly as a writer that has never seen its keys.
 */
class FieldNameCacheTest {
  private static final JsonFormat FORMAT =
      JsonFormat.builder()
          .staticFields("service=orders")
          .excludeKeys(List.of("hidden"))
          .redactKeys(List.of("secret", "AaAa"))
          .build();

  /** Keys with one and the same {@code hashCode()}: they all compete for the same cache slots. */
  private static List<String> sameHashKeys(int count) {
    List<String> keys = new ArrayList<>();
    for (int bits = 0; keys.size() < count; bits++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        sb.append((bits >> i & 1) == 0 ? "Aa" : "BB");
      }
      keys.add(sb.toString());
    }
    return keys;
  }

  private static void assertSameAsCold(JsonEventWriter warm, TestEvent e) {
    String cold = JsonEventWriter.create(warm.format()).encodeToString(e);
    assertThat(warm.encodeToString(e)).isEqualTo(cold);
    Lines.parse(warm, e); // strict: no duplicate names
  }

  @Test
  void manyDistinctKeysStayCorrect() {
    JsonEventWriter warm = JsonEventWriter.create(FORMAT);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 2000; i += 7) {
        TestEvent e = event();
        for (int k = i; k < i + 7; k++) {
          e.with("key_" + k, k);
        }
        e.kv("key_" + i, "dup").kv("my_secret_" + i, "s");
        assertSameAsCold(warm, e);
      }
    }
  }

  @Test
  void keysCollidingInTheCacheKeepTheirOwnDecisions() {
    List<String> keys = sameHashKeys(12);
    assertThat(keys.stream().mapToInt(String::hashCode).distinct().count()).isEqualTo(1);
    JsonEventWriter warm = JsonEventWriter.create(FORMAT);
    Random random = new Random(11);
    for (int n = 0; n < 500; n++) {
      TestEvent e = event();
      for (int j = 0; j < 4; j++) {
        String key = keys.get(random.nextInt(keys.size()));
        if (random.nextBoolean()) {
          e.with(key, j);
        } else {
          e.kv(key, j);
        }
      }
      assertSameAsCold(warm, e);
    }
    // "AaAa…" contains the redaction fragment "AaAa" (any case); "BBBB…" does not.
    ObjectNode json = Lines.parse(warm, event().with(keys.get(0), 1).kv(keys.get(63 % 12), 2));
    assertThat(json.get(keys.get(0)).asText()).isEqualTo("[redacted]");
  }

  @Test
  void collisionRenamingDependsOnEachEventsOwnFields() {
    JsonEventWriter warm = JsonEventWriter.create(FORMAT);
    for (int round = 0; round < 3; round++) {
      // Reserved name alone: prefixed once.
      ObjectNode a = Lines.parse(warm, event().with("message", "m1"));
      assertThat(a.get("ctx_message").asText()).isEqualTo("m1");
      assertThat(a.has("ctx_ctx_message")).isFalse();

      // The prefixed name already taken by an earlier field: prefixed again.
      ObjectNode b =
          Lines.parse(warm, event().with("ctx_message", "first").kv("message", "second"));
      assertThat(b.get("ctx_message").asText()).isEqualTo("first");
      assertThat(b.get("ctx_ctx_message").asText()).isEqualTo("second");

      // Duplicates across context, MDC and key-values: first wins.
      ObjectNode c =
          Lines.parse(
              warm, event().with("user_id", 1).mdc(Map.of("user_id", "2")).kv("user_id", 3));
      assertThat(c.get("user_id").asInt()).isEqualTo(1);
      assertThat(c.get("ctx_user_id").asText()).isEqualTo("2");
      assertThat(c.get("ctx_ctx_user_id").asInt()).isEqualTo(3);

      // Static field names are reserved; excluded and redacted keys stay so.
      ObjectNode d =
          Lines.parse(
              warm, event().with("service", "x").with("hidden", "h").kv("client_secret", "s"));
      assertThat(d.get("service").asText()).isEqualTo("orders");
      assertThat(d.get("ctx_service").asText()).isEqualTo("x");
      assertThat(d.has("hidden")).isFalse();
      assertThat(d.get("client_secret").asText()).isEqualTo("[redacted]");

      // The same keys in an event without the earlier fields: not renamed.
      ObjectNode e = Lines.parse(warm, event().with("ctx_message", "only").kv("user_id", 5));
      assertThat(e.get("ctx_message").asText()).isEqualTo("only");
      assertThat(e.get("user_id").asInt()).isEqualTo(5);
    }
  }

  @Test
  void nestedContextRenamesOnlyDuplicates() {
    JsonEventWriter warm =
        JsonEventWriter.create(JsonFormat.builder().nestContextUnder("ctx").build());
    Map<String, Object> mdc = new LinkedHashMap<>();
    mdc.put("message", "from mdc");
    mdc.put("level", "l");
    for (int round = 0; round < 3; round++) {
      TestEvent e = event().with("message", "from context").mdc(mdc).kv("message", "kv");
      ObjectNode json = Lines.parse(warm, e);
      assertThat(json.get("ctx").get("message").asText()).isEqualTo("from context");
      assertThat(json.get("ctx").get("ctx_message").asText()).isEqualTo("from mdc");
      assertThat(json.get("ctx").get("level").asText()).isEqualTo("l");
      assertThat(json.get("ctx_message").asText()).isEqualTo("kv");
      assertSameAsCold(warm, e);
    }
  }

  @Test
  void longAndTruncatedKeysStayCorrect() {
    JsonEventWriter warm = JsonEventWriter.create(JsonFormat.builder().maxStringLength(40).build());
    String longKey = "k".repeat(300);
    String mid = "m".repeat(100);
    Map<String, Object> mdc = new LinkedHashMap<>();
    mdc.put(longKey, 1);
    mdc.put(mid, 3);
    for (int round = 0; round < 3; round++) {
      TestEvent e = event().mdc(mdc).kv(longKey, 2).kv(mid, 4).kv("m".repeat(45), 5);
      assertSameAsCold(warm, e);
    }
  }
}
