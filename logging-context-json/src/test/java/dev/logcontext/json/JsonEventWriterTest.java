package dev.logcontext.json;

import static dev.logcontext.json.TestEvent.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JsonEventWriterTest {
  private final JsonEventWriter writer = JsonEventWriter.create(JsonFormat.defaults());

  @Test
  void writesLogstashFieldsInDocumentedOrder() {
    ObjectNode json =
        Lines.parse(
            writer,
            event()
                .with("request_id", "r-1")
                .with("user_id", 42L)
                .mdc(Map.of("legacy", "x"))
                .kv("order_id", 7)
                .marker("AUDIT")
                .thrown(new IllegalStateException("boom")));

    assertThat(Lines.fieldNames(json))
        .containsExactly(
            "@timestamp",
            "level",
            "logger_name",
            "thread_name",
            "message",
            "request_id",
            "user_id",
            "legacy",
            "order_id",
            "tags",
            "stack_trace");
    assertThat(json.get("@timestamp").asText()).isEqualTo("2026-11-26T13:42:15.123Z");
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("logger_name").asText()).isEqualTo("com.example.OrderService");
    assertThat(json.get("thread_name").asText()).isEqualTo("http-nio-8080-exec-1");
    assertThat(json.get("message").asText()).isEqualTo("Order 42 placed for alice");
    assertThat(json.get("user_id").isIntegralNumber()).isTrue();
    assertThat(json.get("user_id").asLong()).isEqualTo(42L);
    assertThat(json.get("tags").toString()).isEqualTo("[\"AUDIT\"]");
    assertThat(json.get("stack_trace").asText())
        .startsWith("java.lang.IllegalStateException: boom\n\tat dev.logcontext.json");
  }

  @Test
  void contextFieldsKeepBindingOrder() {
    ObjectNode json =
        Lines.parse(writer, event().with("z", 1).with("a", 2).with("m", 3).with("z", 4));
    assertThat(Lines.fieldNames(json)).endsWith("z", "a", "m");
    assertThat(json.get("z").asInt()).isEqualTo(4);
  }

  @Test
  void minimalEventHasNoOptionalFields() {
    ObjectNode json = Lines.parse(writer, event());
    assertThat(Lines.fieldNames(json))
        .containsExactly("@timestamp", "level", "logger_name", "thread_name", "message");
  }

  @Test
  void nullStandardValuesBecomeEmptyStrings() {
    TestEvent e = event().level(null).logger(null).thread(null).message(null);
    ObjectNode json = Lines.parse(writer, e);
    assertThat(json.get("level").asText()).isEmpty();
    assertThat(json.get("logger_name").asText()).isEmpty();
    assertThat(json.get("message").asText()).isEmpty();
  }

  @Test
  void valuesKeepTheirJsonTypes() {
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("a", 1);
    nested.put("b", List.of(true, "x", 2.5));
    TestEvent e =
        event()
            .with("int", 42)
            .with("long", Long.MIN_VALUE)
            .with("short", (short) -3)
            .with("byte", (byte) 7)
            .with("double", 2.5d)
            .with("float", 1.1f)
            .with("bool", true)
            .with("decimal", new BigDecimal("1E+3"))
            .with("small_decimal", new BigDecimal("0.000000001"))
            .with("big", new BigInteger("123456789012345678901234567890"))
            .with("uuid", uuid)
            .with("enum", TimeUnit.SECONDS)
            .with("instant", Instant.parse("2026-01-02T03:04:05.678Z"))
            .with("date", LocalDate.of(2026, 1, 2))
            .with("duration", Duration.ofSeconds(90))
            .with("zone", ZoneId.of("Europe/Paris"))
            .with("char", 'q')
            .with("nested", nested)
            .with("list", List.of(1, 2, 3))
            .kv("nan", Double.NaN)
            .kv("inf", Double.POSITIVE_INFINITY)
            .kv("neg_inf", Float.NEGATIVE_INFINITY)
            .kv("array", new int[] {1, 2})
            .kv("object_array", new Object[] {"a", null})
            .kv("set", new java.util.TreeSet<>(List.of("x", "y")))
            .kv("null", null)
            .kv(
                "pojo",
                new Object() {
                  @Override
                  public String toString() {
                    return "pojo!";
                  }
                });
    ObjectNode json = Lines.parse(writer, e);

    assertThat(json.get("int").isInt()).isTrue();
    assertThat(json.get("long").asLong()).isEqualTo(Long.MIN_VALUE);
    assertThat(json.get("short").asInt()).isEqualTo(-3);
    assertThat(json.get("byte").asInt()).isEqualTo(7);
    assertThat(json.get("double").isDouble()).isTrue();
    assertThat(json.get("double").asDouble()).isEqualTo(2.5);
    assertThat(json.get("float").asText()).isEqualTo("1.1");
    assertThat(json.get("bool").isBoolean()).isTrue();
    assertThat(new String(writer.encode(e), StandardCharsets.UTF_8))
        .contains("\"decimal\":1000,")
        .contains("\"small_decimal\":0.000000001,")
        .contains("\"big\":123456789012345678901234567890,")
        .contains("\"float\":1.1,");
    assertThat(json.get("uuid").asText()).isEqualTo(uuid.toString());
    assertThat(json.get("enum").asText()).isEqualTo("SECONDS");
    assertThat(json.get("instant").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
    assertThat(json.get("date").asText()).isEqualTo("2026-01-02");
    assertThat(json.get("duration").asText()).isEqualTo("PT1M30S");
    assertThat(json.get("zone").asText()).isEqualTo("Europe/Paris");
    assertThat(json.get("char").asText()).isEqualTo("q");
    assertThat(json.get("nested").toString()).isEqualTo("{\"a\":1,\"b\":[true,\"x\",2.5]}");
    assertThat(json.get("list").toString()).isEqualTo("[1,2,3]");
    assertThat(json.get("nan").asText()).isEqualTo("NaN");
    assertThat(json.get("nan").isTextual()).isTrue();
    assertThat(json.get("inf").asText()).isEqualTo("Infinity");
    assertThat(json.get("neg_inf").asText()).isEqualTo("-Infinity");
    assertThat(json.get("array").toString()).isEqualTo("[1,2]");
    assertThat(json.get("object_array").toString()).isEqualTo("[\"a\",null]");
    assertThat(json.get("set").toString()).isEqualTo("[\"x\",\"y\"]");
    assertThat(json.get("null").isNull()).isTrue();
    assertThat(json.get("pojo").asText()).isEqualTo("pojo!");
  }

  @Test
  void mapWithNonStringKeysNeverProducesDuplicateKeys() {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(1, "int key");
    map.put("1", "string key");
    map.put(null, "null key");
    ObjectNode json = Lines.parse(writer, event().kv("map", map));
    assertThat(json.get("map").get("1").asText()).isEqualTo("int key");
    assertThat(json.get("map").get("ctx_1").asText()).isEqualTo("string key");
    assertThat(json.get("map").get("null").asText()).isEqualTo("null key");
  }

  @Test
  void escapesEveryStringAndKey() {
    StringBuilder controls = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      controls.append(c);
    }
    String hostile = "quote\" backslash\\ " + controls + " \u2028\u2029 \u007f é € 😀";
    TestEvent e =
        event()
            .message(hostile)
            .logger("log\"ger\n")
            .thread("thr\\ead")
            .level("IN\"FO")
            .with("k", hostile)
            .mdc(Map.of("we\"ird\nkey\u2028", hostile))
            .kv("kv\\key", hostile)
            .marker("tag\"\n");
    byte[] line = writer.encode(e);
    ObjectNode json = Lines.parse(line);
    assertThat(json.get("message").asText()).isEqualTo(hostile);
    assertThat(json.get("k").asText()).isEqualTo(hostile);
    assertThat(json.get("we\"ird\nkey\u2028").asText()).isEqualTo(hostile);
    assertThat(json.get("kv\\key").asText()).isEqualTo(hostile);
    assertThat(json.get("logger_name").asText()).isEqualTo("log\"ger\n");
    assertThat(json.get("level").asText()).isEqualTo("IN\"FO");
    assertThat(json.get("tags").get(0).asText()).isEqualTo("tag\"\n");
    String text = new String(line, StandardCharsets.UTF_8);
    assertThat(text).contains("\\u2028\\u2029").contains("\\n\\u000b\\f\\r").contains("\\u0000");
  }

  @Test
  void replacesUnpairedSurrogatesAndKeepsPairs() {
    String text = "lone high \uD83D end, lone low \uDE00, pair \uD83D\uDE00, trailing \uD83D";
    ObjectNode json = Lines.parse(writer, event().message(text).kv("s\uDC00", text));
    assertThat(json.get("message").asText())
        .isEqualTo("lone high \uFFFD end, lone low \uFFFD, pair \uD83D\uDE00, trailing \uFFFD");
    assertThat(json.get("s\uFFFD")).isNotNull();
  }

  @Test
  void fieldCollidingWithStandardFieldIsPrefixed() {
    TestEvent e =
        event()
            .mdc(Map.of("level", "from mdc"))
            .kv("message", "from kv")
            .kv("@timestamp", "kv ts")
            .kv("stack_trace", "kv st")
            .kv("logger_name", 1)
            .kv("encoder_error", "kv err");
    ObjectNode json = Lines.parse(writer, e);
    assertThat(json.get("message").asText()).isEqualTo("Order 42 placed for alice");
    assertThat(json.get("ctx_message").asText()).isEqualTo("from kv");
    assertThat(json.get("ctx_level").asText()).isEqualTo("from mdc");
    assertThat(json.get("ctx_@timestamp").asText()).isEqualTo("kv ts");
    assertThat(json.get("ctx_stack_trace").asText()).isEqualTo("kv st");
    assertThat(json.get("ctx_logger_name").asInt()).isEqualTo(1);
    assertThat(json.get("ctx_encoder_error").asText()).isEqualTo("kv err");
  }

  @Test
  void contextKeyNamedLikeStandardFieldIsPrefixedToo() throws Exception {
    TestEvent e = event().with("message", "ctx").with("level", "ctx level");
    ObjectNode json = Lines.parse(writer, e);
    assertThat(json.get("ctx_message").asText()).isEqualTo("ctx");
    assertThat(json.get("ctx_level").asText()).isEqualTo("ctx level");
  }

  @Test
  void fieldCollidingWithStaticFieldIsPrefixed() {
    JsonEventWriter w =
        JsonEventWriter.create(JsonFormat.builder().staticFields("service=orders").build());
    ObjectNode json = Lines.parse(w, event().with("service", "ctx").kv("service", "kv"));
    assertThat(json.get("service").asText()).isEqualTo("orders");
    assertThat(json.get("ctx_service").asText()).isEqualTo("ctx");
    assertThat(json.get("ctx_ctx_service").asText()).isEqualTo("kv");
  }

  @Test
  void collisionPrefixIsConfigurable() {
    JsonEventWriter w = JsonEventWriter.create(JsonFormat.builder().collisionPrefix("x_").build());
    assertThat(Lines.parse(w, event().kv("message", "m")).get("x_message").asText()).isEqualTo("m");
  }

  @Test
  void duplicateAcrossSourcesFirstWinsLaterIsPrefixed() {
    TestEvent e =
        event()
            .with("user_id", 1)
            .mdc(Map.of("user_id", "2"))
            .kv("user_id", 3)
            .kv("user_id", 4)
            .kv("ctx_user_id", 5);
    ObjectNode json = Lines.parse(writer, e);
    assertThat(json.get("user_id").asInt()).isEqualTo(1);
    assertThat(json.get("ctx_user_id").asText()).isEqualTo("2");
    assertThat(json.get("ctx_ctx_user_id").asInt()).isEqualTo(3);
    assertThat(json.get("ctx_ctx_ctx_user_id").asInt()).isEqualTo(4);
    assertThat(json.get("ctx_ctx_ctx_ctx_user_id").asInt()).isEqualTo(5);
  }

  @Test
  void manyDuplicatesStillGetUniqueNames() {
    TestEvent e = event();
    for (int i = 0; i < 40; i++) {
      e.kv("dup", i);
    }
    ObjectNode json = Lines.parse(writer, e);
    assertThat(json.size()).isEqualTo(5 + 40);
  }

  @Test
  void longStringsAreTruncatedWithVisibleMarker() {
    String huge = "x".repeat(200_000);
    ObjectNode json =
        Lines.parse(
            writer,
            event()
                .message(huge)
                .with("ctx", huge)
                .kv("kv", huge)
                .kv(
                    "obj",
                    new Object() {
                      @Override
                      public String toString() {
                        return huge;
                      }
                    }));
    String expected = "x".repeat(16_384) + "\u2026[truncated 183616 chars]";
    assertThat(json.get("message").asText()).isEqualTo(expected);
    assertThat(json.get("ctx").asText()).isEqualTo(expected);
    assertThat(json.get("kv").asText()).isEqualTo(expected);
    assertThat(json.get("obj").asText()).isEqualTo(expected);
  }

  @Test
  void truncationNeverSplitsASurrogatePair() {
    JsonEventWriter w = JsonEventWriter.create(JsonFormat.builder().maxStringLength(3).build());
    ObjectNode json = Lines.parse(w, event().message("ab😀cd"));
    assertThat(json.get("message").asText()).isEqualTo("ab\u2026[truncated 4 chars]");
  }

  @Test
  void longKeysAreTruncatedAndStayUnique() {
    JsonEventWriter w = JsonEventWriter.create(JsonFormat.builder().maxStringLength(10).build());
    String a = "k".repeat(20) + "a";
    String b = "k".repeat(20) + "b";
    ObjectNode json = Lines.parse(w, event().kv(a, 1).kv(b, 2));
    assertThat(json.get("kkkkkkkkkk\u2026[truncated 11 chars]").asInt()).isEqualTo(1);
    assertThat(json.get("ctx_kkkkkkkkkk\u2026[truncated 11 chars]").asInt()).isEqualTo(2);
  }

  @Test
  void maxStringLengthZeroMeansUnlimited() {
    JsonEventWriter w = JsonEventWriter.create(JsonFormat.builder().maxStringLength(0).build());
    String huge = "y".repeat(100_000);
    assertThat(Lines.parse(w, event().message(huge)).get("message").asText()).isEqualTo(huge);
  }

  @Test
  void sensitiveKeysAreRedactedByDefaultIgnoringCase() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("db_password", "hunter2");
    nested.put("host", "db");
    TestEvent e =
        event()
            .with("Authorization", "Bearer abc")
            .with("config", nested)
            .mdc(Map.of("SESSION_COOKIE", "c"))
            .kv("access_token", "t")
            .kv("client_secret", Map.of("a", 1))
            .kv("PassWord", 123)
            .kv("user", "alice");
    ObjectNode json = Lines.parse(writer, e);
    assertThat(json.get("Authorization").asText()).isEqualTo("[redacted]");
    assertThat(json.get("config").get("db_password").asText()).isEqualTo("[redacted]");
    assertThat(json.get("config").get("host").asText()).isEqualTo("db");
    assertThat(json.get("SESSION_COOKIE").asText()).isEqualTo("[redacted]");
    assertThat(json.get("access_token").asText()).isEqualTo("[redacted]");
    assertThat(json.get("client_secret").asText()).isEqualTo("[redacted]");
    assertThat(json.get("PassWord").asText()).isEqualTo("[redacted]");
    assertThat(json.get("user").asText()).isEqualTo("alice");
  }

  @Test
  void redactionIsConfigurable() {
    JsonEventWriter w =
        JsonEventWriter.create(
            JsonFormat.builder().redactKeys("ssn, iban").redactionReplacement("***").build());
    ObjectNode json = Lines.parse(w, event().kv("customer_ssn", "1").kv("password", "p"));
    assertThat(json.get("customer_ssn").asText()).isEqualTo("***");
    assertThat(json.get("password").asText()).isEqualTo("p");

    JsonEventWriter none = JsonEventWriter.create(JsonFormat.builder().redactKeys("").build());
    assertThat(Lines.parse(none, event().kv("password", "p")).get("password").asText())
        .isEqualTo("p");
  }

  @Test
  void staticFieldsFollowTheHeaderInConfiguredOrder() {
    Map<String, String> statics = new LinkedHashMap<>();
    statics.put("service", "orders");
    statics.put("env", "prod \"eu\"");
    JsonEventWriter w =
        JsonEventWriter.create(
            JsonFormat.builder()
                .staticFields(statics)
                .staticFields("version=1.2=3, region=")
                .build());
    ObjectNode json = Lines.parse(w, event().with("request_id", "r"));
    assertThat(Lines.fieldNames(json))
        .containsExactly(
            "@timestamp",
            "level",
            "logger_name",
            "thread_name",
            "message",
            "service",
            "env",
            "version",
            "region",
            "request_id");
    assertThat(json.get("env").asText()).isEqualTo("prod \"eu\"");
    assertThat(json.get("version").asText()).isEqualTo("1.2=3");
    assertThat(json.get("region").asText()).isEmpty();
  }

  @Test
  void standardFieldsCanBeRenamedIncludedAndExcluded() {
    JsonEventWriter w =
        JsonEventWriter.create(
            JsonFormat.builder()
                .fieldName(StandardField.MESSAGE, "msg")
                .fieldNames("logger=logger, timestamp=time")
                .include(StandardField.LEVEL_VALUE, StandardField.ERROR_TYPE)
                .includeFields("error_message")
                .exclude(StandardField.TAGS)
                .excludeFields("thread")
                .build());
    ObjectNode json =
        Lines.parse(
            w,
            event().level("WARN").marker("M").thrown(new RuntimeException("bad")).kv("message", 1));
    assertThat(Lines.fieldNames(json))
        .containsExactly(
            "time",
            "level",
            "level_value",
            "logger",
            "msg",
            "message",
            "throwable_class",
            "throwable_message",
            "stack_trace");
    assertThat(json.get("level_value").asInt()).isEqualTo(30000);
    assertThat(json.get("message").asInt()).as("no longer reserved").isEqualTo(1);
    assertThat(json.get("throwable_class").asText()).isEqualTo("java.lang.RuntimeException");
    assertThat(json.get("throwable_message").asText()).isEqualTo("bad");
  }

  @Test
  void includeAndExcludeKeysApplyToContextMdcAndKeyValues() {
    JsonEventWriter w =
        JsonEventWriter.create(
            JsonFormat.builder().includeKeys("a,b,c,d").excludeKeys(List.of("b")).build());
    ObjectNode json =
        Lines.parse(
            w,
            event()
                .with("a", 1)
                .with("b", 2)
                .with("x", 3)
                .mdc(Map.of("c", 4, "y", 5))
                .kv("d", 6)
                .kv("z", 7));
    assertThat(Lines.fieldNames(json)).endsWith("message", "a", "c", "d");
  }

  @Test
  void contextAndMdcCanBeNestedUnderOneObject() {
    JsonEventWriter w =
        JsonEventWriter.create(JsonFormat.builder().nestContextUnder("context").build());
    ObjectNode json =
        Lines.parse(
            w,
            event()
                .with("message", "ctx message")
                .with("user_id", 1)
                .mdc(Map.of("user_id", "mdc"))
                .kv("user_id", 2)
                .kv("context", "kv context"));
    assertThat(Lines.fieldNames(json))
        .containsExactly(
            "@timestamp",
            "level",
            "logger_name",
            "thread_name",
            "message",
            "context",
            "user_id",
            "ctx_context");
    JsonNode context = json.get("context");
    assertThat(context.get("message").asText())
        .as("no clash inside the object")
        .isEqualTo("ctx message");
    assertThat(context.get("user_id").asInt()).isEqualTo(1);
    assertThat(context.get("ctx_user_id").asText()).isEqualTo("mdc");
    assertThat(json.get("user_id").asInt()).isEqualTo(2);
    assertThat(json.get("ctx_context").asText()).isEqualTo("kv context");

    ObjectNode empty = Lines.parse(w, event());
    assertThat(empty.has("context")).as("no empty object").isFalse();
  }

  @Test
  void legacyKeysOutsideTheKeyRuleAreEscaped() throws Exception {
    dev.logcontext.Snapshot snapshot =
        dev.logcontext.Snapshot.empty()
            .call(
                () -> {
                  dev.logcontext.LegacyBindings.put("bad key \"\n", "v");
                  dev.logcontext.LegacyBindings.put("message", "legacy message");
                  return dev.logcontext.LogContext.capture();
                });
    ObjectNode json = Lines.parse(writer, event().context(snapshot));
    assertThat(json.get("bad key \"\n").asText()).isEqualTo("v");
    assertThat(json.get("ctx_message").asText()).isEqualTo("legacy message");
  }

  @Test
  void outputStreamAndSinkVariantsWriteTheSameBytes() throws Exception {
    TestEvent e = event().with("a", 1).kv("b", "two");
    byte[] expected = writer.encode(e);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(writer.encode(e, out)).isEqualTo(expected.length);
    assertThat(out.toByteArray()).isEqualTo(expected);

    ByteArrayOutputStream target = new ByteArrayOutputStream();
    int written =
        writer.encode(e, target, (t, bytes, offset, length) -> t.write(bytes, offset, length));
    assertThat(written).isEqualTo(expected.length);
    assertThat(target.toByteArray()).isEqualTo(expected);

    assertThat(writer.encodeToString(e)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
  }

  @Test
  void levelValueDefaultsFollowLogback() {
    assertThat(Arrays.asList("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "CUSTOM", null))
        .extracting(level -> event().level(level).levelValue())
        .containsExactly(5000, 10000, 20000, 30000, 40000, 50000, 0, 0);
  }
}
