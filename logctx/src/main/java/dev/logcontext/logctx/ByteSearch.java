package dev.logcontext.logctx;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Finds a byte pattern in a byte array with Horspool's algorithm on two-byte windows (q-grams, q =
 * 2): the window moves by up to {@code length - 1} bytes after looking at just two of them, so a
 * 36-character id is found while reading about one byte in eighteen. Immutable and thread-safe.
 */
final class ByteSearch {
  private final byte[] pattern;
  private final int length;

  /** For each two-byte value, how far the window may move when it ends with those bytes. */
  private final int[] shift;

  /** How far to move after a candidate window, whatever it held. */
  private final int shiftAfterCandidate;

  ByteSearch(byte[] pattern) {
    if (pattern.length == 0) {
      throw new IllegalArgumentException("empty pattern");
    }
    this.pattern = pattern.clone();
    this.length = pattern.length;
    if (length < 2) {
      this.shift = null;
      this.shiftAfterCandidate = 1;
      return;
    }
    int[] table = new int[1 << 16];
    Arrays.fill(table, length - 1);
    int last = gram(pattern, length - 2);
    int afterCandidate = length - 1;
    for (int i = 0; i <= length - 2; i++) {
      int gram = gram(pattern, i);
      table[gram] = length - 2 - i;
      if (gram == last && i < length - 2) {
        afterCandidate = length - 2 - i;
      }
    }
    this.shift = table;
    this.shiftAfterCandidate = afterCandidate;
  }

  int length() {
    return length;
  }

  private static int gram(byte[] bytes, int at) {
    return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
  }

  /** Returns the first index in {@code [from, to)} where the whole pattern starts, or -1. */
  int indexOf(byte[] text, int from, int to) {
    if (shift == null) {
      byte b = pattern[0];
      for (int i = from; i < to; i++) {
        if (text[i] == b) {
          return i;
        }
      }
      return -1;
    }
    int[] table = shift;
    int last = length - 1;
    int end = from + last;
    while (end < to) {
      int move = table[((text[end - 1] & 0xFF) << 8) | (text[end] & 0xFF)];
      if (move == 0) {
        int start = end - last;
        if (Arrays.equals(text, start, start + length, pattern, 0, length)) {
          return start;
        }
        end += shiftAfterCandidate;
      } else {
        end += move;
      }
    }
    return -1;
  }

  /**
   * Returns the first index in {@code [from, to)} of {@code text} (absolute, big-endian as buffers
   * are by default) where the whole pattern starts, or -1.
   */
  int indexOf(ByteBuffer text, int from, int to) {
    if (shift == null) {
      byte b = pattern[0];
      for (int i = from; i < to; i++) {
        if (text.get(i) == b) {
          return i;
        }
      }
      return -1;
    }
    int[] table = shift;
    int last = length - 1;
    int end = from + last;
    while (end < to) {
      int move = table[text.getShort(end - 1) & 0xFFFF];
      if (move == 0) {
        int start = end - last;
        if (matchesAt(text, start)) {
          return start;
        }
        end += shiftAfterCandidate;
      } else {
        end += move;
      }
    }
    return -1;
  }

  private boolean matchesAt(ByteBuffer text, int start) {
    for (int i = 0; i < length; i++) {
      if (text.get(start + i) != pattern[i]) {
        return false;
      }
    }
    return true;
  }
}
