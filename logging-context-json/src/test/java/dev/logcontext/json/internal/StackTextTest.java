package dev.logcontext.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Streaming pieces gives the same string, cut and marker as escaping the whole text at once. A
 * rendered trace never puts two pieces of foreign text side by side (an ASCII separator is always
 * between them), so no surrogate pair is split across pieces here either.
 */
class StackTextTest {
  private static final Object[] PIECES = {
    "java.lang.IllegalStateException",
    ": ",
    "b\ud83d",
    '\n',
    "\tat ",
    "a.B",
    '.',
    "run",
    '(',
    "B.java",
    ':',
    1234,
    ')',
    '\n',
    "\ud83d\ude00x\ud83d",
    '.',
    "\ude00",
    -7,
    "\u2028\"\\"
  };

  private static String whole(int maxChars) {
    StringBuilder sb = new StringBuilder();
    for (Object piece : PIECES) {
      sb.append(piece);
    }
    JsonBuffer buffer = new JsonBuffer();
    buffer.writeString(sb, maxChars);
    return new String(buffer.array(), 0, buffer.length(), StandardCharsets.UTF_8);
  }

  private static String streamed(int maxChars) {
    JsonBuffer buffer = new JsonBuffer();
    StackText text = new StackText();
    text.start(buffer, maxChars);
    for (Object piece : PIECES) {
      if (piece instanceof Character) {
        text.append((char) (Character) piece);
      } else if (piece instanceof Integer) {
        text.append((int) (Integer) piece);
      } else {
        text.append((String) piece);
      }
    }
    text.finish();
    return new String(buffer.array(), 0, buffer.length(), StandardCharsets.UTF_8);
  }

  @Test
  void everyCutPositionMatchesWriteString() {
    int total = whole(Integer.MAX_VALUE).length();
    for (int max = 0; max <= total + 2; max++) {
      assertThat(streamed(max)).as("max %d", max).isEqualTo(whole(max));
    }
    assertThat(streamed(Integer.MAX_VALUE)).isEqualTo(whole(Integer.MAX_VALUE));
  }
}
