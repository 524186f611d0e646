package dev.logcontext.web.internal;

import java.security.SecureRandom;
import java.util.UUID;

/** Generation and validation of request, correlation and span ids. */
public final class Ids {
  /** Longest id a caller may configure as acceptable. */
  public static final int MAX_CONFIGURABLE_LENGTH = 256;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Ids() {}

  /**
   * Returns a new time-ordered id in the UUID version 7 layout of RFC 9562: 48 bits of Unix time in
   * milliseconds, the version, 74 random bits and the variant, as 36 lowercase characters.
   */
  public static String newRequestId() {
    long millis = System.currentTimeMillis();
    long randomA = RANDOM.nextLong();
    long randomB = RANDOM.nextLong();
    long high = (millis << 16) | 0x7000L | (randomA & 0x0FFFL);
    long low = (randomB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  /** Returns 16 lowercase hex characters, never all zeros: a W3C span (parent) id. */
  public static String newSpanId() {
    long value;
    do {
      value = RANDOM.nextLong();
    } while (value == 0L);
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
    return new String(out);
  }

  /**
   * Returns whether {@code value} is an acceptable id: 1 to {@code maxLength} characters, each an
   * ASCII letter, digit or one of {@code - _ . : @ + =}.
   */
  public static boolean isValidId(String value, int maxLength) {
    if (value == null) {
      return false;
    }
    int length = value.length();
    if (length == 0 || length > maxLength) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (!isIdChar(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIdChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == ':'
        || c == '@'
        || c == '+'
        || c == '=';
  }

  /** Returns whether {@code value} is exactly {@code length} lowercase hex digits, not all zero. */
  public static boolean isNonZeroHex(String value, int length) {
    if (value == null || value.length() != length) {
      return false;
    }
    boolean nonZero = false;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (!isLowerHex(c)) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }

  static boolean isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
