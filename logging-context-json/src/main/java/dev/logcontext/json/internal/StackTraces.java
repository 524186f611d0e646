package dev.logcontext.json.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a throwable as text like {@link Throwable#printStackTrace()} (causes, suppressed, "... n
 * more" for frames in common with the enclosing trace, circular references), with the format's
 * depth limit, frame exclusions, class-name shortening and root-cause-first order.
 *
 * <p>Thread-safe and immutable; per-encoding state ({@link Matcher}s and their remembered verdicts,
 * the output, the throwables seen) comes from the {@link Encoding}. Never throws for a hostile
 * throwable: {@code getMessage()}, {@code getStackTrace()}, {@code getCause()} and {@code
 * getSuppressed()} are each guarded.
 */
final class StackTraces {
  /** Throwables (causes plus suppressed) rendered per event at most. */
  static final int MAX_THROWABLES = 64;

  /** The builder stops growing at this many chars, whatever the configured limits. */
  static final int HARD_LIMIT_CHARS = 4 * 1024 * 1024;

  private static final StackTraceElement[] NO_FRAMES = {};
  private static final Throwable[] NO_THROWABLES = {};

  /** Longer {@code class.method} keys are matched every time, so that little is kept alive. */
  private static final int MAX_REMEMBERED_KEY = 512;

  private static final String NATIVE_METHOD = "Native Method";
  private static final String UNKNOWN_SOURCE = "Unknown Source";

  /** "\tat " and ")\n" as they are escaped in a JSON string. */
  private static final byte[] TAB_AT = "\\tat ".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] CLOSE_NEWLINE = ")\\n".getBytes(StandardCharsets.US_ASCII);

  private final int maxDepth;
  private final int shortenTo;
  private final Pattern[] exclusions;
  private final boolean rootCauseFirst;

  StackTraces(int maxDepth, int shortenTo, List<String> exclusions, boolean rootCauseFirst) {
    this.maxDepth = maxDepth == 0 ? Integer.MAX_VALUE : maxDepth;
    this.shortenTo = shortenTo;
    this.exclusions = new Pattern[exclusions.size()];
    for (int i = 0; i < this.exclusions.length; i++) {
      this.exclusions[i] = Pattern.compile(exclusions.get(i));
    }
    this.rootCauseFirst = rootCauseFirst;
  }

  Matcher[] newMatchers() {
    Matcher[] matchers = new Matcher[exclusions.length];
    for (int i = 0; i < matchers.length; i++) {
      matchers[i] = exclusions[i].matcher("");
    }
    return matchers;
  }

  /** Returns {@code t.getMessage()}, or a marker when it throws. */
  static String safeMessage(Throwable t) {
    try {
      return t.getMessage();
    } catch (Throwable e) {
      return "[getMessage() threw " + e.getClass().getName() + "]";
    }
  }

  /**
   * Renders {@code t} into {@code enc.stack}, which the caller has started. Uses the encoding's
   * identity array for the throwables seen (cycles, the throwable budget) and clears it after.
   */
  void render(Throwable t, Encoding enc) {
    enc.seenCount = 0;
    try {
      if (rootCauseFirst) {
        renderRootCauseFirst(t, enc);
      } else {
        renderEnclosed(t, null, "", "", enc);
      }
    } finally {
      Arrays.fill(enc.seen, 0, enc.seenCount, null);
      enc.seenCount = 0;
    }
  }

  /** Adds {@code t} to the throwables seen; false when it was seen already (by identity). */
  private static boolean see(Throwable t, Encoding enc) {
    Throwable[] seen = enc.seen;
    int n = enc.seenCount;
    for (int i = 0; i < n; i++) {
      if (seen[i] == t) {
        return false;
      }
    }
    if (n == seen.length) {
      enc.seen = seen = Arrays.copyOf(seen, Math.max(8, 2 * n));
    }
    seen[n] = t;
    enc.seenCount = n + 1;
    return true;
  }

  private void renderRootCauseFirst(Throwable t, Encoding enc) {
    // The chain is the first entries of the seen array.
    for (Throwable x = t; x != null && enc.seenCount < MAX_THROWABLES; x = safeCause(x)) {
      if (!see(x, enc)) {
        break;
      }
    }
    int chainSize = enc.seenCount;
    StackText sb = enc.stack;
    StackTraceElement[] inner = null;
    for (int i = chainSize - 1; i >= 0; i--) {
      Throwable x = enc.seen[i];
      StackTraceElement[] trace = safeTrace(x);
      int unique = trace.length;
      int common = 0;
      if (inner != null) {
        unique = uniqueFrames(trace, inner);
        common = trace.length - unique;
      }
      sb.append(i == chainSize - 1 ? "" : "Wrapped by: ");
      describe(x, enc);
      sb.append('\n');
      frames(trace, unique, "", enc);
      if (common > 0) {
        sb.append("\t... ");
        sb.append(common);
        sb.append(" common frames omitted\n");
      }
      for (Throwable suppressed : safeSuppressed(x)) {
        renderEnclosed(suppressed, trace, "Suppressed: ", "\t", enc);
      }
      inner = trace;
    }
  }

  private void renderEnclosed(
      Throwable t, StackTraceElement[] enclosing, String caption, String prefix, Encoding enc) {
    StackText sb = enc.stack;
    if (sb.length() > HARD_LIMIT_CHARS) {
      return;
    }
    if (enc.seenCount >= MAX_THROWABLES) {
      sb.append(prefix);
      sb.append(caption);
      sb.append("[further throwables omitted]\n");
      return;
    }
    if (!see(t, enc)) {
      sb.append(prefix);
      sb.append(caption);
      sb.append("[CIRCULAR REFERENCE: ");
      describe(t, enc);
      sb.append("]\n");
      return;
    }
    StackTraceElement[] trace = safeTrace(t);
    int unique = enclosing == null ? trace.length : uniqueFrames(trace, enclosing);
    sb.append(prefix);
    sb.append(caption);
    describe(t, enc);
    sb.append('\n');
    frames(trace, unique, prefix, enc);
    if (unique < trace.length) {
      sb.append(prefix);
      sb.append("\t... ");
      sb.append(trace.length - unique);
      sb.append(" more\n");
    }
    Throwable[] suppressedAll = safeSuppressed(t);
    if (suppressedAll.length > 0) {
      String inner = prefix + "\t";
      for (Throwable suppressed : suppressedAll) {
        renderEnclosed(suppressed, trace, "Suppressed: ", inner, enc);
      }
    }
    Throwable cause = safeCause(t);
    if (cause != null) {
      renderEnclosed(cause, trace, "Caused by: ", prefix, enc);
    }
  }

  /** Returns how many leading frames of {@code trace} are not in common with {@code other}. */
  private static int uniqueFrames(StackTraceElement[] trace, StackTraceElement[] other) {
    int m = trace.length - 1;
    int n = other.length - 1;
    while (m >= 0 && n >= 0 && trace[m].equals(other[n])) {
      m--;
      n--;
    }
    return m + 1;
  }

  private void frames(StackTraceElement[] trace, int count, String prefix, Encoding enc) {
    StackText sb = enc.stack;
    Matcher[] matchers = enc.matchers;
    int written = 0;
    int excluded = 0;
    for (int i = 0; i < count; i++) {
      StackTraceElement frame = trace[i];
      if (matchers.length > 0 && isExcluded(frame, enc)) {
        excluded++;
        continue;
      }
      if (excluded > 0) {
        excludedLine(sb, prefix, excluded);
        excluded = 0;
      }
      if (written >= maxDepth || sb.length() > HARD_LIMIT_CHARS) {
        sb.append(prefix);
        sb.append("\t... ");
        sb.append(count - i);
        sb.append(" frames truncated\n");
        return;
      }
      frameLine(frame, prefix, enc);
      written++;
    }
    if (excluded > 0) {
      excludedLine(sb, prefix, excluded);
    }
  }

  private static void excludedLine(StackText sb, String prefix, int excluded) {
    sb.append(prefix);
    sb.append("\t... ");
    sb.append(excluded);
    sb.append(" frames excluded\n");
  }

  /**
   * Returns whether an exclusion finds the frame's {@code class.method}. The verdict depends on
   * those two strings only, so it is remembered by their identity: the JVM fills stack frames with
   * the same string objects for the same code.
   */
  private static boolean isExcluded(StackTraceElement frame, Encoding enc) {
    String cls = frame.getClassName();
    String method = frame.getMethodName();
    int slot = (31 * cls.hashCode() + method.hashCode()) & (Encoding.VERDICT_SLOTS - 1);
    if (enc.verdictClasses[slot] == cls && enc.verdictMethods[slot] == method) {
      return enc.verdicts[slot];
    }
    StringBuilder frameKey = enc.frameKey;
    frameKey.setLength(0);
    frameKey.append(cls).append('.').append(method);
    boolean excluded = false;
    for (Matcher matcher : enc.matchers) {
      if (matcher.reset(frameKey).find()) {
        excluded = true;
        break;
      }
    }
    if (frameKey.length() <= MAX_REMEMBERED_KEY) {
      enc.verdictClasses[slot] = cls;
      enc.verdictMethods[slot] = method;
      enc.verdicts[slot] = excluded;
    }
    return excluded;
  }

  /**
   * Appends {@code prefix}, "\tat ", the frame and a newline. When the whole line fits before the
   * cut it is written in one pass straight into the buffer, else appended piece by piece.
   */
  private void frameLine(StackTraceElement frame, String prefix, Encoding enc) {
    StackText sb = enc.stack;
    String cls = frame.getClassName();
    String method = frame.getMethodName();
    String file = frame.getFileName();
    boolean isNative = frame.isNativeMethod();
    String location = isNative ? NATIVE_METHOD : file == null ? UNKNOWN_SOURCE : file;
    int line = isNative || file == null ? -1 : frame.getLineNumber();
    // "\tat ", '.', '(', ')', '\n' and, with a line number, ':' and up to 10 digits.
    int maxChars =
        prefix.length() + cls.length() + method.length() + location.length() + (line >= 0 ? 19 : 8);
    JsonBuffer out = sb.direct(maxChars);
    if (out == null) {
      sb.append(prefix);
      sb.append("\tat ");
      appendClassName(cls, enc);
      sb.append('.');
      sb.append(method);
      sb.append('(');
      sb.append(location);
      if (line >= 0) {
        sb.append(':');
        sb.append(line);
      }
      sb.append(')');
      sb.append('\n');
      return;
    }
    out.writeEscaped(prefix, 0, prefix.length());
    out.writeBytes(TAB_AT);
    sb.count(prefix.length() + 4);
    int parts = shorten(cls, enc);
    if (parts == 1) {
      sb.writeName(cls);
      sb.count(cls.length());
    } else if (sb.isPlain(cls)) {
      int[] ranges = enc.nameRanges;
      int chars = 0;
      for (int i = 0; i < 2 * parts; i += 2) {
        out.writeAscii(cls, ranges[i], ranges[i + 1]);
        chars += ranges[i + 1] - ranges[i];
      }
      sb.count(chars);
    } else {
      // The line fits: appended, the parts of this name are neither cut nor held back either.
      appendRanges(cls, parts, enc);
    }
    out.writeByte('.');
    sb.writeName(method);
    out.writeByte('(');
    sb.writeName(location);
    int chars = method.length() + location.length() + 4;
    if (line >= 0) {
      out.writeByte(':');
      chars += 1 + out.writeDigits(line);
    }
    out.writeBytes(CLOSE_NEWLINE);
    sb.count(chars);
  }

  private void describe(Throwable t, Encoding enc) {
    appendClassName(t.getClass().getName(), enc);
    String message = safeMessage(t);
    if (message != null) {
      enc.stack.append(": ");
      enc.stack.append(message);
    }
  }

  /** Appends {@code name}, shortened as {@link #shorten} says. */
  private void appendClassName(String name, Encoding enc) {
    appendRanges(name, shorten(name, enc), enc);
  }

  private static void appendRanges(String name, int parts, Encoding enc) {
    int[] ranges = enc.nameRanges;
    for (int i = 0; i < 2 * parts; i += 2) {
      enc.stack.append(name, ranges[i], ranges[i + 1]);
    }
  }

  /**
   * Shortens a class name Logback-style when it is longer than the target: package segments become
   * their first letter, from the left, until the name fits; the dots and the simple name are kept.
   * Stores what is kept as {@code [from, to)} ranges of {@code name}, in order, in {@code
   * enc.nameRanges} and returns their number (1 for the whole name).
   */
  private int shorten(String name, Encoding enc) {
    int[] ranges = enc.nameRanges;
    int target = shortenTo;
    int lastDot;
    if (target <= 0 || name.length() <= target || (lastDot = name.lastIndexOf('.')) < 0) {
      ranges[0] = 0;
      ranges[1] = name.length();
      return 1;
    }
    int excess = name.length() - target;
    int parts = 0;
    int from = 0;
    int start = 0;
    while (start <= lastDot && excess > 0) {
      int dot = name.indexOf('.', start);
      int segment = dot - start;
      if (segment > 1) {
        if (2 * parts + 4 > ranges.length) {
          // Room for this range and the last one.
          enc.nameRanges = ranges = Arrays.copyOf(ranges, 2 * ranges.length);
        }
        ranges[2 * parts] = from;
        ranges[2 * parts + 1] = start + 1;
        parts++;
        from = dot;
        excess -= segment - 1;
      }
      start = dot + 1;
    }
    ranges[2 * parts] = from;
    ranges[2 * parts + 1] = name.length();
    return parts + 1;
  }

  private static StackTraceElement[] safeTrace(Throwable t) {
    try {
      StackTraceElement[] trace = t.getStackTrace();
      if (trace == null) {
        return NO_FRAMES;
      }
      for (StackTraceElement frame : trace) {
        if (frame == null) {
          return NO_FRAMES;
        }
      }
      return trace;
    } catch (Throwable e) {
      return NO_FRAMES;
    }
  }

  private static Throwable safeCause(Throwable t) {
    try {
      return t.getCause();
    } catch (Throwable e) {
      return null;
    }
  }

  private static Throwable[] safeSuppressed(Throwable t) {
    try {
      return t.getSuppressed();
    } catch (Throwable e) {
      return NO_THROWABLES;
    }
  }
}
