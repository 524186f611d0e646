package dev.logcontext.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The events logged while a test runs, on any thread, each with its typed context; a test receives
 * one as a parameter resolved by {@link LogContextExtension}.
 *
 * <p>Capture starts when the parameter is resolved (for a {@code @BeforeEach} method or the test
 * method, whichever comes first) and stops after the test's {@code @AfterEach} methods. It sees the
 * events that Logback's root logger receives, so events below a logger's level are not captured:
 * configure the levels you want to assert on. Events logged while a test runs are captured whatever
 * test logged them, so tests that run in parallel see each other's events.
 *
 * <p>Example:
 *
 * <pre>{@code
 * void keepsTheRequestId(LogCapture capture) {
 *   handler.handle(request);
 *   assertThat(capture.events().withField("request_id", 42L)).hasSize(3);
 *   capture.assertEveryEvent().hasField("correlation_id");
 * }
 * }</pre>
 *
 * <p>Thread-safety: safe for concurrent logging and reading; {@link #events()} returns an immutable
 * copy of the events captured so far. Bad input: none, the methods take no arguments.
 */
public final class LogCapture {
  private static final boolean LOGBACK =
      present("org.slf4j.LoggerFactory", "ch.qos.logback.classic.LoggerContext");
  private static final boolean LOG4J2 =
      present("org.apache.logging.log4j.LogManager", "org.apache.logging.log4j.core.LoggerContext");

  private final ConcurrentLinkedQueue<LoggedEvent> events = new ConcurrentLinkedQueue<>();
  private final List<AutoCloseable> attachments = new ArrayList<>();
  private volatile boolean stopped;

  private LogCapture() {}

  /** Starts capturing from every backend present; null when none is. */
  static LogCapture start() {
    LogCapture capture = new LogCapture();
    Consumer<LoggedEvent> sink = capture::add;
    AutoCloseable logback = LOGBACK ? LogbackCapture.attach(sink) : null;
    if (logback != null) {
      capture.attachments.add(logback);
    }
    AutoCloseable log4j2 = LOG4J2 ? Log4j2Capture.attach(sink) : null;
    if (log4j2 != null) {
      capture.attachments.add(log4j2);
    }
    return capture.attachments.isEmpty() ? null : capture;
  }

  private static boolean present(String... classNames) {
    ClassLoader loader = LogCapture.class.getClassLoader();
    try {
      for (String className : classNames) {
        Class.forName(className, false, loader);
      }
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private void add(LoggedEvent event) {
    if (!stopped) {
      events.add(event);
    }
  }

  /** Returns the events captured so far, in the order they were logged. */
  public LoggedEvents events() {
    return new LoggedEvents(new ArrayList<>(events));
  }

  /** Returns assertions over every event captured so far. */
  public EveryEvent assertEveryEvent() {
    return new EveryEvent(events());
  }

  /** Stops capturing and detaches from the backends; calling it again does nothing. */
  synchronized void stop() throws Exception {
    if (stopped) {
      return;
    }
    stopped = true;
    Exception failure = null;
    for (AutoCloseable attachment : attachments) {
      try {
        attachment.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "LogCapture" + events();
  }
}
