package dev.logcontext.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the JSON writer: random hostile events under random formats, each line checked
 * for the writer's promises. A fixed seed runs in every build; {@code -Dlogcontext.fuzz.seed=S} and
 * {@code -Dlogcontext.fuzz.events=N} (the {@code fuzz} profile sets a long run) explore more. A
 * failure names the seed of the event that broke a promise, which replays it alone.
 */
class WriterPropertiesTest {
  private static final long SEED = Long.getLong("logcontext.fuzz.seed", 20261201L);
  private static final int EVENTS = Integer.getInteger("logcontext.fuzz.events", 3000);
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void everyLineKeepsEveryPromiseWhateverTheEventAndFormat() {
    for (int i = 0; i < EVENTS; i++) {
      long seed = SEED + i;
      try {
        checkOne(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "promise broken for seed "
                + seed
                + " (replay with -Dlogcontext.fuzz.seed="
                + seed
                + " -Dlogcontext.fuzz.events=1): "
                + e.getMessage(),
            e);
      }
    }
  }

  private static void checkOne(long seed) {
    RandomEvents random = new RandomEvents(seed);
    JsonFormat format = random.format();
    TestEvent event = random.event();
    byte[] line = JsonEventWriter.create(format).encode(event);

    // One line of strict UTF-8 JSON, no raw control char, no duplicate key at any depth.
    ObjectNode json = Lines.parse(line);
    String text = new String(line, StandardCharsets.UTF_8);

    int cap = format.maxEventBytes();
    if (cap > 0) {
      assertThat(line.length).as("line within maxEventBytes").isLessThanOrEqualTo(cap);
    }
    assertThat(text).as("no redacted value shows").doesNotContain(RandomEvents.SECRET);

    String errorName = format.fieldName(StandardField.ENCODER_ERROR);
    if (json.has(errorName)) {
      assertThat(random.broken).as("minimal form only for a failing message: " + text).isTrue();
    }
    String timestamp = format.fieldName(StandardField.TIMESTAMP);
    assertThat(json.get(timestamp).asText())
        .as("timestamp intact")
        .isEqualTo(expectedTimestamp(event.timestamp));
    JsonNode truncated = json.get(format.fieldName(StandardField.EVENT_TRUNCATED));
    boolean lastResort = truncated != null && truncated.get("dropped").toString().contains("all");
    if (lastResort) {
      return;
    }
    boolean shortened = truncated != null && truncated.get("shortened").size() > 0;
    JsonNode level = json.get(format.fieldName(StandardField.LEVEL));
    JsonNode message = json.get(format.fieldName(StandardField.MESSAGE));
    assertThat(level).as("level present").isNotNull();
    assertThat(message).as("message present").isNotNull();
    if (!shortened && !random.broken) {
      int limit = format.maxStringLength() == 0 ? Integer.MAX_VALUE : format.maxStringLength();
      assertThat(level.asText()).as("level intact").isEqualTo(written(event.level, limit));
      assertThat(message.asText())
          .as("message intact")
          .isEqualTo(written(event.message.toString(), limit));
    }
  }

  private static String expectedTimestamp(long millis) {
    Instant instant = Instant.ofEpochMilli(millis);
    int year = instant.atZone(ZoneOffset.UTC).getYear();
    return year >= 0 && year <= 9999 ? ISO.format(instant) : instant.toString();
  }

  /**
   * The text a JSON reader gets back for {@code text} cut at {@code limit}: an oracle built on the
   * JDK's UTF-8 encoder (unpaired surrogates become U+FFFD), independent of the writer's code.
   */
  static String written(String text, int limit) {
    int cut = text.length();
    String marker = "";
    if (cut > limit) {
      cut = limit > 0 && Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
      marker = "\u2026[truncated " + (text.length() - cut) + " chars]";
    }
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)
            .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD});
    try {
      ByteBuffer bytes = encoder.encode(CharBuffer.wrap(text, 0, cut));
      return StandardCharsets.UTF_8.decode(bytes) + marker;
    } catch (CharacterCodingException e) {
      throw new AssertionError(e);
    }
  }
}
