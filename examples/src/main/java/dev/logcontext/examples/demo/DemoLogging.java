package dev.logcontext.examples.demo;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.StatusPrinter2;
import java.net.URL;
import java.nio.file.Path;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Switches Logback to the demo's configuration ({@code dev/logcontext/examples/demo/logback.xml},
 * one JSON file per service under a given directory) and back to the default one.
 *
 * <p>Logback configures itself once per JVM from {@code logback.xml}; the demo reconfigures the
 * running {@link LoggerContext} with a {@link JoranConfigurator} instead, so that it can choose the
 * log directory at run time and run more than once in one JVM (as its tests do).
 */
final class DemoLogging {
  static final String CONFIGURATION = "/dev/logcontext/examples/demo/logback.xml";

  private DemoLogging() {}

  /**
   * Loads the demo's configuration with {@code LOG_DIR} set to {@code logDirectory}.
   *
   * @throws IllegalStateException when SLF4J is not bound to Logback or the configuration has
   *     errors
   */
  static void useDemoConfiguration(Path logDirectory) {
    LoggerContext context = loggerContext();
    URL configuration = DemoLogging.class.getResource(CONFIGURATION);
    if (configuration == null) {
      throw new IllegalStateException(CONFIGURATION + " is missing from the class path");
    }
    context.reset();
    context.putProperty("LOG_DIR", logDirectory.toAbsolutePath().toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    long since = System.currentTimeMillis();
    try {
      configurator.doConfigure(configuration);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot load " + CONFIGURATION + ": " + e.getMessage(), e);
    }
    for (Status status : context.getStatusManager().getCopyOfStatusList()) {
      if (status.getLevel() >= Status.WARN && status.getTimestamp() >= since) {
        new StatusPrinter2().printInCaseOfErrorsOrWarnings(context, since);
        throw new IllegalStateException("Logback reported problems loading " + CONFIGURATION);
      }
    }
  }

  /**
   * Closes the demo's files (stopping every appender) and goes back to Logback's default
   * configuration, {@code logback.xml} on the class path.
   */
  static void useDefaultConfiguration() {
    LoggerContext context = loggerContext();
    context.reset();
    try {
      new ContextInitializer(context).autoConfig();
    } catch (JoranException e) {
      throw new IllegalStateException("cannot restore Logback's configuration", e);
    }
  }

  private static LoggerContext loggerContext() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      return context;
    }
    throw new IllegalStateException(
        "the demo needs SLF4J bound to Logback, but it is bound to " + factory.getClass());
  }
}
