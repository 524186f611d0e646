package dev.logcontext.json.internal;

import dev.logcontext.json.EventView;

/**
 * The event-size cap ({@code maxEventBytes}): when a line is too long, the plan is run again with
 * less in it, step by step, until it fits (docs/json-format.md, "Event cap algorithm"), and every
 * reduced line carries the {@code event_truncated} marker saying what was dropped and shortened.
 *
 * <p>What one encoding's current attempt leaves out or cuts is an {@link Attempt}, held by the
 * {@link Encoding} so that it costs nothing per event, but set only here: {@link #start} before an
 * event, {@link #shrink} between runs. The plan reads it; {@code EventEncoder.writeStackTrace}
 * records in it what the stack trace took, which sizes the first step.
 *
 * <p>Thread-safe: immutable; the attempt state is the encoding's.
 */
final class EventCap {
  // Groups dropped, in this order, to fit maxEventBytes.
  static final int DROP_STACK = 1;
  static final int DROP_KEY_VALUES = 2;
  static final int DROP_TAGS = 4;
  static final int DROP_MDC = 8;
  static final int DROP_CONTEXT = 16;
  static final int DROP_STATIC = 32;
  static final int DROP_ERROR = 64;
  private static final int[] DROP_STEPS = {
    DROP_STACK,
    DROP_STACK | DROP_KEY_VALUES | DROP_TAGS,
    DROP_STACK | DROP_KEY_VALUES | DROP_TAGS | DROP_MDC,
    DROP_STACK | DROP_KEY_VALUES | DROP_TAGS | DROP_MDC | DROP_CONTEXT,
    DROP_STACK | DROP_KEY_VALUES | DROP_TAGS | DROP_MDC | DROP_CONTEXT | DROP_STATIC | DROP_ERROR
  };

  /** The marker's names of the drop bits, lowest bit first. */
  private static final String[] DROP_NAMES = {
    "stack_trace", "key_values", "tags", "mdc", "context", "static_fields", "error_fields"
  };

  private static final int SHORT_STACK = 1;
  private static final int SHORT_MESSAGE = 2;
  private static final int SHORT_NAMES = 4;

  /** The marker's names of the shortening bits, lowest bit first. */
  private static final String[] SHORT_NAMES_TEXT = {
    "stack_trace", "message", "level_logger_thread"
  };

  /** Level, logger and thread names are cut to this many chars in the smallest forms. */
  static final int MINIMAL_NAME_LIMIT = 32;

  /** Room kept for the truncation marker when sizing a shortened stack trace. */
  private static final int MARKER_RESERVE = 200;

  /**
   * What the current attempt at one event leaves out and cuts, and what it measured. Reset by
   * {@link EventCap#start}; changed only by {@link EventCap#shrink}, except the stack-trace
   * measures, which each run of the plan records.
   */
  static final class Attempt {
    /** The {@code DROP_*} groups left out. */
    int dropMask;

    /** The {@code SHORT_*} bits for the marker. */
    int shortened;

    int stackLimit;
    int messageLimit;
    int nameLimit;

    /** Whether the line gets the {@code event_truncated} marker. */
    boolean marking;

    /** The length of the first, full line. */
    int originalBytes;

    /** The bytes and chars the stack trace took in the last run (0: none written). */
    int stackBytes;

    int stackChars;
  }

  private final int maxEventBytes;
  private final int maxString;
  private final int maxStackTrace;
  private final byte[] truncatedName;
  private final byte[] timestampName;

  /**
   * Creates the cap of {@code maxEventBytes} (0: none); {@code maxString} and {@code maxStackTrace}
   * are the unreduced limits, the names the encoded field names of the marker and the timestamp
   * (null when the timestamp is not written).
   */
  EventCap(
      int maxEventBytes,
      int maxString,
      int maxStackTrace,
      byte[] truncatedName,
      byte[] timestampName) {
    this.maxEventBytes = maxEventBytes;
    this.maxString = maxString;
    this.maxStackTrace = maxStackTrace;
    this.truncatedName = truncatedName;
    this.timestampName = timestampName;
  }

  /**
   * Sets {@code a} for a first, full attempt: nothing dropped or cut beyond the format's limits.
   */
  void start(Attempt a) {
    a.dropMask = 0;
    a.shortened = 0;
    a.stackLimit = maxStackTrace;
    a.messageLimit = maxString;
    a.nameLimit = maxString;
    a.marking = false;
    a.originalBytes = 0;
  }

  /** Clears what a run of the plan measures; called at the start of each run. */
  static void startRun(Attempt a) {
    a.stackBytes = 0;
    a.stackChars = 0;
  }

  /** Returns whether a line of {@code length} bytes is over the cap. */
  boolean exceeded(int length) {
    return maxEventBytes > 0 && length > maxEventBytes;
  }

  /**
   * Reduces an event larger than maxEventBytes, re-running {@code plan}: first the stack trace is
   * shortened to fit, then whole groups are dropped in a fixed order (stack trace; key-values and
   * tags; MDC; context; static and error fields), then message and names are cut, and as a last
   * resort only the timestamp and the marker remain.
   */
  void shrink(EventEncoder plan, EventView e, Encoding enc) {
    int cap = maxEventBytes;
    Attempt a = enc.attempt;
    a.originalBytes = enc.out.length;
    a.marking = true;
    if (a.stackBytes > 0) {
      long keep = (long) a.stackBytes - (enc.out.length - cap) - MARKER_RESERVE;
      if (keep >= 256) {
        long chars = (long) a.stackChars * keep / a.stackBytes - 40;
        a.stackLimit = (int) Math.max(0, Math.min(a.stackLimit, chars));
        a.shortened = SHORT_STACK;
        plan.writeEvent(e, enc);
        if (enc.out.length <= cap) {
          return;
        }
        a.stackLimit = maxStackTrace;
        a.shortened = 0;
      }
    }
    for (int mask : DROP_STEPS) {
      a.dropMask = mask;
      plan.writeEvent(e, enc);
      if (enc.out.length <= cap) {
        return;
      }
    }
    a.shortened = SHORT_MESSAGE | SHORT_NAMES;
    a.nameLimit = MINIMAL_NAME_LIMIT;
    int limit = Math.min(maxString, cap);
    while (true) {
      a.messageLimit = limit;
      plan.writeEvent(e, enc);
      if (enc.out.length <= cap) {
        return;
      }
      if (limit == 0) {
        break;
      }
      limit = limit < 32 ? 0 : limit / 2;
    }
    writeLastResort(e, enc);
  }

  /** Writes the {@code event_truncated} marker field as the line's last field. */
  void writeMarker(Encoding enc) {
    Attempt a = enc.attempt;
    JsonBuffer out = enc.out;
    enc.comma();
    out.writeBytes(truncatedName);
    out.writeAscii("{\"original_bytes\":");
    out.writeLong(a.originalBytes);
    out.writeAscii(",\"dropped\":[");
    writeBitNames(out, a.dropMask, DROP_NAMES);
    out.writeAscii("],\"shortened\":[");
    writeBitNames(out, a.shortened, SHORT_NAMES_TEXT);
    out.writeAscii("]}");
  }

  private static void writeBitNames(JsonBuffer out, int bits, String[] names) {
    boolean first = true;
    for (int bit = 0; bit < names.length; bit++) {
      if ((bits & (1 << bit)) != 0) {
        out.writeAscii(first ? "\"" : ",\"");
        out.writeAscii(names[bit]);
        out.writeByte('"');
        first = false;
      }
    }
  }

  /** Writes only the timestamp and a marker that says everything was dropped. */
  private void writeLastResort(EventView e, Encoding enc) {
    JsonBuffer out = enc.out;
    FailureForm.openBareLine(out, timestampName, e);
    out.writeBytes(truncatedName);
    out.writeAscii("{\"original_bytes\":");
    out.writeLong(enc.attempt.originalBytes);
    out.writeAscii(",\"dropped\":[\"all\"]}");
    out.writeByte('}');
    out.writeByte('\n');
  }
}
