package dev.logcontext.json.internal;

/**
 * The encoded forms of recently written level, logger and thread names, remembered by the identity
 * of the string: these are usually the same few string instances event after event. A slot, chosen
 * by the string's hash, holds one string and its quoted, escaped bytes in an array of {@link
 * #MAX_BYTES} allocated on first use; another string with the same slot replaces it.
 *
 * <p>Not thread-safe: owned by one {@link Encoding}.
 */
final class TextCache {
  /** Slots of the cache (a power of two). */
  static final int SLOTS = 64;

  /** Strings whose quoted, escaped form is longer than this are not kept. */
  static final int MAX_BYTES = 128;

  private final String[] texts = new String[SLOTS];
  private final byte[][] encoded = new byte[SLOTS][];
  private final int[] lengths = new int[SLOTS];

  /**
   * Writes {@code text} as a quoted JSON string, uncut: the remembered bytes when {@code text} is
   * the very string remembered in its slot, else written as usual and then remembered.
   */
  void writeString(JsonBuffer out, String text) {
    int slot = spread(text.hashCode()) & (SLOTS - 1);
    if (texts[slot] == text) {
      out.writeBytes(encoded[slot], lengths[slot]);
      return;
    }
    int start = out.length;
    out.writeString(text, Integer.MAX_VALUE);
    int n = out.length - start;
    if (n <= MAX_BYTES) {
      byte[] bytes = encoded[slot];
      if (bytes == null) {
        bytes = new byte[MAX_BYTES];
        encoded[slot] = bytes;
      }
      System.arraycopy(out.bytes, start, bytes, 0, n);
      lengths[slot] = n;
      texts[slot] = text;
    }
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }
}
