package dev.logcontext.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logcontext.ContextKey;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PinnedTypesTest {
  private static final JsonEventWriter PINNED =
      JsonEventWriter.create(
          JsonFormat.builder()
              .fieldTypes("user_id:long,amount:double,vip:boolean,tenant:keyword,cart:object")
              .build());

  private static ObjectNode line(TestEvent event) {
    return Lines.parse(PINNED, event);
  }

  @Test
  void aValueOfThePinnedTypeIsWrittenUnderItsName() {
    Map<String, Object> cart = new LinkedHashMap<>();
    cart.put("items", 3);
    ObjectNode line =
        line(
            TestEvent.event()
                .with("user_id", 42L)
                .with("amount", 4.5)
                .with("vip", true)
                .with("tenant", "acme")
                .with("cart", cart));
    assertThat(line.get("user_id").asLong()).isEqualTo(42);
    assertThat(line.get("amount").asDouble()).isEqualTo(4.5);
    assertThat(line.get("vip").asBoolean()).isTrue();
    assertThat(line.get("tenant").asText()).isEqualTo("acme");
    assertThat(line.get("cart").get("items").asInt()).isEqualTo(3);
    assertThat(line.toString()).doesNotContain("_text");
  }

  @Test
  void aValueOfAnotherTypeGoesAsAStringToTheTextFieldAndNeverUnderThePinnedName() {
    ObjectNode line =
        line(
            TestEvent.event()
                .with("user_id", "u-42")
                .with("amount", "a lot")
                .with("vip", "yes")
                .with("cart", List.of(1, 2)));
    assertThat(line.has("user_id")).isFalse();
    assertThat(line.get("user_id_text").asText()).isEqualTo("u-42");
    assertThat(line.has("amount")).isFalse();
    assertThat(line.get("amount_text").asText()).isEqualTo("a lot");
    assertThat(line.get("vip_text").asText()).isEqualTo("yes");
    assertThat(line.has("cart")).isFalse();
    assertThat(line.get("cart_text").asText()).isEqualTo("[1,2]");
  }

  @Test
  void aFractionIsNotALongButAWholeNumberIsADouble() {
    ObjectNode line = line(TestEvent.event().with("user_id", 4.5).with("amount", 42));
    assertThat(line.get("user_id_text").asText()).isEqualTo("4.5");
    assertThat(line.get("amount").isIntegralNumber()).isTrue();
    assertThat(line.get("amount").asInt()).isEqualTo(42);
  }

  @Test
  void notANumberIsNotADouble() {
    ObjectNode line = line(TestEvent.event().with("amount", Double.NaN));
    assertThat(line.has("amount")).isFalse();
    assertThat(line.get("amount_text").asText()).isEqualTo("NaN");
  }

  @Test
  void aKeywordTakesANumberOrABooleanAsItsTextAndAnObjectGoesToTheTextField() {
    ObjectNode numbers = line(TestEvent.event().with("tenant", 42).kv("tenant", true));
    assertThat(numbers.get("tenant").isTextual()).isTrue();
    assertThat(numbers.get("tenant").asText()).isEqualTo("42");
    assertThat(numbers.get("ctx_tenant").asText())
        .as("the duplicate from the key-values is pinned by its key too")
        .isEqualTo("true");

    Map<String, Object> object = new LinkedHashMap<>();
    object.put("name", "a \"quoted\" \\ name\n");
    ObjectNode line = line(TestEvent.event().with("tenant", object));
    assertThat(line.has("tenant")).isFalse();
    assertThat(line.get("tenant_text").asText())
        .isEqualTo("{\"name\":\"a \\\"quoted\\\" \\\\ name\\n\"}");
  }

  @Test
  void strictKeywordTypesStayStrings() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    ObjectNode line = line(TestEvent.event().with("tenant", id));
    assertThat(line.get("tenant").asText()).isEqualTo(id.toString());
  }

  @Test
  void nullIsWrittenUnderThePinnedName() {
    ObjectNode line = line(TestEvent.event().kv("user_id", null));
    assertThat(line.get("user_id").isNull()).isTrue();
  }

  @Test
  void theTextFieldIsAKeywordItselfSoANumberThereBecomesAString() {
    ObjectNode line = line(TestEvent.event().with("user_id_text", 7));
    assertThat(line.get("user_id_text").isTextual()).isTrue();
    assertThat(line.get("user_id_text").asText()).isEqualTo("7");
  }

  @Test
  void aTextFieldThatIsAlsoAnEventFieldNeverGivesADuplicateKey() {
    ObjectNode userFirst =
        line(TestEvent.event().with("user_id_text", "mine").kv("user_id", "u-1"));
    assertThat(userFirst.get("user_id_text").asText()).isEqualTo("mine");
    assertThat(userFirst.get("ctx_user_id_text").asText()).isEqualTo("u-1");
    assertThat(userFirst.has("user_id")).isFalse();

    ObjectNode textFirst =
        line(TestEvent.event().with("user_id", "u-1").kv("user_id_text", "mine"));
    assertThat(textFirst.get("user_id_text").asText()).isEqualTo("u-1");
    assertThat(textFirst.get("ctx_user_id_text").asText()).isEqualTo("mine");
  }

  @Test
  void aPinnedNameWhoseValueMovedStaysTakenForTheEvent() {
    ObjectNode line = line(TestEvent.event().with("user_id", "u-1").kv("user_id", 42));
    assertThat(line.get("user_id_text").asText()).isEqualTo("u-1");
    assertThat(line.has("user_id")).isFalse();
    assertThat(line.get("ctx_user_id").asLong()).isEqualTo(42);
  }

  @Test
  void aReservedPinnedKeyKeepsItsCollisionPrefixAndItsTextFieldIsNamedByTheSameRules() {
    JsonEventWriter writer =
        JsonEventWriter.create(JsonFormat.builder().fieldTypes("message:long").build());
    ObjectNode typed = Lines.parse(writer, TestEvent.event().with("message", 5));
    assertThat(typed.get("ctx_message").asLong()).isEqualTo(5);
    ObjectNode other = Lines.parse(writer, TestEvent.event().with("message", "five"));
    assertThat(other.has("ctx_message")).isFalse();
    assertThat(other.get("message_text").asText()).isEqualTo("five");
  }

  @Test
  void aRedactedPinnedValueIsAStringAndGoesToTheTextField() {
    JsonEventWriter writer =
        JsonEventWriter.create(JsonFormat.builder().fieldTypes("pin_token:long").build());
    ObjectNode line = Lines.parse(writer, TestEvent.event().with("pin_token", 1234));
    assertThat(line.has("pin_token")).isFalse();
    assertThat(line.get("pin_token_text").asText()).isEqualTo("[redacted]");
  }

  @Test
  void aValueThatFailsWhileWrittenGoesToTheTextFieldWithItsMarker() {
    List<Throwable> errors = new ArrayList<>();
    JsonEventWriter writer =
        JsonEventWriter.create(
            JsonFormat.builder().fieldTypes("cart:object").errorListener(errors::add).build());
    ObjectNode line =
        Lines.parse(writer, TestEvent.event().kv("cart", new BrokenMap()).kv("after", 1));
    assertThat(line.has("cart")).isFalse();
    assertThat(line.get("cart_text").asText()).startsWith("[value failed: ");
    assertThat(line.get("after").asInt()).isEqualTo(1);
    assertThat(errors).hasSize(1);
  }

  @Test
  void pinsApplyInsideTheNestObjectToo() {
    JsonEventWriter writer =
        JsonEventWriter.create(
            JsonFormat.builder().fieldTypes("user_id:long").nestContextUnder("ctx").build());
    ObjectNode line = Lines.parse(writer, TestEvent.event().with("user_id", "u-1"));
    assertThat(line.get("ctx").get("user_id_text").asText()).isEqualTo("u-1");
    assertThat(line.get("ctx").has("user_id")).isFalse();
  }

  @Test
  void typedContextKeysPinTheTypeTheirValuesAreWrittenAs() {
    List<String> problems = new ArrayList<>();
    JsonFormat format =
        JsonFormat.builder()
            .fieldTypes(
                ContextKey.of("user_id", Long.class),
                ContextKey.of("ratio", Float.class),
                ContextKey.of("flag", Boolean.class),
                ContextKey.of("when", java.time.Instant.class),
                ContextKey.of("attrs", Map.class),
                ContextKey.of("items", List.class))
            .build(problems::add);
    assertThat(format.fieldTypes())
        .containsExactly(
            Map.entry("user_id", FieldType.LONG),
            Map.entry("ratio", FieldType.DOUBLE),
            Map.entry("flag", FieldType.BOOLEAN),
            Map.entry("when", FieldType.KEYWORD),
            Map.entry("attrs", FieldType.OBJECT));
    assertThat(problems)
        .containsExactly(
            "fieldTypes: context key 'items' holds List, an array, which has no pinned type;"
                + " left out");
  }

  @Test
  void badPinsAreReportedOnceNamingTheEntryAndLeftOut() {
    List<String> problems = new ArrayList<>();
    JsonFormat format =
        JsonFormat.builder()
            .option(
                "fieldTypes",
                "user_id:int, :long, tenant, 9lives:long, amount : DOUBLE, amount_text:long")
            .build(problems::add);
    assertThat(format.fieldTypes()).containsExactly(Map.entry("amount", FieldType.DOUBLE));
    assertThat(problems)
        .containsExactly(
            "fieldTypes: unknown type 'int'; expected one of: long, double, boolean, keyword,"
                + " object for 'user_id'; left out",
            "fieldTypes: entry ':long' is not key:type; left out",
            "fieldTypes: entry 'tenant' is not key:type; left out",
            "fieldTypes: '9lives' for a pinned type is not a valid field name (1-64 chars of"
                + " [A-Za-z0-9_.@-], not starting with a digit); left out",
            "fieldTypes: 'amount_text:long' takes the values of 'amount' that are not double, as"
                + " strings; using keyword");
  }

  @Test
  void randomEventsNeverGiveAPinnedNameAnotherTypeAndEveryLineIsValid() {
    Map<String, FieldType> pins = new LinkedHashMap<>();
    FieldType[] types = FieldType.values();
    for (int i = 0; i < 20; i++) {
      pins.put("k" + i, types[i % types.length]);
    }
    pins.put("id", FieldType.LONG);
    RandomEvents random = new RandomEvents(14);
    for (int round = 0; round < 40; round++) {
      JsonFormat.Builder b = JsonFormat.builder();
      pins.forEach(b::fieldType);
      if (round % 2 == 1) {
        b.preset("ecs");
      }
      if (round % 3 == 1) {
        b.nestContextUnder("ctx");
      }
      b.maxStringLength(new int[] {0, 5, 16, 1000}[round % 4]);
      b.maxEventBytes(new int[] {0, 1024, 4096}[round % 3]);
      JsonEventWriter writer = JsonEventWriter.create(b.build());
      for (int i = 0; i < 100; i++) {
        ObjectNode line = Lines.parse(writer, random.event());
        checkPins(line, pins);
        if (line.get("ctx") instanceof ObjectNode nested) {
          checkPins(nested, pins);
        }
      }
    }
  }

  private static void checkPins(ObjectNode object, Map<String, FieldType> pins) {
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      FieldType pin = pins.get(field.getKey());
      if (field.getKey().endsWith("_text")) {
        String base = field.getKey().substring(0, field.getKey().length() - 5);
        if (pins.containsKey(base)) {
          pin = FieldType.KEYWORD;
        }
      }
      if (pin == null || field.getValue().isNull()) {
        continue;
      }
      JsonNodeType expected =
          switch (pin) {
            case LONG, DOUBLE -> JsonNodeType.NUMBER;
            case BOOLEAN -> JsonNodeType.BOOLEAN;
            case KEYWORD -> JsonNodeType.STRING;
            case OBJECT -> JsonNodeType.OBJECT;
          };
      assertThat(field.getValue().getNodeType())
          .as("%s pinned %s: %.300s", field.getKey(), pin, field.getValue())
          .isEqualTo(expected);
      if (pin == FieldType.LONG) {
        assertThat(field.getValue().isIntegralNumber()).as("%s is whole", field.getKey()).isTrue();
      }
    }
  }

  /** A map whose iteration fails. */
  private static final class BrokenMap extends AbstractMap<String, Object> {
    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      throw new IllegalStateException("broken entries");
    }
  }
}
