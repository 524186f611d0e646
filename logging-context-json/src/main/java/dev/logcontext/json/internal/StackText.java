package dev.logcontext.json.internal;

/**
 * Streams a rendered stack trace straight into a {@link JsonBuffer} as the contents of one JSON
 * string, escaping each piece as it is appended, with the same cut as {@link
 * JsonBuffer#writeString}: after {@code limit} chars (one less when that would split a surrogate
 * pair), followed by the truncation marker. Chars past the cut are only counted.
 *
 * <p>Not thread-safe: owned by one {@link Encoding}.
 */
final class StackText {
  /** Any lone high surrogate: written, like every unpaired surrogate, as U+FFFD. */
  private static final String LONE_HIGH = "\ud800";

  /** Slots of {@link #plainNames}; a power of two. */
  private static final int NAME_SLOTS = 256;

  /** Longer names are not remembered, so that the table keeps little alive. */
  private static final int MAX_NAME_CHARS = 256;

  /**
   * Frame names (class, method, file) found to be plain ASCII, by hash, compared by identity: the
   * JVM fills stack frames with the same string objects for the same code, so a name seen before is
   * copied without looking at its chars again.
   */
  private final String[] plainNames = new String[NAME_SLOTS];

  private JsonBuffer out;
  private int limit;
  private long chars;
  private long kept;
  private boolean cut;
  private boolean heldHigh;

  /** Starts a string of at most {@code limit} chars: writes the opening quote. */
  void start(JsonBuffer buffer, int maxChars) {
    out = buffer;
    limit = Math.max(0, maxChars);
    chars = 0;
    kept = 0;
    cut = false;
    heldHigh = false;
    buffer.writeByte('"');
  }

  /** Returns the number of chars appended so far, including any past the cut. */
  long length() {
    return chars;
  }

  /**
   * Returns the buffer when the next {@code maxChars} chars are sure to fit before the cut, for the
   * caller to write them there escaped (each piece as {@link JsonBuffer#writeEscaped} would) and
   * {@link #count} them; null when they might not, and the caller appends them instead.
   */
  JsonBuffer direct(int maxChars) {
    return !cut && !heldHigh && chars + maxChars <= limit ? out : null;
  }

  /** Counts {@code n} chars that the caller wrote straight into the buffer of {@link #direct}. */
  void count(int n) {
    chars += n;
  }

  /**
   * Writes a name of a frame escaped straight into the buffer of {@link #direct}, as {@link
   * JsonBuffer#writeEscaped} would; the caller counts its chars.
   */
  void writeName(String name) {
    if (isPlain(name)) {
      out.writeAscii(name);
    } else {
      out.writeEscaped(name, 0, name.length());
    }
  }

  /** Returns whether {@code name} is plain ASCII, written as is; looked up by identity first. */
  boolean isPlain(String name) {
    int slot = name.hashCode() & (NAME_SLOTS - 1);
    if (plainNames[slot] == name) {
      return true;
    }
    if (!JsonBuffer.isPlain(name)) {
      return false;
    }
    if (name.length() <= MAX_NAME_CHARS) {
      plainNames[slot] = name;
    }
    return true;
  }

  /** Writes the marker if the text was cut, and the closing quote. */
  void finish() {
    if (heldHigh && !cut) {
      out.writeEscaped(LONE_HIGH, 0, 1);
    }
    if (cut) {
      out.writeTruncationMarker(chars - kept);
    }
    out.writeByte('"');
    out = null;
  }

  void append(CharSequence text) {
    append(text, 0, text.length());
  }

  void append(CharSequence text, int from, int to) {
    int n = to - from;
    if (n <= 0) {
      return;
    }
    if (cut || heldHigh) {
      cutHere();
      chars += n;
      return;
    }
    long end = chars + n;
    if (end <= limit) {
      if (end == limit && Character.isHighSurrogate(text.charAt(to - 1))) {
        // The last char that fits: written only if nothing follows, else the cut falls before it.
        out.writeEscaped(text, from, to - 1);
        heldHigh = true;
      } else {
        out.writeEscaped(text, from, to);
      }
      chars = end;
      return;
    }
    int stop = from + (int) (limit - chars);
    if (stop > from && Character.isHighSurrogate(text.charAt(stop - 1))) {
      stop--;
    }
    out.writeEscaped(text, from, stop);
    kept = chars + (stop - from);
    cut = true;
    chars = end;
  }

  /** Appends an ASCII char. */
  void append(char c) {
    if (!cut && !heldHigh && chars < limit) {
      out.writeEscapedAscii(c);
      chars++;
    } else {
      if (!cut) {
        cutHere();
      }
      chars++;
    }
  }

  /** Appends a non-negative or negative int in decimal. */
  void append(int value) {
    if (!cut && !heldHigh && chars + 11 <= limit) {
      int before = out.length;
      out.writeLong(value);
      chars += out.length - before;
    } else if (cut || heldHigh) {
      cutHere();
      chars += digits(value);
    } else {
      append(Integer.toString(value));
    }
  }

  /** More text follows at the current length, which is at or past the limit: cut here. */
  private void cutHere() {
    if (!cut) {
      // Only reached with chars == limit: the held-back high surrogate, if any, is dropped.
      kept = heldHigh ? chars - 1 : chars;
      heldHigh = false;
      cut = true;
    }
  }

  private static int digits(int value) {
    long v = value;
    int count = 1;
    if (v < 0) {
      count++;
      v = -v;
    }
    while (v >= 10) {
      v /= 10;
      count++;
    }
    return count;
  }
}
