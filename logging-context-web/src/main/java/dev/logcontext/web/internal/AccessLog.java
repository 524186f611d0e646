package dev.logcontext.web.internal;

import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the one access line per request through SLF4J; loaded only when the line is enabled. */
public final class AccessLog {
  private final Logger logger;
  private final String statusField;
  private final String durationField;

  private AccessLog(Logger logger, String statusField, String durationField) {
    this.logger = logger;
    this.statusField = statusField;
    this.durationField = durationField;
  }

  /**
   * Returns an access log writing to the SLF4J logger {@code loggerName}.
   *
   * @throws IllegalStateException when the SLF4J API is not on the class path
   */
  public static AccessLog create(String loggerName, String statusField, String durationField) {
    try {
      return new AccessLog(LoggerFactory.getLogger(loggerName), statusField, durationField);
    } catch (LinkageError e) {
      throw new IllegalStateException(
          "the access line needs org.slf4j:slf4j-api on the class path; add it or disable it", e);
    }
  }

  /** Logs {@code method path status durationMs} at INFO in {@code snapshot} plus status fields. */
  @SuppressWarnings("try") // the scope only restores the context
  public void write(Snapshot snapshot, String method, String path, int status, long durationMs) {
    if (!logger.isInfoEnabled()) {
      return;
    }
    Snapshot withOutcome =
        snapshot.with(statusField, Integer.valueOf(status)).with(durationField, durationMs);
    try (Scope scope = withOutcome.attach()) {
      logger.info("{} {} {} {}ms", method, path, status, durationMs);
    }
  }
}
