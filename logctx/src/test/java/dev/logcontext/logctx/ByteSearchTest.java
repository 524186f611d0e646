package dev.logcontext.logctx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ByteSearchTest {
  private static int naive(byte[] text, byte[] pattern, int from, int to) {
    outer:
    for (int i = from; i + pattern.length <= to; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (text[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void findsTheSameFirstOccurrenceAsANaiveSearchOnRandomTexts() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 2_000; round++) {
      int alphabet = 2 + random.nextInt(4);
      byte[] text = new byte[random.nextInt(300)];
      for (int i = 0; i < text.length; i++) {
        text[i] = (byte) ('a' + random.nextInt(alphabet));
      }
      byte[] pattern = new byte[1 + random.nextInt(6)];
      for (int i = 0; i < pattern.length; i++) {
        pattern[i] = (byte) ('a' + random.nextInt(alphabet));
      }
      int from = text.length == 0 ? 0 : random.nextInt(text.length);
      int to = from + random.nextInt(text.length - from + 1);
      int expected = naive(text, pattern, from, to);
      ByteSearch search = new ByteSearch(pattern);
      assertThat(search.indexOf(text, from, to)).as("round %d", round).isEqualTo(expected);
      assertThat(search.indexOf(ByteBuffer.wrap(text), from, to))
          .as("round %d, buffer", round)
          .isEqualTo(expected);
    }
  }

  @Test
  void findsAnIdInJson() {
    byte[] text =
        "{\"a\":\"0190a1b2-c3d4\",\"correlation_id\":\"0190a1b2-c3d4-7e5f\"}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] id = "0190a1b2-c3d4-7e5f".getBytes(StandardCharsets.UTF_8);
    assertThat(new ByteSearch(id).indexOf(text, 0, text.length)).isEqualTo(39);
  }
}
