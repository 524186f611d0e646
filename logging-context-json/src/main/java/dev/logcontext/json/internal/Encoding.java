package dev.logcontext.json.internal;

import java.util.Arrays;
import java.util.regex.Matcher;

/**
 * The mutable state of one encoding in progress: output buffer, written-name set, stack-trace
 * writer and scratch space, the caches kept across events, and the {@linkplain EventCap.Attempt
 * current attempt} (set by {@link EventCap}). Pooled by {@link dev.logcontext.json.BoundedPool}.
 *
 * <p>Not thread-safe: owned by one thread between acquire and release.
 */
public final class Encoding {
  /** Byte arrays larger than this are not kept after an event. */
  static final int MAX_RETAINED_BYTES = 64 * 1024;

  /** Scratch builders larger than this many chars are not kept after an event. */
  static final int MAX_RETAINED_CHARS = 32 * 1024;

  /** Slots of the frame-exclusion verdicts; a power of two. */
  static final int VERDICT_SLOTS = 256;

  final JsonBuffer out = new JsonBuffer();
  final KeySet keys = new KeySet();

  /** Level, logger and thread names as last encoded, kept across events. */
  final TextCache names = new TextCache();

  final Matcher[] matchers;
  final StackText stack = new StackText();
  StringBuilder frameKey = new StringBuilder(128);

  /** What a shortened class name keeps: {@code [from, to)} pairs, grown for deeper packages. */
  int[] nameRanges = new int[32];

  /**
   * Frame-exclusion verdicts, by the identity of the frame's class and method names (no slots
   * without exclusions).
   */
  final String[] verdictClasses;

  final String[] verdictMethods;
  final boolean[] verdicts;

  Throwable[] seen = new Throwable[8];
  int seenCount;

  /** The maps, collections and arrays being written, outermost first (cycle detection). */
  final Object[] path = new Object[ValueWriter.MAX_DEPTH];

  /** The names written so far into the map at each depth. */
  private final KeySet[] mapNames = new KeySet[ValueWriter.MAX_DEPTH];

  /** What is left of the event's budget of nested elements. */
  int elementsLeft;

  /** Whether the next top-level field needs a comma before it. */
  boolean needComma;

  /** Whether the nest object is open (its first field was written). */
  boolean nestedOpen;

  /**
   * The objects of nested names open in the plan ({@link NestedNames}): how many, and for each the
   * buffer length before its name, after its brace, and whether a comma was due before it. The
   * arrays are null without nested names.
   */
  int nestDepth;

  int[] nestMarks;
  int[] nestBodies;
  boolean[] nestCommas;

  /**
   * The values of the fields the gcp preset's special fields are derived from, by {@link GcpFields}
   * slot; null in other presets.
   */
  Object[] captured;

  /** What the current attempt at the event leaves out and cuts; owned by {@link EventCap}. */
  final EventCap.Attempt attempt = new EventCap.Attempt();

  Encoding(Matcher[] matchers) {
    this.matchers = matchers;
    int slots = matchers.length > 0 ? VERDICT_SLOTS : 0;
    verdictClasses = new String[slots];
    verdictMethods = new String[slots];
    verdicts = new boolean[slots];
  }

  /** Returns the buffer holding the encoded line after {@code EventEncoder.encode}. */
  public JsonBuffer out() {
    return out;
  }

  /** Writes the comma before a top-level field, except before the first one. */
  void comma() {
    if (needComma) {
      out.writeByte(',');
    } else {
      needComma = true;
    }
  }

  /** Returns the empty name set for a map at {@code depth}. */
  KeySet mapNames(int depth) {
    KeySet names = mapNames[depth];
    if (names == null) {
      names = new KeySet();
      mapNames[depth] = names;
    } else {
      names.clear();
    }
    return names;
  }

  /** Prepares for reuse: clears state and drops buffers that grew beyond the retained limits. */
  public void trimForReuse() {
    out.trim(MAX_RETAINED_BYTES);
    keys.trim();
    for (KeySet names : mapNames) {
      if (names != null) {
        names.trim();
      }
    }
    Arrays.fill(path, null);
    if (frameKey.capacity() > MAX_RETAINED_CHARS) {
      frameKey = new StringBuilder(128);
    } else {
      frameKey.setLength(0);
    }
    for (Matcher matcher : matchers) {
      matcher.reset("");
    }
  }
}
