package dev.logcontext.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextCacheTest {
  private static String written(TextCache cache, String text) {
    JsonBuffer out = new JsonBuffer();
    out.writeByte('x');
    cache.writeString(out, text);
    return new String(out.array(), 1, out.length() - 1, StandardCharsets.UTF_8);
  }

  private static String reference(String text) {
    JsonBuffer out = new JsonBuffer();
    out.writeString(text, Integer.MAX_VALUE);
    return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
  }

  @Test
  void theSameStringIsWrittenAlikeAgain() {
    TextCache cache = new TextCache();
    String name = "com.example.OrderService";
    assertThat(written(cache, name)).isEqualTo("\"com.example.OrderService\"");
    assertThat(written(cache, name)).isEqualTo("\"com.example.OrderService\"");
  }

  @Test
  void equalButNotIdenticalStringsAreWrittenFromTheirOwnChars() {
    TextCache cache = new TextCache();
    String first = new String("main-thread");
    String second = new String("main-thread");
    assertThat(written(cache, first)).isEqualTo("\"main-thread\"");
    assertThat(written(cache, second)).isEqualTo("\"main-thread\"");
    assertThat(written(cache, first)).isEqualTo("\"main-thread\"");
  }

  @Test
  void stringsWithTheSameHashTakeTurnsInTheirSlot() {
    TextCache cache = new TextCache();
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    for (int i = 0; i < 3; i++) {
      assertThat(written(cache, "Aa")).isEqualTo("\"Aa\"");
      assertThat(written(cache, "BB")).isEqualTo("\"BB\"");
      assertThat(written(cache, "AaAa")).isEqualTo("\"AaAa\"");
      assertThat(written(cache, "BBBB")).isEqualTo("\"BBBB\"");
      assertThat(written(cache, "AaBB")).isEqualTo("\"AaBB\"");
    }
  }

  @Test
  void escapedAndNonAsciiNamesAreKeptEncoded() {
    TextCache cache = new TextCache();
    String[] names = {"tab\there", "quote\"d", "caf\u00e9", "\ud83d\ude00 thread", "", "\u2028"};
    for (int i = 0; i < 2; i++) {
      for (String name : names) {
        assertThat(written(cache, name)).as(name).isEqualTo(reference(name));
      }
    }
  }

  @Test
  void namesLongerThanTheSlotAreWrittenButNotKept() {
    TextCache cache = new TextCache();
    String fits = "f".repeat(TextCache.MAX_BYTES - 2);
    String tooLong = "l".repeat(TextCache.MAX_BYTES - 1);
    String escaped = "\n".repeat(TextCache.MAX_BYTES / 2);
    for (int i = 0; i < 2; i++) {
      assertThat(written(cache, fits)).isEqualTo(reference(fits));
      assertThat(written(cache, tooLong)).isEqualTo(reference(tooLong));
      assertThat(written(cache, escaped)).isEqualTo(reference(escaped));
    }
  }

  @Test
  void manyNamesThrashingTheSlotsStayExact() {
    TextCache cache = new TextCache();
    String[] names = new String[TextCache.SLOTS * 3];
    for (int i = 0; i < names.length; i++) {
      names[i] = "logger." + i;
    }
    for (int round = 0; round < 3; round++) {
      for (String name : names) {
        assertThat(written(cache, name)).isEqualTo(reference(name));
      }
    }
  }
}
