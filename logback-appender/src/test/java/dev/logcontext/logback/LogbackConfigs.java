package dev.logcontext.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Loads a real logback XML file from the test resources into the running LoggerContext. */
final class LogbackConfigs {
  private LogbackConfigs() {}

  static LoggerContext load(String resource, Path logFile) throws JoranException {
    LoggerContext context = loadAllowingProblems(resource, logFile);
    List<Status> errors =
        context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getLevel() >= Status.WARN)
            .collect(Collectors.toList());
    if (!errors.isEmpty()) {
      throw new IllegalStateException("configuration " + resource + " reported " + errors);
    }
    return context;
  }

  /** Loads a configuration and leaves its status messages for the test to inspect. */
  static LoggerContext loadAllowingProblems(String resource, Path logFile) throws JoranException {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    context.getStatusManager().clear();
    context.putProperty("logFile", logFile.toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogbackConfigs.class.getResource("/" + resource));
    return context;
  }

  /** Stops every appender, draining AsyncAppender queues, so files are complete. */
  static void stop(LoggerContext context) {
    context.reset();
  }
}
