package dev.logcontext.log4j2;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Starts a Log4j {@link LoggerContext} of its own from a real XML file in the test resources,
 * writing to {@code logFile} (the files read {@code ${sys:logcontext.test.file}}), and fails when
 * Log4j reports an error while configuring.
 */
final class Log4jConfigs {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private Log4jConfigs() {}

  static LoggerContext start(String resource, Path logFile) {
    return start(resource, logFile, false);
  }

  static LoggerContext startAsync(String resource, Path logFile) {
    return start(resource, logFile, true);
  }

  private static LoggerContext start(String resource, Path logFile, boolean asyncLoggers) {
    System.setProperty("logcontext.test.file", logFile.toString());
    String name = resource + "#" + COUNTER.incrementAndGet();
    URI uri = uri(resource);
    try (Errors errors = Errors.collect()) {
      LoggerContext context =
          asyncLoggers
              ? new AsyncLoggerContext(name, null, uri)
              : new LoggerContext(name, null, uri);
      context.start();
      errors.assertNone("configuring " + resource);
      return context;
    }
  }

  /** Stops {@code context}, draining async appenders and loggers, so files are complete. */
  static void stop(LoggerContext context) {
    context.stop(30, TimeUnit.SECONDS);
  }

  static URI uri(String resource) {
    try {
      return Log4jConfigs.class.getResource("/" + resource).toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Collects the errors Log4j reports through its StatusLogger while open. */
  static final class Errors implements AutoCloseable {
    final List<StatusData> seen = new CopyOnWriteArrayList<>();
    private final StatusListener listener =
        new StatusListener() {
          @Override
          public void log(StatusData data) {
            if (data.getLevel().isMoreSpecificThan(Level.ERROR)) {
              seen.add(data);
            }
          }

          @Override
          public Level getStatusLevel() {
            return Level.ERROR;
          }

          @Override
          public void close() {}
        };

    static Errors collect() {
      Errors errors = new Errors();
      StatusLogger.getLogger().registerListener(errors.listener);
      return errors;
    }

    void assertNone(String when) {
      if (!seen.isEmpty()) {
        StringBuilder text = new StringBuilder("Log4j reported errors " + when + ":");
        for (StatusData data : seen) {
          text.append("\n  ").append(data.getFormattedStatus());
        }
        throw new AssertionError(text.toString());
      }
    }

    @Override
    public void close() {
      StatusLogger.getLogger().removeListener(listener);
    }
  }
}
