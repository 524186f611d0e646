package dev.logcontext.json.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a throwable as text like {@link Throwable#printStackTrace()} (causes, suppressed, "... n
 * more" for frames in common with the enclosing trace, circular references), with the format's
 * depth limit, frame exclusions, class-name shortening and root-cause-first order.
 *
 * <p>Thread-safe and immutable; per-encoding state ({@link Matcher}s, the builder) is passed in.
 * Never throws for a hostile throwable: {@code getMessage()}, {@code getStackTrace()}, {@code
 * getCause()} and {@code getSuppressed()} are each guarded.
 */
final class StackTraces {
  /** Throwables (causes plus suppressed) rendered per event at most. */
  static final int MAX_THROWABLES = 64;

  /** The builder stops growing at this many chars, whatever the configured limits. */
  static final int HARD_LIMIT_CHARS = 4 * 1024 * 1024;

  private static final StackTraceElement[] NO_FRAMES = {};
  private static final Throwable[] NO_THROWABLES = {};

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

  void render(Throwable t, StringBuilder sb, Matcher[] matchers) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    int[] count = {0};
    StringBuilder frameKey = matchers.length == 0 ? null : new StringBuilder(128);
    if (rootCauseFirst) {
      renderRootCauseFirst(t, sb, matchers, frameKey, seen, count);
    } else {
      renderEnclosed(t, null, "", "", sb, matchers, frameKey, seen, count);
    }
  }

  private void renderRootCauseFirst(
      Throwable t,
      StringBuilder sb,
      Matcher[] matchers,
      StringBuilder frameKey,
      Set<Throwable> seen,
      int[] count) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable x = t; x != null && chain.size() < MAX_THROWABLES; x = safeCause(x)) {
      if (!seen.add(x)) {
        break;
      }
      chain.add(x);
    }
    count[0] = chain.size();
    StackTraceElement[] inner = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      Throwable x = chain.get(i);
      StackTraceElement[] trace = safeTrace(x);
      int unique = trace.length;
      int common = 0;
      if (inner != null) {
        unique = uniqueFrames(trace, inner);
        common = trace.length - unique;
      }
      sb.append(i == chain.size() - 1 ? "" : "Wrapped by: ");
      describe(x, sb);
      sb.append('\n');
      frames(trace, unique, "", sb, matchers, frameKey);
      if (common > 0) {
        sb.append("\t... ").append(common).append(" common frames omitted\n");
      }
      for (Throwable suppressed : safeSuppressed(x)) {
        renderEnclosed(
            suppressed, trace, "Suppressed: ", "\t", sb, matchers, frameKey, seen, count);
      }
      inner = trace;
    }
  }

  private void renderEnclosed(
      Throwable t,
      StackTraceElement[] enclosing,
      String caption,
      String prefix,
      StringBuilder sb,
      Matcher[] matchers,
      StringBuilder frameKey,
      Set<Throwable> seen,
      int[] count) {
    if (sb.length() > HARD_LIMIT_CHARS) {
      return;
    }
    if (count[0] >= MAX_THROWABLES) {
      sb.append(prefix).append(caption).append("[further throwables omitted]\n");
      return;
    }
    if (!seen.add(t)) {
      sb.append(prefix).append(caption).append("[CIRCULAR REFERENCE: ");
      describe(t, sb);
      sb.append("]\n");
      return;
    }
    count[0]++;
    StackTraceElement[] trace = safeTrace(t);
    int unique = enclosing == null ? trace.length : uniqueFrames(trace, enclosing);
    sb.append(prefix).append(caption);
    describe(t, sb);
    sb.append('\n');
    frames(trace, unique, prefix, sb, matchers, frameKey);
    if (unique < trace.length) {
      sb.append(prefix).append("\t... ").append(trace.length - unique).append(" more\n");
    }
    for (Throwable suppressed : safeSuppressed(t)) {
      renderEnclosed(
          suppressed, trace, "Suppressed: ", prefix + "\t", sb, matchers, frameKey, seen, count);
    }
    Throwable cause = safeCause(t);
    if (cause != null) {
      renderEnclosed(cause, trace, "Caused by: ", prefix, sb, matchers, frameKey, seen, count);
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

  private void frames(
      StackTraceElement[] trace,
      int count,
      String prefix,
      StringBuilder sb,
      Matcher[] matchers,
      StringBuilder frameKey) {
    int written = 0;
    int excluded = 0;
    for (int i = 0; i < count; i++) {
      StackTraceElement frame = trace[i];
      if (matchers.length > 0 && isExcluded(frame, matchers, frameKey)) {
        excluded++;
        continue;
      }
      if (excluded > 0) {
        sb.append(prefix).append("\t... ").append(excluded).append(" frames excluded\n");
        excluded = 0;
      }
      if (written >= maxDepth || sb.length() > HARD_LIMIT_CHARS) {
        sb.append(prefix).append("\t... ").append(count - i).append(" frames truncated\n");
        return;
      }
      sb.append(prefix).append("\tat ");
      appendFrame(frame, sb);
      sb.append('\n');
      written++;
    }
    if (excluded > 0) {
      sb.append(prefix).append("\t... ").append(excluded).append(" frames excluded\n");
    }
  }

  private static boolean isExcluded(
      StackTraceElement frame, Matcher[] matchers, StringBuilder frameKey) {
    frameKey.setLength(0);
    frameKey.append(frame.getClassName()).append('.').append(frame.getMethodName());
    for (Matcher matcher : matchers) {
      if (matcher.reset(frameKey).find()) {
        return true;
      }
    }
    return false;
  }

  private void appendFrame(StackTraceElement frame, StringBuilder sb) {
    appendClassName(frame.getClassName(), sb);
    sb.append('.').append(frame.getMethodName()).append('(');
    String file = frame.getFileName();
    int line = frame.getLineNumber();
    if (frame.isNativeMethod()) {
      sb.append("Native Method");
    } else if (file == null) {
      sb.append("Unknown Source");
    } else {
      sb.append(file);
      if (line >= 0) {
        sb.append(':').append(line);
      }
    }
    sb.append(')');
  }

  private void describe(Throwable t, StringBuilder sb) {
    appendClassName(t.getClass().getName(), sb);
    String message = safeMessage(t);
    if (message != null) {
      sb.append(": ").append(message);
    }
  }

  /**
   * Appends {@code name}, shortened Logback-style when longer than the target: package segments
   * become their first letter, from the left, until the name fits; the simple name is kept.
   */
  void appendClassName(String name, StringBuilder sb) {
    int target = shortenTo;
    if (target <= 0 || name.length() <= target) {
      sb.append(name);
      return;
    }
    int lastDot = name.lastIndexOf('.');
    if (lastDot < 0) {
      sb.append(name);
      return;
    }
    int excess = name.length() - target;
    int start = 0;
    while (start <= lastDot) {
      int dot = name.indexOf('.', start);
      int segment = dot - start;
      if (excess > 0 && segment > 1) {
        sb.append(name.charAt(start));
        excess -= segment - 1;
      } else {
        sb.append(name, start, dot);
      }
      sb.append('.');
      start = dot + 1;
    }
    sb.append(name, lastDot + 1, name.length());
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
