package dev.logcontext.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Formats a Logback event's message pattern and arguments into an {@link Appendable} with exactly
 * the text {@code LoggingEvent.getFormattedMessage()} returns, without building it as a {@code
 * String}: SLF4J's {@code MessageFormatter} rules, re-implemented.
 *
 * <ul>
 *   <li>Each {@code {}} takes the next argument; {@code \{}} is a literal {@code {}} (the backslash
 *       dropped, no argument taken); {@code \\{}} is one backslash and the next argument; extra
 *       arguments are ignored, missing ones leave the rest of the pattern as it is.
 *   <li>When the event has no throwable, a last argument that is a {@code Throwable} is not
 *       substituted (Logback then formats with {@code arrayFormat(pattern, args)}, which drops it);
 *       when the event has one, every argument is (Logback passes no throwable candidate).
 *   <li>{@code null} is {@code "null"}; arrays are written element by element, {@code [a, b]},
 *       object arrays recursively with {@code [...]} for an array inside itself.
 * </ul>
 *
 * <p>It declines (returns false, and the caller writes {@code getFormattedMessage()} instead)
 * whenever it cannot be sure of the same text: for an event other than a plain {@link
 * LoggingEvent}, one whose formatted message is already computed (it may have been frozen by {@code
 * prepareForDeferredProcessing()} before its arguments changed, as {@code AsyncAppender} does, and
 * reusing it is cheaper anyway), one without arguments (its message is the pattern itself), and
 * when an argument's {@code toString()} throws (SLF4J then reports the failure and writes {@code
 * [FAILED toString()]}; declining lets SLF4J do both).
 *
 * <p>Whether the formatted message is computed is read from the event's package-private field
 * through a {@link VarHandle}; where that field is not accessible (Logback on the module path, a
 * Logback without it) nothing is formatted here. Thread-safety: stateless.
 */
final class Slf4jMessages {
  private static final VarHandle FORMATTED =
      LogbackEventView.field("formattedMessage", String.class);
  private static final String NULL = "null";

  private Slf4jMessages() {}

  /** Whether {@link #append} can format messages at all in this runtime. */
  static boolean available() {
    return FORMATTED != null;
  }

  /**
   * Appends {@code event}'s formatted message to {@code out} and returns true, or returns false
   * (having perhaps appended part of it, which the caller discards) when {@code
   * getFormattedMessage()} must be used instead.
   */
  static boolean append(ILoggingEvent event, Appendable out) throws IOException {
    if (FORMATTED == null || event.getClass() != LoggingEvent.class) {
      return false;
    }
    if (FORMATTED.get((LoggingEvent) event) != null) {
      return false;
    }
    Object[] args = event.getArgumentArray();
    String pattern = event.getMessage();
    if (args == null || pattern == null) {
      return false;
    }
    int count = args.length;
    if (count > 0 && args[count - 1] instanceof Throwable && event.getThrowableProxy() == null) {
      count--;
    }
    return format(pattern, args, count, out);
  }

  /**
   * Appends {@code pattern} with the first {@code count} of {@code args} substituted as SLF4J's
   * {@code MessageFormatter.arrayFormat(pattern, args, null)} does; returns false if an argument's
   * {@code toString()} threw.
   */
  static boolean format(String pattern, Object[] args, int count, Appendable out)
      throws IOException {
    int i = 0;
    for (int arg = 0; arg < count; arg++) {
      int j = pattern.indexOf("{}", i);
      if (j == -1) {
        break;
      }
      if (j > 0 && pattern.charAt(j - 1) == '\\') {
        if (j >= 2 && pattern.charAt(j - 2) == '\\') {
          // "\\{}": one backslash, then the argument.
          out.append(pattern, i, j - 1);
          if (!appendArgument(out, args[arg], null)) {
            return false;
          }
          i = j + 2;
        } else {
          // "\{}": a literal "{", and "}" stays in the pattern; no argument taken.
          arg--;
          out.append(pattern, i, j - 1);
          out.append('{');
          i = j + 1;
        }
      } else {
        out.append(pattern, i, j);
        if (!appendArgument(out, args[arg], null)) {
          return false;
        }
        i = j + 2;
      }
    }
    out.append(pattern, i, pattern.length());
    return true;
  }

  private static boolean appendArgument(Appendable out, Object o, Map<Object[], Object> seen)
      throws IOException {
    if (o == null) {
      out.append(NULL);
      return true;
    }
    if (o instanceof String) {
      out.append((String) o);
      return true;
    }
    if (!o.getClass().isArray()) {
      String text;
      try {
        text = o.toString();
      } catch (Throwable failed) {
        return false;
      }
      out.append(text == null ? NULL : text);
      return true;
    }
    if (o instanceof boolean[]) {
      boolean[] a = (boolean[]) o;
      out.append('[');
      for (int k = 0; k < a.length; k++) {
        separate(out, k);
        out.append(String.valueOf(a[k]));
      }
    } else if (o instanceof byte[]) {
      byte[] a = (byte[]) o;
      out.append('[');
      for (int k = 0; k < a.length; k++) {
        separate(out, k);
        out.append(String.valueOf(a[k]));
      }
    } else if (o instanceof char[]) {
      char[] a = (char[]) o;
      out.append('[');
      for (int k = 0; k < a.length; k++) {
        separate(out, k);
        out.append(a[k]);
      }
    } else if (o instanceof short[]) {
      short[] a = (short[]) o;
      out.append('[');
      for (int k = 0; k < a.length; k++) {
        separate(out, k);
        out.append(String.valueOf(a[k]));
      }
    } else if (o instanceof int[]) {
      int[] a = (int[]) o;
      out.append('[');
      for (int k = 0; k < a.length; k++) {
        separate(out, k);
        out.append(String.valueOf(a[k]));
      }
    } else if (o instanceof long[]) {
      long[] a = (long[]) o;
      out.append('[');
      for (int k = 0; k < a.length; k++) {
        separate(out, k);
        out.append(String.valueOf(a[k]));
      }
    } else if (o instanceof float[]) {
      float[] a = (float[]) o;
      out.append('[');
      for (int k = 0; k < a.length; k++) {
        separate(out, k);
        out.append(String.valueOf(a[k]));
      }
    } else if (o instanceof double[]) {
      double[] a = (double[]) o;
      out.append('[');
      for (int k = 0; k < a.length; k++) {
        separate(out, k);
        out.append(String.valueOf(a[k]));
      }
    } else {
      Object[] a = (Object[]) o;
      out.append('[');
      Map<Object[], Object> inside = seen == null ? new IdentityHashMap<>() : seen;
      if (!inside.containsKey(a)) {
        inside.put(a, null);
        for (int k = 0; k < a.length; k++) {
          separate(out, k);
          if (!appendArgument(out, a[k], inside)) {
            return false;
          }
        }
        // Repeats among siblings are written in full, as SLF4J does.
        inside.remove(a);
      } else {
        out.append("...");
      }
    }
    out.append(']');
    return true;
  }

  private static void separate(Appendable out, int index) throws IOException {
    if (index > 0) {
      out.append(", ");
    }
  }
}
