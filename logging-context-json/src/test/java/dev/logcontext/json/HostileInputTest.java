package dev.logcontext.json;

import static dev.logcontext.json.TestEvent.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logcontext.Snapshot;
import dev.logcontext.json.RandomEvents.BrokenMap;
import dev.logcontext.json.RandomEvents.ThrowingMessage;
import dev.logcontext.json.RandomEvents.ThrowingToString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HostileInputTest {
  private final List<Throwable> reported = new CopyOnWriteArrayList<>();
  private final JsonEventWriter writer =
      JsonEventWriter.create(JsonFormat.builder().errorListener(reported::add).build());

  @Test
  void throwingToStringInKeyValueBecomesMarker() {
    ObjectNode json = Lines.parse(writer, event().kv("bad", new ThrowingToString()).kv("after", 1));
    assertThat(json.get("bad").asText())
        .isEqualTo(
            "[toString() of "
                + ThrowingToString.class.getName()
                + " threw java.lang.IllegalStateException]");
    assertThat(json.get("after").asInt()).isEqualTo(1);
    assertThat(reported).isEmpty();
  }

  @Test
  void throwableWhoseGetMessageThrowsIsStillRendered() {
    JsonEventWriter ecs =
        JsonEventWriter.create(
            JsonFormat.builder().preset("ecs").errorListener(reported::add).build());
    ObjectNode json = Lines.parse(ecs, event().thrown(new ThrowingMessage()));
    assertThat(json.get("error.message").asText())
        .isEqualTo("[getMessage() threw java.lang.UnsupportedOperationException]");
    assertThat(json.get("error.stack_trace").asText())
        .startsWith(ThrowingMessage.class.getName() + ": [getMessage() threw");
    assertThat(reported).isEmpty();
  }

  @Test
  void aBrokenMapCostsOnlyItsOwnFieldAndIsReportedOnce() {
    ObjectNode json =
        Lines.parse(
            writer,
            event()
                .with("request_id", "r")
                .kv("broken", new BrokenMap())
                .kv("nested", List.of(1, Map.of("deeper", new BrokenMap())))
                .kv("after", 1));
    assertThat(json.get("message").asText()).isEqualTo("Order 42 placed for alice");
    assertThat(json.get("request_id").asText()).isEqualTo("r");
    assertThat(json.get("after").asInt()).isEqualTo(1);
    assertThat(json.get("broken").asText())
        .isEqualTo("[value failed: java.lang.IllegalStateException: broken map]");
    assertThat(json.get("nested").asText())
        .isEqualTo("[value failed: java.lang.IllegalStateException: broken map]");
    assertThat(json.has("encoder_error")).isFalse();
    assertThat(reported).hasSize(2);
    assertThat(reported.get(0)).hasMessage("broken map");
  }

  @Test
  void hugeNumbersAreWrittenAsTheirSizeNotAsMegabytesOfDigits() {
    ObjectNode json =
        Lines.parse(
            writer,
            event()
                .kv("int", java.math.BigInteger.TWO.pow(5_000_000))
                .kv("dec", new java.math.BigDecimal(java.math.BigInteger.TEN.pow(400_000), 7))
                .kv("small", java.math.BigInteger.TWO.pow(64)));
    assertThat(json.get("int").asText()).isEqualTo("[BigInteger of 5000001 bits]");
    assertThat(json.get("dec").asText()).startsWith("[BigDecimal of ").endsWith(" bits, scale 7]");
    assertThat(json.get("small").bigIntegerValue()).isEqualTo(java.math.BigInteger.TWO.pow(64));
  }

  @Test
  void viewThatThrowsEverywhereStillYieldsValidLine() {
    EventView hostile =
        new TestEvent() {
          @Override
          public String levelName() {
            throw new IllegalStateException("level");
          }

          @Override
          public CharSequence message() {
            throw new IllegalStateException("message");
          }

          @Override
          public Snapshot context() {
            throw new IllegalStateException("context");
          }
        };
    ObjectNode json = Lines.parse(writer, hostile);
    assertThat(json.get("level").asText()).isEqualTo("[unavailable]");
    assertThat(json.get("message").asText()).isEqualTo("[unavailable]");
    assertThat(json.get("logger_name").asText()).isEqualTo("com.example.OrderService");
    assertThat(json.get("encoder_error").asText()).contains("IllegalStateException");
    assertThat(reported).hasSize(1);
  }

  @Test
  void throwingListenerIsIgnored() {
    JsonEventWriter w =
        JsonEventWriter.create(
            JsonFormat.builder()
                .errorListener(
                    e -> {
                      throw new IllegalStateException("listener");
                    })
                .build());
    ObjectNode json = Lines.parse(w, event().kv("broken", new BrokenMap()).kv("after", 1));
    assertThat(json.get("broken").asText()).startsWith("[value failed: ");
    assertThat(json.get("after").asInt()).isEqualTo(1);
  }

  @Test
  void deeplyNestedAndSelfReferencingValuesAreCut() {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> current = root;
    for (int i = 0; i < 100; i++) {
      Map<String, Object> next = new LinkedHashMap<>();
      current.put("n", next);
      current = next;
    }
    List<Object> selfList = new ArrayList<>();
    selfList.add(selfList);
    Map<String, Object> selfMap = new LinkedHashMap<>();
    selfMap.put("me", selfMap);

    ObjectNode json =
        Lines.parse(
            writer, event().kv("deep", root).kv("self_list", selfList).kv("self_map", selfMap));
    JsonNode node = json.get("deep");
    int depth = 0;
    while (node.isObject()) {
      node = node.get("n");
      depth++;
    }
    assertThat(depth).isEqualTo(16);
    assertThat(node.asText()).isEqualTo("[nested deeper than 16 levels]");
    assertThat(json.get("self_list").toString()).isEqualTo("[\"[cycle: contains itself]\"]");
    assertThat(json.get("self_map").toString()).isEqualTo("{\"me\":\"[cycle: contains itself]\"}");
    assertThat(reported).isEmpty();
  }

  @Test
  void deeplyNestedContextFromSnapshotIsWritten() {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> current = root;
    for (int i = 0; i < 10; i++) {
      Map<String, Object> next = new LinkedHashMap<>();
      current.put("level" + i, next);
      current = next;
    }
    current.put("leaf", List.of(1, Map.of("x", "y")));
    ObjectNode json = Lines.parse(writer, event().with("tree", root));
    assertThat(json.get("tree").toString()).contains("\"leaf\":[1,{\"x\":\"y\"}]");
  }

  @Test
  void loggingFromToStringWhileEncodingDoesNotCorruptEitherLine() {
    List<byte[]> inner = new ArrayList<>();
    Object reentrant =
        new Object() {
          @Override
          public String toString() {
            // Nested logging through the same writer on the same thread.
            inner.add(writer.encode(event().message("inner event").kv("depth", 1)));
            return "outer value";
          }
        };
    Throwable reentrantThrowable =
        new RuntimeException() {
          private static final long serialVersionUID = 1L;

          @Override
          public String getMessage() {
            inner.add(writer.encode(event().message("from getMessage")));
            return "outer throwable";
          }
        };
    byte[] outer =
        writer.encode(
            event()
                .message("outer event")
                .kv("value", reentrant)
                .kv("x", "y")
                .thrown(reentrantThrowable));
    ObjectNode json = Lines.parse(outer);
    assertThat(json.get("message").asText()).isEqualTo("outer event");
    assertThat(json.get("value").asText()).isEqualTo("outer value");
    assertThat(json.get("x").asText()).isEqualTo("y");
    assertThat(json.get("stack_trace").asText()).contains("outer throwable");
    assertThat(inner).isNotEmpty();
    for (byte[] line : inner) {
      ObjectNode nested = Lines.parse(line);
      assertThat(nested.get("message").asText()).isIn("inner event", "from getMessage");
      assertThat(nested.has("value")).isFalse();
    }
    assertThat(reported).isEmpty();
  }

  @Test
  void mutatingMessageBuilderIsReadOnce() {
    StringBuilder message = new StringBuilder("reusable \"builder\"\n");
    ObjectNode json = Lines.parse(writer, event().message(message));
    assertThat(json.get("message").asText()).isEqualTo("reusable \"builder\"\n");
  }

  @Test
  void nullKeysAndMarkersAreWrittenAsText() {
    Map<String, Object> mdc = new LinkedHashMap<>();
    mdc.put(null, "v");
    ObjectNode json = Lines.parse(writer, event().mdc(mdc).kv(null, 1).marker(null));
    assertThat(json.get("null").asText()).isEqualTo("v");
    assertThat(json.get("ctx_null").asInt()).isEqualTo(1);
    assertThat(json.get("tags").get(0).asText()).isEmpty();
  }

  @Test
  void hugeDecimalExponentsStayCompactNumbers() {
    ObjectNode json =
        Lines.parse(
            writer,
            event()
                .kv("huge", new java.math.BigDecimal("1E+1000000"))
                .kv("tiny", new java.math.BigDecimal("1E-5000")));
    assertThat(json.get("huge").isNumber()).isTrue();
    assertThat(json.get("tiny").isNumber()).isTrue();
  }
}
