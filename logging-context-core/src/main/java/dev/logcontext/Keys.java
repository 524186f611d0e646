package dev.logcontext;

/**
 * Checks context key names against the published rule, {@link ContextKey#isValidName}, and quotes
 * keys for error messages. Package-private: the rule itself is public API, the exception and its
 * message are this package's business.
 *
 * <p>Stateless and thread-safe.
 */
final class Keys {
  private Keys() {}

  /**
   * Returns {@code key} when it is a valid key name.
   *
   * @throws NullPointerException when {@code key} is null
   * @throws IllegalArgumentException naming the key when it breaks the rule
   */
  static String validate(String key) {
    if (key == null) {
      throw new NullPointerException("context key is null");
    }
    if (!ContextKey.isValidName(key)) {
      throw new IllegalArgumentException(
          "invalid context key "
              + quote(key)
              + ": a key must be 1-"
              + ContextKey.MAX_NAME_LENGTH
              + " characters of [A-Za-z0-9_.@-] and must not start with a digit");
    }
    return key;
  }

  /** Quotes a key for an error message, escaping anything that is not printable ASCII. */
  static String quote(String key) {
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
