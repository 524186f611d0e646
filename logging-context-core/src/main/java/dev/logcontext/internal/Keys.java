package dev.logcontext.internal;

/**
 * Validation of context key names. Key names are JSON field names: 1 to 64 characters of {@code
 * [A-Za-z0-9_.@-]}, not starting with a digit.
 *
 * <p>Stateless and thread-safe.
 */
public final class Keys {
  /** Longest key name accepted by {@link #validate(String)}. */
  public static final int MAX_LENGTH = 64;

  private Keys() {}

  /**
   * Returns {@code key} when it is a valid key name.
   *
   * @throws NullPointerException when {@code key} is null
   * @throws IllegalArgumentException naming the key when it breaks the rule
   */
  public static String validate(String key) {
    if (key == null) {
      throw new NullPointerException("context key is null");
    }
    int length = key.length();
    if (length == 0 || length > MAX_LENGTH || isDigit(key.charAt(0))) {
      throw invalid(key);
    }
    for (int i = 0; i < length; i++) {
      if (!isKeyChar(key.charAt(i))) {
        throw invalid(key);
      }
    }
    return key;
  }

  /** Returns whether {@code key} is a non-null name that {@link #validate} accepts. */
  public static boolean isValid(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_LENGTH || isDigit(key.charAt(0))) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (!isKeyChar(key.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Bit {@code c} is set for every ASCII character allowed in a key: {@code [A-Za-z0-9_.@-]}. */
  private static final long KEY_CHARS_LOW = (0x3FFL << '0') | (1L << '.') | (1L << '-');

  private static final long KEY_CHARS_HIGH =
      (0x3FFFFFFL << ('A' - 64))
          | (0x3FFFFFFL << ('a' - 64))
          | (1L << ('_' - 64))
          | (1L << ('@' - 64));

  private static boolean isKeyChar(char c) {
    return c < 64
        ? (KEY_CHARS_LOW >>> c & 1) != 0
        : c < 128 && (KEY_CHARS_HIGH >>> (c - 64) & 1) != 0;
  }

  private static IllegalArgumentException invalid(String key) {
    return new IllegalArgumentException(
        "invalid context key "
            + quote(key)
            + ": a key must be 1-"
            + MAX_LENGTH
            + " characters of [A-Za-z0-9_.@-] and must not start with a digit");
  }

  /** Quotes a key for an error message, escaping anything that is not printable ASCII. */
  public static String quote(String key) {
    StringBuilder out = new StringBuilder(Math.min(key.length(), 100) + 2).append('"');
    int shown = Math.min(key.length(), 100);
    for (int i = 0; i < shown; i++) {
      char c = key.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    if (shown < key.length()) {
      out.append("...(").append(key.length()).append(" chars)");
    }
    return out.append('"').toString();
  }
}
