package dev.logcontext.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The plain-ASCII run and the general escaping loop agree wherever the run ends. */
class EscapingBoundaryTest {
  private static final String[] SPECIALS = {
    "\"",
    "\\",
    "\n",
    "\u0001",
    "\u001f",
    "\u007f",
    "\u00e9",
    "\u20ac",
    "\u2028",
    "\u2029",
    "\ud83d\ude00",
    "\ud83d",
    "\ude00",
    "\ufffd"
  };

  /** An independent, char-by-char reference of the escaping rules. */
  private static String reference(CharSequence text, int maxChars) {
    int n = text.length();
    int limit = n;
    if (n > maxChars) {
      limit = Math.max(0, maxChars);
      if (limit > 0 && Character.isHighSurrogate(text.charAt(limit - 1))) {
        limit--;
      }
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c == '\b') {
        sb.append("\\b");
      } else if (c == '\f') {
        sb.append("\\f");
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else if (c == '\u2028' || c == '\u2029') {
        sb.append(String.format("\\u%04x", (int) c));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < limit
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        sb.append(c).append(text.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append('\ufffd');
      } else {
        sb.append(c);
      }
    }
    if (limit < n) {
      sb.append("\u2026[truncated ").append(n - limit).append(" chars]");
    }
    return sb.append('"').toString();
  }

  private static String written(CharSequence text, int maxChars, int alreadyWritten) {
    JsonBuffer buffer = new JsonBuffer();
    for (int i = 0; i < alreadyWritten; i++) {
      buffer.writeByte('x');
    }
    buffer.writeString(text, maxChars);
    String all = new String(buffer.array(), 0, buffer.length(), StandardCharsets.UTF_8);
    assertThat(all).startsWith("x".repeat(alreadyWritten));
    return all.substring(alreadyWritten);
  }

  @Test
  void everySpecialCharAtEveryPositionMatchesTheReference() {
    for (String special : SPECIALS) {
      for (int length = 0; length <= 40; length++) {
        for (int at = 0; at <= length; at++) {
          String s = "a".repeat(at) + special + "b".repeat(length - at);
          for (int max : new int[] {Integer.MAX_VALUE, at, at + 1, s.length(), 3}) {
            assertThat(written(s, max, 0))
                .as("%s @%d max %d", s, at, max)
                .isEqualTo(reference(s, max));
            assertThat(written(new StringBuilder(s), max, 1020))
                .as("builder %s @%d max %d", s, at, max)
                .isEqualTo(reference(s, max));
          }
        }
      }
    }
  }

  @Test
  void specialsAroundTheShortStringLengthMatchTheReference() {
    for (String special : SPECIALS) {
      for (int length = 60; length <= 70; length++) {
        for (int at = 0; at <= length; at++) {
          String s = "a".repeat(at) + special + "b".repeat(length - at);
          for (int max : new int[] {Integer.MAX_VALUE, at, 64, 65}) {
            assertThat(written(s, max, 0))
                .as("%s @%d max %d", s, at, max)
                .isEqualTo(reference(s, max));
            assertThat(written(s, max, 1000))
                .as("%s @%d max %d after 1000", s, at, max)
                .isEqualTo(reference(s, max));
          }
        }
      }
    }
  }

  @Test
  void longPlainRunsCrossingTheBufferEndAndChunksStayExact() {
    for (int length : new int[] {511, 512, 513, 1023, 1024, 1025, 5000}) {
      String plain = "p".repeat(length);
      assertThat(written(plain, Integer.MAX_VALUE, 1000)).isEqualTo(reference(plain, 1 << 30));
      String mixed = plain + "\u00e9\"" + plain + "\n";
      assertThat(written(mixed, Integer.MAX_VALUE, 1000)).isEqualTo(reference(mixed, 1 << 30));
      assertThat(written(mixed, length + 1, 7)).isEqualTo(reference(mixed, length + 1));
    }
  }

  @Test
  void partialRangesEscapeOnlyTheirChars() {
    JsonBuffer buffer = new JsonBuffer();
    buffer.writeEscaped("ab\"cd", 1, 4);
    buffer.writeEscaped("xyz", 2, 2);
    assertThat(new String(buffer.array(), 0, buffer.length(), StandardCharsets.UTF_8))
        .isEqualTo("b\\\"c");
  }
}
