package dev.logcontext.json.buffer;

import dev.logcontext.ContextKey;
import dev.logcontext.ScopeChecks;
import dev.logcontext.json.EventView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lost-context diagnostic shared by both encoders: the fields every line must carry ({@code
 * requiredFields=correlation_id,...}), the names an event lacks (written as {@code
 * "context_missing":[...]}), and the one report per logger and thread-name prefix.
 *
 * <p>Off unless configured: an encoder without the option, and without the system property {@code
 * logcontext.requiredFields}, holds no instance and checks nothing.
 *
 * <p>Thread-safety: immutable configuration plus a concurrent, bounded record of what was reported
 * (at most 1,024 logger and prefix pairs; beyond that nothing new is reported, lines are still
 * flagged). Bad input: {@link #parse} throws {@link IllegalArgumentException} naming a field name
 * outside the key rule.
 */
public final class RequiredFields {
  /** The field written on a line that lacks required fields. */
  public static final String CONTEXT_MISSING = "context_missing";

  /** The system property that switches the diagnostic on for encoders without the option. */
  public static final String PROPERTY = "logcontext.requiredFields";

  private static final int MAX_REPORTED = 1_024;

  private final String[] names;
  private final ConcurrentHashMap<String, Boolean> reported = new ConcurrentHashMap<>();

  private RequiredFields(String[] names) {
    this.names = names;
  }

  /**
   * Returns the check for a comma-separated list of field names, or null when {@code list} is null
   * or blank (the diagnostic is off).
   *
   * @throws IllegalArgumentException naming a name outside the key rule
   */
  public static RequiredFields parse(String list) {
    if (list == null || list.isBlank()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (String part : list.split(",", -1)) {
      String name = part.strip();
      if (!ContextKey.isValidName(name)) {
        throw new IllegalArgumentException(
            "requiredFields: '" + name + "' is not a valid field name (in '" + list + "')");
      }
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return new RequiredFields(names.toArray(new String[0]));
  }

  /** Returns the check named by the option, else by the system property, else null (off). */
  public static RequiredFields parse(String option, String systemProperty) {
    return parse(option != null && !option.isBlank() ? option : systemProperty);
  }

  /** Returns the required names, in the configured order. */
  public List<String> names() {
    return List.of(names);
  }

  /**
   * Returns the required names the event lacks, in the configured order, or null when it has them
   * all. A field counts when the event's context or its MDC fields hold a non-null value.
   */
  public List<String> missing(EventView event) {
    String[] found = null;
    int count = 0;
    for (int i = 0; i < names.length; i++) {
      if (!has(event, names[i])) {
        if (found == null) {
          found = new String[names.length - i];
        }
        found[count++] = names[i];
      }
    }
    return found == null ? null : List.of(Arrays.copyOf(found, count));
  }

  private static boolean has(EventView event, String name) {
    if (event.context().get(name) != null) {
      return true;
    }
    Map<String, ?> mdc = event.mdcFields();
    return mdc != null && mdc.get(name) != null;
  }

  /**
   * Returns the report for the first line lacking {@code missing} from this logger and thread-name
   * prefix, or null when that pair was reported before. The report's stack is the caller's (the
   * logging call when the encoder runs on the logging thread); its cause, in strict mode, is where
   * the thread was created by a thread that had context ({@link ScopeChecks#creationSite()}).
   */
  public Throwable reportOnce(String loggerName, String threadName, List<String> missing) {
    String prefix = threadPrefix(threadName);
    String pair = loggerName + '\u0000' + prefix;
    if (reported.size() >= MAX_REPORTED || reported.putIfAbsent(pair, Boolean.TRUE) != null) {
      return null;
    }
    Throwable site = ScopeChecks.creationSite();
    Throwable report =
        new Throwable(
            "a line without "
                + missing
                + " was logged by logger "
                + loggerName
                + " on thread "
                + threadName
                + "; reported once for this logger and threads named "
                + prefix
                + "…, later lines are flagged with "
                + CONTEXT_MISSING
                + (site != null
                    ? "; the thread was created by a thread with context (cause)"
                    : "; the stack is the logging call's when the encoder runs on the logging"
                        + " thread (strict mode adds where the thread was created)"),
            site);
    return report;
  }

  /**
   * Returns the name without its trailing digits ({@code pool-3-thread-12} → {@code
   * pool-3-thread-}).
   */
  static String threadPrefix(String threadName) {
    if (threadName == null) {
      return "";
    }
    int end = threadName.length();
    while (end > 0 && Character.isDigit(threadName.charAt(end - 1))) {
      end--;
    }
    return threadName.substring(0, end);
  }
}
