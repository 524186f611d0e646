package dev.logcontext.json;

import static dev.logcontext.json.TestEvent.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventCapTest {

  private static JsonEventWriter capped(int bytes) {
    return JsonEventWriter.create(JsonFormat.builder().maxEventBytes(bytes).build());
  }

  private static ObjectNode encodeWithin(JsonEventWriter writer, EventView event, int cap) {
    byte[] line = writer.encode(event);
    assertThat(line.length).as("line size").isLessThanOrEqualTo(cap);
    return Lines.parse(line);
  }

  private static Throwable deepThrowable(int depth) {
    if (depth == 0) {
      return new IllegalStateException("root cause with a long message " + "m".repeat(200));
    }
    return new RuntimeException("level " + depth, deepThrowable(depth - 1));
  }

  @Test
  void eventBelowTheCapIsUnchanged() {
    TestEvent e = event().with("a", 1).kv("b", 2);
    byte[] uncapped = JsonEventWriter.create(JsonFormat.defaults()).encode(e);
    assertThat(capped(4096).encode(e)).isEqualTo(uncapped);
  }

  @Test
  void stackTraceIsShortenedFirst() {
    TestEvent e = event().with("request_id", "r-1").kv("order_id", 7).thrown(deepThrowable(30));
    ObjectNode json = encodeWithin(capped(4096), e, 4096);
    assertThat(json.get("request_id").asText()).isEqualTo("r-1");
    assertThat(json.get("order_id").asInt()).isEqualTo(7);
    assertThat(json.get("stack_trace").asText()).contains("\u2026[truncated ");
    JsonNode marker = json.get("event_truncated");
    assertThat(marker.get("original_bytes").asInt()).isGreaterThan(4096);
    assertThat(marker.get("dropped")).isEmpty();
    assertThat(marker.get("shortened").toString()).isEqualTo("[\"stack_trace\"]");
  }

  @Test
  void keyValuesGoBeforeContext() {
    String big = "v".repeat(3000);
    TestEvent e = event().with("request_id", "r-1").kv("k1", big).kv("k2", big).marker("T");
    ObjectNode json = encodeWithin(capped(2048), e, 2048);
    assertThat(json.get("request_id").asText()).isEqualTo("r-1");
    assertThat(json.has("k1")).isFalse();
    assertThat(json.has("tags")).isFalse();
    assertThat(json.get("event_truncated").get("dropped").toString())
        .isEqualTo("[\"stack_trace\",\"key_values\",\"tags\"]");
  }

  @Test
  void contextIsDroppedWhenItAloneIsTooLarge() {
    TestEvent e = event().with("big", "c".repeat(5000)).mdc(Map.of("m", "x".repeat(5000)));
    ObjectNode json = encodeWithin(capped(2048), e, 2048);
    assertThat(json.has("big")).isFalse();
    assertThat(json.has("m")).isFalse();
    assertThat(json.get("message").asText()).isEqualTo("Order 42 placed for alice");
    assertThat(json.get("event_truncated").get("dropped").toString()).contains("mdc", "context");
  }

  @Test
  void hugeMessageIsCutToFit() {
    JsonEventWriter w =
        JsonEventWriter.create(JsonFormat.builder().maxStringLength(0).maxEventBytes(2048).build());
    ObjectNode json = encodeWithin(w, event().message("m".repeat(100_000)), 2048);
    assertThat(json.get("message").asText()).startsWith("mmm").contains("\u2026[truncated ");
    assertThat(json.get("event_truncated").get("shortened").toString()).contains("message");
  }

  @Test
  void namesWrittenWholeBeforeAreStillCutWhenTheCapShortensThem() {
    String logger = "com.example.deeply.nested.package.with.a.long.name.OrderService";
    String thread = "http-nio-8080-exec-1-with-a-rather-long-thread-name";
    JsonEventWriter w =
        JsonEventWriter.create(JsonFormat.builder().maxStringLength(0).maxEventBytes(1024).build());
    for (int round = 0; round < 2; round++) {
      ObjectNode whole = encodeWithin(w, event().logger(logger).thread(thread), 1024);
      assertThat(whole.get("logger_name").asText()).isEqualTo(logger);
      assertThat(whole.get("thread_name").asText()).isEqualTo(thread);
      ObjectNode cut =
          encodeWithin(w, event().logger(logger).thread(thread).message("m".repeat(100_000)), 1024);
      assertThat(cut.get("logger_name").asText())
          .isEqualTo(
              logger.substring(0, 32) + "\u2026[truncated " + (logger.length() - 32) + " chars]");
      assertThat(cut.get("thread_name").asText())
          .isEqualTo(
              thread.substring(0, 32) + "\u2026[truncated " + (thread.length() - 32) + " chars]");
    }
  }

  @Test
  void escapeHeavyValuesStillFitTheSmallestCap() {
    String controls = "\u0001".repeat(20_000);
    TestEvent e =
        event()
            .message(controls)
            .logger(controls)
            .thread(controls)
            .level(controls)
            .with("ctx", controls)
            .kv("kv", controls)
            .thrown(deepThrowable(5));
    JsonEventWriter w =
        JsonEventWriter.create(
            JsonFormat.builder()
                .maxEventBytes(JsonFormat.MIN_EVENT_BYTES)
                .staticFields("service=" + "s".repeat(2000))
                .build());
    ObjectNode json = encodeWithin(w, e, JsonFormat.MIN_EVENT_BYTES);
    assertThat(json.has("event_truncated")).isTrue();
    assertThat(json.has("@timestamp")).isTrue();
  }

  @Test
  void failureFormRespectsTheCap() {
    JsonEventWriter w =
        JsonEventWriter.create(JsonFormat.builder().maxStringLength(0).maxEventBytes(1024).build());
    ObjectNode json =
        encodeWithin(
            w, event().level("L".repeat(50_000)).message(new RandomEvents.FailingText()), 1024);
    assertThat(json.has("encoder_error")).isTrue();
  }

  @Test
  void randomEventsAlwaysFitAndParse() {
    Random random = new Random(42);
    int[] caps = {1024, 1500, 4096, 16_384};
    for (int round = 0; round < 300; round++) {
      int cap = caps[random.nextInt(caps.length)];
      JsonEventWriter w =
          JsonEventWriter.create(
              JsonFormat.builder()
                  .maxEventBytes(cap)
                  .maxStringLength(random.nextBoolean() ? 0 : 1 + random.nextInt(5000))
                  .preset(random.nextBoolean() ? "ecs" : "logstash")
                  .build());
      TestEvent e = event().message(randomText(random, random.nextInt(20_000)));
      for (int i = random.nextInt(8); i > 0; i--) {
        e.with("c" + i, randomText(random, random.nextInt(3000)));
      }
      for (int i = random.nextInt(8); i > 0; i--) {
        e.kv("k" + i, randomText(random, random.nextInt(3000)));
      }
      if (random.nextBoolean()) {
        e.thrown(deepThrowable(random.nextInt(10)));
      }
      encodeWithin(w, e, cap);
    }
  }

  private static String randomText(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      if (kind < 6) {
        text.append((char) ('a' + random.nextInt(26)));
      } else if (kind < 7) {
        text.append((char) random.nextInt(0x20));
      } else if (kind < 8) {
        text.append('"');
      } else if (kind < 9) {
        text.append("é€😀".charAt(random.nextInt(4)));
      } else {
        text.append((char) random.nextInt(0x10000));
      }
    }
    return text.toString();
  }
}
