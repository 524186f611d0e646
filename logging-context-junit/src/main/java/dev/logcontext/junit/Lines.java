package dev.logcontext.junit;

import java.nio.charset.StandardCharsets;

/** The text of an encoded log line. Stateless. */
final class Lines {
  private Lines() {}

  /** Returns {@code bytes} as UTF-8 text without one trailing line break; null for null. */
  static String text(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
