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
  void oneBufferFollowsTimeAcrossBoundariesAndBackwards() {
    long newYear = 1_767_225_600_000L; // 2026-01-01T00:00:00.000Z
    long[] sequence = {
      newYear - 1, // 2025-12-31T23:59:59.999Z
      newYear - 999, // the same second
      newYear, // next second, minute, hour, day, month and year
      newYear + 1,
      newYear + 999,
      newYear + 1000,
      newYear - 1, // back a year
      newYear + 59_999,
      newYear + 60_000, // next minute
      newYear + 3_600_000, // next hour
      newYear + 86_400_000, // next day, the same time of day
      newYear + 86_399_999,
      newYear + 86_400_000 - 86_400_000, // back a day
      951_868_799_999L, // 2000-02-29T23:59:59.999Z
      951_868_800_000L, // 2000-03-01
      0L,
      -1L, // 1969-12-31T23:59:59.999Z
      -1000L,
      -1001L,
      -999L,
      1L,
      -62_167_219_200_000L, // 0000-01-01T00:00:00.000Z
      -62_167_219_200_001L, // year -1: not cached
      -62_167_219_200_000L,
      253_402_300_799_999L, // 9999-12-31T23:59:59.999Z
      253_402_300_800_000L, // year 10000: not cached
      253_402_300_799_000L,
      Long.MAX_VALUE,
      Long.MIN_VALUE,
      newYear
    };
    JsonBuffer buffer = new JsonBuffer();
    for (long millis : sequence) {
      assertTimestamp(buffer, millis);
    }
  }

  @Test
  void oneBufferMatchesTheJdkFormatterOnRandomWalks() {
    Random random = new Random(11);
    JsonBuffer buffer = new JsonBuffer();
    long millis = 1_767_225_600_000L;
    for (int i = 0; i < 100_000; i++) {
      int step = random.nextInt(4);
      if (step == 0) {
        millis += random.nextInt(2000) - 1000;
      } else if (step == 1) {
        millis += random.nextInt(200_000_000) - 100_000_000;
      } else if (step == 2) {
        millis = random.nextLong() % 253_402_300_799_999L;
      } else {
        millis += 1;
      }
      assertTimestamp(buffer, millis);
    }
  }

  private static void assertTimestamp(JsonBuffer buffer, long millis) {
    buffer.reset();
    buffer.writeTimestamp(millis);
    assertThat(text(buffer)).as("millis %d", millis).isEqualTo(expectedTimestamp(millis));
  }

  private static String expectedTimestamp(long millis) {
    Instant instant = Instant.ofEpochMilli(millis);
    int year = instant.atOffset(ZoneOffset.UTC).getYear();
    return "\""
        + (year < 0 || year > 9999 ? instant.toString() : ISO_MILLIS.format(instant))
        + "\"";
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
