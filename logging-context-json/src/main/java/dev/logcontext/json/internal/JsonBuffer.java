package dev.logcontext.json.internal;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * A growable UTF-8 byte buffer with the JSON primitives the writer needs: escaped strings with
 * truncation, integers, ISO-8601 timestamps and UUIDs, all written without allocating.
 *
 * <p>Not thread-safe: one buffer belongs to one encoding at a time.
 */
public final class JsonBuffer {
  static final int INITIAL_CAPACITY = 1024;

  /** Strings up to this many chars are copied char by char rather than in chunks. */
  private static final int SHORT_STRING = 64;

  /** Characters escaped per chunk, so that one capacity check covers the worst case (6 bytes). */
  private static final int CHUNK = 512;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** For each ASCII char: 0 = as is, 'u' = {@code \\u00XX}, else the char after the backslash. */
  private static final byte[] ESCAPES = new byte[128];

  /** For each ASCII char: true when it is written as the same single byte, unescaped. */
  private static final boolean[] PLAIN = new boolean[128];

  /** Length of the timestamp text before the millis: quote, date, 'T', time and '.'. */
  private static final int SECOND_TEXT = 21;

  /**
   * Marks the timestamp cache empty: no epoch second or day is this far from 1970, since {@code
   * floorDiv(Long.MIN_VALUE, 1000)} is larger.
   */
  private static final long NO_TIME = Long.MIN_VALUE;

  private static final String TRUNCATED_PREFIX_TEXT = "\u2026[truncated ";
  private static final String TRUNCATED_SUFFIX_TEXT = " chars]";
  private static final byte[] TRUNCATED_PREFIX =
      TRUNCATED_PREFIX_TEXT.getBytes(StandardCharsets.UTF_8);
  private static final byte[] TRUNCATED_SUFFIX =
      TRUNCATED_SUFFIX_TEXT.getBytes(StandardCharsets.US_ASCII);

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
    ESCAPES['\n'] = 'n';
    ESCAPES['\r'] = 'r';
    ESCAPES['\t'] = 't';
    ESCAPES['\b'] = 'b';
    ESCAPES['\f'] = 'f';
    for (int c = 0; c < 128; c++) {
      PLAIN[c] = ESCAPES[c] == 0;
    }
  }

  byte[] bytes;
  int length;

  /** Chars of a string are copied here in chunks ({@code String.getChars}, an intrinsic). */
  private final char[] chunk = new char[256];

  /**
   * The quoted text of {@link #cachedSecond} up to its millis, {@code "yyyy-MM-ddTHH:mm:ss.}; its
   * date part is that of {@link #cachedDay}.
   */
  private final byte[] secondText = "\"0000-00-00T00:00:00.".getBytes(StandardCharsets.US_ASCII);

  /** The epoch second whose text {@link #secondText} holds, or none yet. */
  private long cachedSecond = NO_TIME;

  /** The epoch day whose date {@link #secondText} holds, or none yet. */
  private long cachedDay = NO_TIME;

  /** The appender {@link #beginString} hands out, reused. */
  private final StringValue stringValue = new StringValue();

  JsonBuffer() {
    this.bytes = new byte[INITIAL_CAPACITY];
  }

  /** Returns the backing array; valid up to {@link #length()}. */
  public byte[] array() {
    return bytes;
  }

  /** Returns the number of bytes written. */
  public int length() {
    return length;
  }

  /** Returns a copy of the written bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  void reset() {
    length = 0;
  }

  /** Replaces a backing array that grew beyond {@code maxRetained} with a fresh small one. */
  void trim(int maxRetained) {
    if (bytes.length > maxRetained) {
      bytes = new byte[INITIAL_CAPACITY];
    }
    length = 0;
  }

  private void ensure(int extra) {
    if (length + extra > bytes.length) {
      grow(extra);
    }
  }

  private void grow(int extra) {
    long needed = (long) length + extra;
    if (needed > Integer.MAX_VALUE - 16) {
      throw new OutOfMemoryError("JSON event larger than 2 GiB");
    }
    long capacity = bytes.length;
    while (capacity < needed) {
      capacity *= 2;
    }
    bytes = Arrays.copyOf(bytes, (int) Math.min(capacity, Integer.MAX_VALUE - 16));
  }

  void writeByte(char c) {
    ensure(1);
    bytes[length++] = (byte) c;
  }

  void writeBytes(byte[] source) {
    writeBytes(source, source.length);
  }

  /** Writes the first {@code n} bytes of {@code source}. */
  void writeBytes(byte[] source, int n) {
    ensure(n);
    System.arraycopy(source, 0, bytes, length, n);
    length += n;
  }

  /** Writes {@code text}, which the caller guarantees is ASCII that needs no escaping. */
  void writeAscii(String text) {
    writeAscii(text, 0, text.length());
  }

  /**
   * Writes chars {@code from..to} of {@code text}, which the caller guarantees are ASCII that needs
   * no escaping: one array copy for a Latin-1 string. {@link String#getBytes(int, int, byte[],
   * int)} is deprecated because it keeps only the low byte of each char, which is exact for ASCII.
   */
  @SuppressWarnings("deprecation")
  void writeAscii(String text, int from, int to) {
    int n = to - from;
    ensure(n);
    text.getBytes(from, to, bytes, length);
    length += n;
  }

  /** Returns whether every char of {@code text} is ASCII that is written as is, unescaped. */
  static boolean isPlain(String text) {
    boolean[] plain = PLAIN;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80 || !plain[c]) {
        return false;
      }
    }
    return true;
  }

  void writeLong(long value) {
    if (value == Long.MIN_VALUE) {
      writeAscii("-9223372036854775808");
      return;
    }
    ensure(20);
    if (value < 0) {
      bytes[length++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    int end = length + digits;
    int p = end;
    do {
      bytes[--p] = (byte) ('0' + (value % 10));
      value /= 10;
    } while (value != 0);
    length = end;
  }

  /** Writes a non-negative {@code value} in decimal; returns the number of digits. */
  int writeDigits(int value) {
    int digits = 1;
    for (int v = value; v >= 10; v /= 10) {
      digits++;
    }
    ensure(digits);
    byte[] b = bytes;
    int p = length + digits;
    length = p;
    do {
      b[--p] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    return digits;
  }

  /**
   * Writes {@code text} as a quoted JSON string, cut after {@code maxChars} chars (never inside a
   * surrogate pair) and followed by the marker {@code …[truncated N chars]} when cut.
   */
  void writeString(CharSequence text, int maxChars) {
    int n = text.length();
    int limit = cutAt(text, maxChars);
    writeByte('"');
    writeEscaped(text, 0, limit);
    if (limit < n) {
      writeTruncationMarker(n - limit);
    }
    writeByte('"');
  }

  /**
   * Returns how many chars of {@code text} are written within {@code maxChars}: all of them, or
   * {@code maxChars} moved back by one so that a surrogate pair is never split.
   */
  private static int cutAt(CharSequence text, int maxChars) {
    int n = text.length();
    if (n <= maxChars) {
      return n;
    }
    int limit = Math.max(0, maxChars);
    return limit > 0 && Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
  }

  /**
   * Returns {@code text} as {@link #writeString writeString(text, maxChars)} writes it, before
   * escaping: cut with the truncation marker past {@code maxChars} chars, and every unpaired
   * surrogate replaced by U+FFFD. Two strings that are written alike are equal here, so names are
   * compared in this form. Returns {@code text} itself when nothing changes.
   */
  static String asWritten(String text, int maxChars) {
    int n = text.length();
    int limit = cutAt(text, maxChars);
    int clean = 0;
    while (clean < limit && !Character.isSurrogate(text.charAt(clean))) {
      clean++;
    }
    if (clean == n) {
      return text;
    }
    StringBuilder b = new StringBuilder(limit + 32).append(text, 0, clean);
    for (int i = clean; i < limit; i++) {
      char c = text.charAt(i);
      if (!Character.isSurrogate(c)) {
        b.append(c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < limit
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        b.append(c).append(text.charAt(++i));
      } else {
        b.append('\uFFFD');
      }
    }
    if (limit < n) {
      b.append(TRUNCATED_PREFIX_TEXT).append(n - limit).append(TRUNCATED_SUFFIX_TEXT);
    }
    return b.toString();
  }

  /**
   * Starts a quoted JSON string whose text is then appended piece by piece to the returned
   * appender; {@link StringValue#end()} closes it. The bytes are those {@link #writeString
   * writeString(text, maxChars)} writes for the concatenation of the pieces: the same escaping, the
   * same cut after {@code maxChars} chars (never inside a surrogate pair) with the same marker, a
   * surrogate pair split across two pieces written as one code point. The appender is this buffer's
   * and is reused by the next call.
   */
  StringValue beginString(int maxChars) {
    writeByte('"');
    return stringValue.begin(maxChars);
  }

  /** Drops what was written after {@code mark}, a {@link #length()} taken earlier. */
  void rewind(int mark) {
    length = mark;
  }

  /**
   * The text of one JSON string, appended in pieces ({@link #beginString}). It never throws {@link
   * java.io.IOException}. Chars past the cut are only counted, for the truncation marker.
   */
  final class StringValue implements Appendable {
    private final char[] oneChar = new char[1];
    private final CharBuffer oneCharText = CharBuffer.wrap(oneChar);
    private int maxChars;

    /** The number of chars appended so far (past the cut too). */
    private long count;

    /** A high surrogate appended last and not yet written: its low half may come next. */
    private char pending;

    private StringValue begin(int max) {
      maxChars = max;
      count = 0;
      pending = 0;
      return this;
    }

    @Override
    public StringValue append(CharSequence text) {
      CharSequence t = text == null ? "null" : text;
      return append(t, 0, t.length());
    }

    @Override
    public StringValue append(char c) {
      oneChar[0] = c;
      return append(oneCharText, 0, 1);
    }

    @Override
    public StringValue append(CharSequence text, int from, int to) {
      CharSequence t = text == null ? "null" : text;
      if (from < 0 || from > to || to > t.length()) {
        throw new IndexOutOfBoundsException("from " + from + ", to " + to);
      }
      if (from == to) {
        return this;
      }
      long start = count;
      count += to - from;
      long limit = Math.max(0, maxChars);
      if (start >= limit) {
        return this;
      }
      int end = (int) Math.min(to, from + (limit - start));
      int i = from;
      if (pending != 0) {
        char c = t.charAt(i);
        if (Character.isLowSurrogate(c)) {
          writeCodePoint(Character.toCodePoint(pending, c));
          i++;
        } else {
          writeReplacement();
        }
        pending = 0;
      }
      if (i < end && Character.isHighSurrogate(t.charAt(end - 1))) {
        // Its low half, if any, is in the next piece; or it is cut off.
        writeEscaped(t, i, end - 1);
        pending = t.charAt(end - 1);
      } else {
        writeEscaped(t, i, end);
      }
      return this;
    }

    /** Writes the truncation marker if the text was cut, and the closing quote. */
    void end() {
      long n = count;
      if (n > maxChars) {
        // A pending high surrogate here is the last char before the cut: it goes, as in
        // writeString.
        long kept = Math.max(0, maxChars) - (pending != 0 ? 1 : 0);
        if (kept < n) {
          writeTruncationMarker(n - kept);
        }
      } else if (pending != 0) {
        writeReplacement();
      }
      pending = 0;
      writeByte('"');
    }
  }

  private void writeCodePoint(int cp) {
    ensure(4);
    byte[] b = bytes;
    int p = length;
    b[p++] = (byte) (0xF0 | (cp >> 18));
    b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
    b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
    b[p++] = (byte) (0x80 | (cp & 0x3F));
    length = p;
  }

  /** U+FFFD REPLACEMENT CHARACTER, for an unpaired surrogate. */
  private void writeReplacement() {
    ensure(3);
    bytes[length++] = (byte) 0xEF;
    bytes[length++] = (byte) 0xBF;
    bytes[length++] = (byte) 0xBD;
  }

  void writeTruncationMarker(long omitted) {
    writeBytes(TRUNCATED_PREFIX);
    writeLong(omitted);
    writeBytes(TRUNCATED_SUFFIX);
  }

  /** Writes the ASCII char {@code c} escaped. */
  void writeEscapedAscii(char c) {
    byte escape = ESCAPES[c];
    if (escape == 0) {
      ensure(1);
      bytes[length++] = (byte) c;
    } else if (escape == 'u') {
      ensure(6);
      byte[] b = bytes;
      int p = length;
      b[p++] = '\\';
      b[p++] = 'u';
      b[p++] = '0';
      b[p++] = '0';
      b[p++] = HEX[c >> 4];
      b[p++] = HEX[c & 0xF];
      length = p;
    } else {
      ensure(2);
      bytes[length++] = '\\';
      bytes[length++] = escape;
    }
  }

  /**
   * Writes chars {@code from..to} of {@code text} escaped, without quotes. The leading run of ASCII
   * chars that need no escaping is copied straight (capacity reserved once); the general loop takes
   * over at the first other char.
   */
  void writeEscaped(CharSequence text, int from, int to) {
    if (from >= to) {
      return;
    }
    ensure(to - from);
    int i = text instanceof String ? copyPlain((String) text, from, to) : copyPlain(text, from, to);
    if (i < to) {
      writeEscapedGeneral(text, i, to);
    }
  }

  /**
   * Copies the plain ASCII run of {@code text} from {@code from}; returns where it stopped. Short
   * strings are read char by char, longer ones in chunks copied out with {@code getChars}.
   */
  private int copyPlain(String text, int from, int to) {
    if (to - from <= SHORT_STRING) {
      return copyPlainShort(text, from, to);
    }
    byte[] b = bytes;
    boolean[] plain = PLAIN;
    char[] chars = chunk;
    int i = from;
    while (i < to) {
      int n = Math.min(chars.length, to - i);
      text.getChars(i, i + n, chars, 0);
      int p = length;
      for (int j = 0; j < n; j++) {
        char c = chars[j];
        if (c >= 0x80 || !plain[c]) {
          length = p + j;
          return i + j;
        }
        b[p + j] = (byte) c;
      }
      length = p + n;
      i += n;
    }
    return i;
  }

  /**
   * {@link #copyPlain} for a {@code String}: the same loop, kept apart so that {@code charAt} is
   * the string's own (the {@code CharSequence} one also sees {@code StringBuilder}s).
   */
  private int copyPlainShort(String text, int from, int to) {
    byte[] b = bytes;
    boolean[] plain = PLAIN;
    int p = length - from;
    int i = from;
    for (; i < to; i++) {
      char c = text.charAt(i);
      if (c >= 0x80 || !plain[c]) {
        break;
      }
      b[p + i] = (byte) c;
    }
    length = p + i;
    return i;
  }

  private int copyPlain(CharSequence text, int from, int to) {
    byte[] b = bytes;
    boolean[] plain = PLAIN;
    int p = length - from;
    int i = from;
    for (; i < to; i++) {
      char c = text.charAt(i);
      if (c >= 0x80 || !plain[c]) {
        break;
      }
      b[p + i] = (byte) c;
    }
    length = p + i;
    return i;
  }

  private void writeEscapedGeneral(CharSequence text, int from, int to) {
    int i = from;
    while (i < to) {
      int end = Math.min(to, i + CHUNK);
      ensure((end - i) * 6);
      byte[] b = bytes;
      int p = length;
      while (i < end) {
        char c = text.charAt(i++);
        if (c < 0x80) {
          byte escape = ESCAPES[c];
          if (escape == 0) {
            b[p++] = (byte) c;
          } else if (escape == 'u') {
            b[p++] = '\\';
            b[p++] = 'u';
            b[p++] = '0';
            b[p++] = '0';
            b[p++] = HEX[c >> 4];
            b[p++] = HEX[c & 0xF];
          } else {
            b[p++] = '\\';
            b[p++] = escape;
          }
        } else if (c < 0x800) {
          b[p++] = (byte) (0xC0 | (c >> 6));
          b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
          char low;
          if (Character.isHighSurrogate(c)
              && i < to
              && Character.isLowSurrogate(low = text.charAt(i))) {
            i++;
            int cp = Character.toCodePoint(c, low);
            b[p++] = (byte) (0xF0 | (cp >> 18));
            b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (cp & 0x3F));
          } else {
            // An unpaired surrogate cannot be encoded in UTF-8: U+FFFD REPLACEMENT CHARACTER.
            b[p++] = (byte) 0xEF;
            b[p++] = (byte) 0xBF;
            b[p++] = (byte) 0xBD;
          }
        } else if (c == '\u2028' || c == '\u2029') {
          b[p++] = '\\';
          b[p++] = 'u';
          b[p++] = '2';
          b[p++] = '0';
          b[p++] = '2';
          b[p++] = (byte) (c == '\u2028' ? '8' : '9');
        } else {
          b[p++] = (byte) (0xE0 | (c >> 12));
          b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      length = p;
    }
  }

  /**
   * Writes a quoted ISO-8601 UTC timestamp with milliseconds, e.g. 2026-11-26T13:42:15.123Z. The
   * text up to the millis is kept for the last second written (and its date for the last day), so
   * that a run of events in one second only writes their millis.
   */
  void writeTimestamp(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000L);
    int millis = (int) (epochMillis - second * 1000L);
    if (second != cachedSecond && !cacheSecond(second)) {
      writeByte('"');
      writeAscii(Instant.ofEpochMilli(epochMillis).toString());
      writeByte('"');
      return;
    }
    ensure(SECOND_TEXT + 5);
    byte[] b = bytes;
    int p = length;
    System.arraycopy(secondText, 0, b, p, SECOND_TEXT);
    p += SECOND_TEXT;
    b[p++] = (byte) ('0' + millis / 100);
    b[p++] = (byte) ('0' + (millis / 10) % 10);
    b[p++] = (byte) ('0' + millis % 10);
    b[p++] = 'Z';
    b[p++] = '"';
    length = p;
  }

  /**
   * Makes {@link #secondText} the text of {@code second} (epoch seconds) and returns true, or
   * returns false, leaving the cache as it was, when its year is outside 0000..9999.
   */
  private boolean cacheSecond(long second) {
    long days = Math.floorDiv(second, 86_400L);
    int secondOfDay = (int) (second - days * 86_400L);
    byte[] t = secondText;
    if (days != cachedDay) {
      // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date
      // Algorithms").
      long z = days + 719_468;
      long era = Math.floorDiv(z, 146_097);
      long dayOfEra = z - era * 146_097;
      long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
      long year = yearOfEra + era * 400;
      long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
      long mp = (5 * dayOfYear + 2) / 153;
      int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
      int month = (int) (mp < 10 ? mp + 3 : mp - 9);
      if (month <= 2) {
        year++;
      }
      if (year < 0 || year > 9999) {
        return false;
      }
      digits(t, 1, (int) year, 4);
      digits(t, 6, month, 2);
      digits(t, 9, day, 2);
      cachedDay = days;
    }
    digits(t, 12, secondOfDay / 3600, 2);
    digits(t, 15, (secondOfDay / 60) % 60, 2);
    digits(t, 18, secondOfDay % 60, 2);
    cachedSecond = second;
    return true;
  }

  private static int digits(byte[] b, int p, int value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      b[p + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return p + width;
  }

  /** Writes a quoted canonical UUID string without allocating. */
  void writeUuid(UUID uuid) {
    ensure(38);
    byte[] b = bytes;
    int p = length;
    b[p++] = '"';
    long msb = uuid.getMostSignificantBits();
    long lsb = uuid.getLeastSignificantBits();
    p = hex(b, p, msb >>> 32, 8);
    b[p++] = '-';
    p = hex(b, p, msb >>> 16, 4);
    b[p++] = '-';
    p = hex(b, p, msb, 4);
    b[p++] = '-';
    p = hex(b, p, lsb >>> 48, 4);
    b[p++] = '-';
    p = hex(b, p, lsb, 12);
    b[p++] = '"';
    length = p;
  }

  private static int hex(byte[] b, int p, long value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      b[p + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
    return p + width;
  }
}
