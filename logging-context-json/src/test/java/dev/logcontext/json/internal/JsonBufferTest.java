package dev.logcontext.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonBufferTest {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String text(JsonBuffer buffer) {
    return new String(buffer.array(), 0, buffer.length(), StandardCharsets.UTF_8);
  }

  @Test
  void digitsMatchIntegerToString() {
    int[] values = {
      0, 1, 9, 10, 99, 100, 833, 1234567, 999_999_999, 1_000_000_000, Integer.MAX_VALUE
    };
    for (int value : values) {
      for (int padding : new int[] {0, 1014, 1015, 1023}) {
        JsonBuffer buffer = new JsonBuffer();
        buffer.writeAscii("x".repeat(padding));
        int digits = buffer.writeDigits(value);
        String expected = Integer.toString(value);
        assertThat(digits).as("digits of %d", value).isEqualTo(expected.length());
        assertThat(text(buffer))
            .as("%d after %d bytes", value, padding)
            .isEqualTo("x".repeat(padding) + expected);
      }
    }
  }

  @Test
  void asciiIsCopiedAsIs() {
    JsonBuffer buffer = new JsonBuffer();
    buffer.writeAscii("a");
    buffer.writeAscii("");
    buffer.writeAscii("b".repeat(2000));
    assertThat(text(buffer)).isEqualTo("a" + "b".repeat(2000));
  }

  @Test
  void timestampsMatchTheJdkFormatter() {
    Random random = new Random(7);
    long[] fixed = {
      0L,
      -1L,
      1_795_700_535_123L,
      951_782_400_000L /* 2000-02-29 */,
      253_402_300_799_999L,
      -62_167_219_200_000L /* 0000-01-01 */
    };
    for (long millis : fixed) {
      assertTimestamp(millis);
    }
    for (int i = 0; i < 100_000; i++) {
      assertTimestamp(random.nextLong() % 253_402_300_799_999L);
    }
  }

  private static void assertTimestamp(long millis) {
    JsonBuffer buffer = new JsonBuffer();
    buffer.writeTimestamp(millis);
    Instant instant = Instant.ofEpochMilli(millis);
    String expected =
        instant.atOffset(ZoneOffset.UTC).getYear() < 0
            ? instant.toString()
            : ISO_MILLIS.format(instant);
    assertThat(text(buffer)).as("millis %d", millis).isEqualTo("\"" + expected + "\"");
  }

  @Test
  void yearsOutsideFourDigitsFallBackToInstant() {
    JsonBuffer buffer = new JsonBuffer();
    buffer.writeTimestamp(Long.MAX_VALUE);
    assertThat(text(buffer)).isEqualTo("\"" + Instant.ofEpochMilli(Long.MAX_VALUE) + "\"");
  }

  @Test
  void longsMatchLongToString() {
    long[] values = {0, 1, -1, 9, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE};
    for (long value : values) {
      JsonBuffer buffer = new JsonBuffer();
      buffer.writeLong(value);
      assertThat(text(buffer)).isEqualTo(Long.toString(value));
    }
  }

  @Test
  void uuidsMatchUuidToString() {
    for (int i = 0; i < 1000; i++) {
      UUID uuid = UUID.randomUUID();
      JsonBuffer buffer = new JsonBuffer();
      buffer.writeUuid(uuid);
      assertThat(text(buffer)).isEqualTo("\"" + uuid + "\"");
    }
  }

  @Test
  void everyCharRoundTripsOrBecomesReplacement() throws Exception {
    for (int c = 0; c <= 0xFFFF; c++) {
      String s = "a" + (char) c + "b";
      JsonBuffer buffer = new JsonBuffer();
      buffer.writeString(s, Integer.MAX_VALUE);
      String parsed = MAPPER.readTree(buffer.toByteArray()).asText();
      String expected = Character.isSurrogate((char) c) ? "a\uFFFDb" : s;
      assertThat(parsed).as("char %04x", c).isEqualTo(expected);
    }
  }

  @Test
  void longStringsCrossChunkBoundariesIntact() throws Exception {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      s.append(i % 3 == 0 ? "😀" : i % 3 == 1 ? "\"\n" : "é");
    }
    JsonBuffer buffer = new JsonBuffer();
    buffer.writeString(s, Integer.MAX_VALUE);
    assertThat(MAPPER.readTree(buffer.toByteArray()).asText()).isEqualTo(s.toString());
  }

  @Test
  void trimDropsOversizedArrays() {
    JsonBuffer buffer = new JsonBuffer();
    buffer.writeString("x".repeat(200_000), Integer.MAX_VALUE);
    assertThat(buffer.array().length).isGreaterThan(Encoding.MAX_RETAINED_BYTES);
    buffer.trim(Encoding.MAX_RETAINED_BYTES);
    assertThat(buffer.array().length).isEqualTo(JsonBuffer.INITIAL_CAPACITY);
    assertThat(buffer.length()).isZero();
  }
}
