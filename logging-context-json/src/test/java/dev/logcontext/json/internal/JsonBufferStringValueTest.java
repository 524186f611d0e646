package dev.logcontext.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.CharBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A JSON string appended in pieces ({@link JsonBuffer#beginString}) against the same text written
 * in one call ({@link JsonBuffer#writeString}): the same bytes for every split, every limit and
 * every kind of char, surrogate pairs split across pieces and cut by the limit included.
 */
class JsonBufferStringValueTest {
  private static final String[] UNITS = {
    "a",
    "Z",
    " ",
    "\"",
    "\\",
    "\n",
    "\t",
    "\u0000",
    "\u001f",
    "\u007f",
    "\u00e9",
    "\u2028",
    "\u2029",
    "\u20ac",
    "\uD83D",
    "\uDE00",
    "\uD83D\uDE00",
    "{}",
    "x".repeat(70)
  };

  private static byte[] whole(String text, int maxChars) {
    JsonBuffer out = new JsonBuffer();
    out.writeString(text, maxChars);
    return out.toByteArray();
  }

  private static byte[] pieces(String text, int[] cuts, int maxChars, int kind) {
    JsonBuffer out = new JsonBuffer();
    out.writeByte('x'); // something before, as in a real line
    int mark = out.length();
    JsonBuffer.StringValue value = out.beginString(maxChars);
    int from = 0;
    for (int cut : cuts) {
      appendPiece(value, text, from, cut, kind);
      from = cut;
    }
    appendPiece(value, text, from, text.length(), kind);
    value.end();
    return Arrays.copyOfRange(out.array(), mark, out.length());
  }

  private static void appendPiece(
      JsonBuffer.StringValue value, String text, int from, int to, int kind) {
    switch (kind) {
      case 0:
        value.append(text, from, to);
        break;
      case 1:
        value.append(text.substring(from, to));
        break;
      case 2:
        value.append(new StringBuilder(text), from, to);
        break;
      default:
        for (int i = from; i < to; i++) {
          value.append(text.charAt(i));
        }
        break;
    }
  }

  @Test
  void piecesWriteWhatOneStringWrites() {
    Random random = new Random(42);
    for (int round = 0; round < 30_000; round++) {
      StringBuilder b = new StringBuilder();
      int units = random.nextInt(14);
      for (int k = 0; k < units; k++) {
        b.append(UNITS[random.nextInt(UNITS.length)]);
      }
      String text = b.toString();
      int[] cuts = new int[text.isEmpty() ? 0 : random.nextInt(5)];
      for (int k = 0; k < cuts.length; k++) {
        cuts[k] = random.nextInt(text.length() + 1);
      }
      Arrays.sort(cuts);
      int maxChars =
          random.nextInt(4) == 0 ? 16384 : random.nextInt(text.length() + 3) - 1; // -1 .. n+1
      int kind = random.nextInt(4);
      assertThat(pieces(text, cuts, maxChars, kind))
          .as(
              "text %s, cuts %s, max %d, kind %d",
              escape(text), Arrays.toString(cuts), maxChars, kind)
          .isEqualTo(whole(text, maxChars));
    }
  }

  @Test
  void everySplitOfSurrogatesAtEveryLimit() {
    String text = "a\uD83D\uDE00\uD83D\uDE00b\uD83Dc\uDE00\uD83D";
    for (int maxChars = -1; maxChars <= text.length() + 1; maxChars++) {
      for (int cut = 0; cut <= text.length(); cut++) {
        for (int kind = 0; kind < 4; kind++) {
          assertThat(pieces(text, new int[] {cut}, maxChars, kind))
              .as("cut %d, max %d", cut, maxChars)
              .isEqualTo(whole(text, maxChars));
        }
      }
    }
  }

  @Test
  void nullIsAppendedAsTheWordNull() {
    JsonBuffer out = new JsonBuffer();
    JsonBuffer.StringValue value = out.beginString(100);
    value.append(null);
    value.append(null, 1, 3);
    value.append(CharBuffer.wrap("!"));
    value.end();
    assertThat(new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("\"nullul!\"");
  }

  private static String escape(String text) {
    StringBuilder b = new StringBuilder();
    for (char c : text.toCharArray()) {
      b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }
}
