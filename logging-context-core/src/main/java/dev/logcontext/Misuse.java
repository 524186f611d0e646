package dev.logcontext;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Global misuse settings and reporting; {@link ScopeChecks} is the public face. Thread-safe: the
 * settings are one immutable value in a volatile field, the counts a bounded concurrent map.
 */
final class Misuse {
  /** Writes a warning through {@link System.Logger}. */
  static final Consumer<? super ScopeMisuseException> SYSTEM_LOGGER =
      e -> System.getLogger("dev.logcontext").log(System.Logger.Level.WARNING, e.getMessage(), e);

  /** Settings as one immutable value, so that readers see a consistent pair. */
  private record Settings(boolean strict, Consumer<? super ScopeMisuseException> handler) {}

  private static volatile Settings settings =
      new Settings(Boolean.getBoolean("logcontext.strict"), SYSTEM_LOGGER);

  private Misuse() {}

  static boolean isStrict() {
    return settings.strict();
  }

  static synchronized void setStrict(boolean strict) {
    settings = new Settings(strict, settings.handler());
  }

  /** Installs {@code handler}; counting of repeated misuse starts afresh. */
  static synchronized Consumer<? super ScopeMisuseException> setHandler(
      Consumer<? super ScopeMisuseException> handler) {
    Consumer<? super ScopeMisuseException> previous = settings.handler();
    settings = new Settings(settings.strict(), handler);
    SITES.clear();
    return previous;
  }

  /** Returns a throwable marking where a scope is being opened, or null outside strict mode. */
  static Throwable openingTrace() {
    if (!settings.strict()) {
      return null;
    }
    Throwable trace = new Throwable("scope opened here");
    StackTraceElement[] frames = trace.getStackTrace();
    int first = 0;
    while (first < frames.length - 1 && isLibraryFrame(frames[first].getClassName())) {
      first++;
    }
    trace.setStackTrace(java.util.Arrays.copyOfRange(frames, first, frames.length));
    return trace;
  }

  /** Frames of this library above the user's call, cut from opening traces. */
  private static boolean isLibraryFrame(String className) {
    int nested = className.indexOf('$');
    String topLevel = nested < 0 ? className : className.substring(0, nested);
    return switch (topLevel) {
      // the implementation, nested classes included
      case "dev.logcontext.ContextStorage",
          "dev.logcontext.ThreadState",
          "dev.logcontext.ScopeImpl",
          "dev.logcontext.Misuse",
          "dev.logcontext.Keys",
          "dev.logcontext.Values",
          "dev.logcontext.concurrent.PropagatingExecutor",
          "dev.logcontext.concurrent.PropagatingExecutorService",
          "dev.logcontext.concurrent.PropagatingScheduledExecutorService",
          "dev.logcontext.concurrent.ContextCompletableFuture" ->
          true;
      // the public classes through which a scope is opened, without their nested classes
      case "dev.logcontext.LogContext", "dev.logcontext.Snapshot", "dev.logcontext.ContextKey" ->
          nested < 0;
      default -> false;
    };
  }

  /**
   * Most call sites counted at once; misuse at further sites is counted together under one entry.
   * Bounds the registry whatever the application does.
   */
  static final int MAX_SITES = 1024;

  private static final String OTHER_SITES = "[other call sites]";

  /**
   * How often each kind of misuse happened at each call site (see {@link #report}): the only static
   * state besides the settings and the storage slot, bounded by {@link #MAX_SITES}, and cleared
   * when a handler is installed.
   */
  private static final ConcurrentHashMap<String, AtomicLong> SITES = new ConcurrentHashMap<>();

  private static final StackWalker WALKER = StackWalker.getInstance();

  /**
   * Reports a misuse to the handler, then throws it in strict mode. The caller has already restored
   * a correct context. A report never recurses: a misuse detected while a report runs on the same
   * thread is not reported again.
   *
   * <p>So that a bug repeated per request does not flood the log, the handler receives the 1st,
   * 10th, 100th, … occurrence of each kind of misuse at each call site (the first frame outside
   * this library, plus {@code detail}), with the count in the message and in {@link
   * ScopeMisuseException#occurrences()}; strict mode throws every time.
   *
   * @param state the misusing thread's state, or null on a thread that is not the scope's owner
   * @param openedAt where the misused scope was opened (strict mode), or null
   * @param innermostOpenedAt where the innermost scope still open was opened, or null
   * @param detail what else distinguishes this misuse at one call site (the fields left open)
   */
  static void report(
      ThreadState state,
      ScopeMisuseException.Kind kind,
      String message,
      Throwable openedAt,
      Throwable innermostOpenedAt,
      String detail) {
    Settings current = settings;
    String site = callSite();
    String key = kind + " at " + site + detail;
    AtomicLong counter = SITES.get(key);
    if (counter == null) {
      if (SITES.size() < MAX_SITES) {
        counter = SITES.computeIfAbsent(key, k -> new AtomicLong());
      } else {
        counter = SITES.computeIfAbsent(OTHER_SITES, k -> new AtomicLong());
        site = site + " and other call sites beyond the first " + MAX_SITES;
      }
    }
    long count = counter.incrementAndGet();
    boolean toHandler = isPowerOfTen(count) && (state == null || !state.reporting);
    if (!toHandler && !current.strict()) {
      return;
    }
    String counted =
        count == 1
            ? message
                + " [first time at "
                + site
                + "; repeats there are counted and reported at the 10th, 100th, ... time]"
            : message + " [" + count + " times at " + site + "]";
    ScopeMisuseException misuse = new ScopeMisuseException(kind, counted, openedAt, count);
    if (innermostOpenedAt != null) {
      Throwable inner = new Throwable("innermost scope still open was opened here");
      inner.setStackTrace(innermostOpenedAt.getStackTrace());
      misuse.addSuppressed(inner);
    }
    if (toHandler) {
      if (state != null) {
        state.reporting = true;
      }
      try {
        current.handler().accept(misuse);
      } catch (RuntimeException | LinkageError ignored) {
        // A broken handler must not turn a misuse report into a failure of the application.
      } finally {
        if (state != null) {
          state.reporting = false;
        }
      }
    }
    if (current.strict()) {
      throw misuse;
    }
  }

  private static boolean isPowerOfTen(long n) {
    while (n >= 10 && n % 10 == 0) {
      n /= 10;
    }
    return n == 1;
  }

  /** Returns the first frame of the current stack outside this library, as class.method:line. */
  private static String callSite() {
    return WALKER.walk(
        frames ->
            frames
                .filter(frame -> !isLibraryCaller(frame.getClassName()))
                .findFirst()
                .map(
                    frame ->
                        frame.getClassName()
                            + "."
                            + frame.getMethodName()
                            + ":"
                            + frame.getLineNumber())
                .orElse("unknown"));
  }

  /** Frames of this library between a misuse and the code that caused it. */
  private static boolean isLibraryCaller(String className) {
    return isLibraryFrame(className)
        || className.startsWith("dev.logcontext.Snapshot$")
        || className.equals("dev.logcontext.LegacyBindings")
        || className.startsWith("dev.logcontext.concurrent.ContextExecutors")
        || className.startsWith("dev.logcontext.concurrent.ContextFutures");
  }
}
