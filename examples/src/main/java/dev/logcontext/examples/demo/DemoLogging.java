package dev.logcontext.examples.demo;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.StatusPrinter2;
import dev.logcontext.examples.demo.DemoOptions.Backend;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Switches the logging backend to the demo's configuration (one JSON file per service under a given
 * directory, with a given preset) and back: Logback from {@code
 * dev/logcontext/examples/demo/logback.xml}, Log4j2 from {@code
 * dev/logcontext/examples/demo/log4j2.xml}.
 *
 * <p>Logback configures itself once per JVM from {@code logback.xml}; the demo reconfigures the
 * running {@link LoggerContext} with a {@link JoranConfigurator} instead, so that it can choose the
 * log directory at run time and run more than once in one JVM (as its tests do). Log4j2 reads the
 * directory and the preset from the system properties {@value #LOG4J2_DIR} and {@value
 * #LOG4J2_PRESET}, which are set before its configuration is loaded.
 */
final class DemoLogging {
  static final String CONFIGURATION = "/dev/logcontext/examples/demo/logback.xml";
  static final String LOG4J2_CONFIGURATION = "/dev/logcontext/examples/demo/log4j2.xml";
  static final String LOG4J2_DIR = "logcontext.demo.logDir";
  static final String LOG4J2_PRESET = "logcontext.demo.preset";

  private DemoLogging() {}

  /**
   * Loads the demo's configuration of {@code options.backend()} for the files in {@code
   * options.logDirectory()} with {@code options.preset()}.
   *
   * @throws IllegalStateException when SLF4J is not bound to that backend or the configuration has
   *     errors
   */
  static void useDemoConfiguration(DemoOptions options) {
    if (options.backend() == Backend.LOG4J2) {
      useLog4j2Configuration(options.logDirectory(), options.preset());
      return;
    }
    LoggerContext context = loggerContext();
    URL configuration = resource(CONFIGURATION);
    context.reset();
    context.putProperty("LOG_DIR", options.logDirectory().toAbsolutePath().toString());
    context.putProperty("PRESET", options.preset());
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
   * Closes the demo's files (stopping every appender): Logback goes back to its default
   * configuration, {@code logback.xml} on the class path; Log4j2's context is stopped (the demo
   * logs nothing after its run).
   */
  static void useDefaultConfiguration(Backend backend) {
    if (backend == Backend.LOG4J2) {
      log4j2Context().stop();
      return;
    }
    LoggerContext context = loggerContext();
    context.reset();
    try {
      new ContextInitializer(context).autoConfig();
    } catch (JoranException e) {
      throw new IllegalStateException("cannot restore Logback's configuration", e);
    }
  }

  private static void useLog4j2Configuration(Path logDirectory, String preset) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!factory.getClass().getName().startsWith("org.apache.logging.slf4j.")) {
      throw new IllegalStateException(
          "--backend log4j2 needs SLF4J bound to Log4j2, but it is bound to " + factory.getClass());
    }
    System.setProperty(LOG4J2_DIR, logDirectory.toAbsolutePath().toString());
    System.setProperty(LOG4J2_PRESET, preset);
    org.apache.logging.log4j.core.LoggerContext context = log4j2Context();
    try {
      context.setConfigLocation(resource(LOG4J2_CONFIGURATION).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot load " + LOG4J2_CONFIGURATION, e);
    }
    if (!context.getConfiguration().getAppenders().containsKey("SERVICES")) {
      throw new IllegalStateException("Log4j2 reported problems loading " + LOG4J2_CONFIGURATION);
    }
  }

  private static URL resource(String name) {
    URL configuration = DemoLogging.class.getResource(name);
    if (configuration == null) {
      throw new IllegalStateException(name + " is missing from the class path");
    }
    return configuration;
  }

  private static org.apache.logging.log4j.core.LoggerContext log4j2Context() {
    if (LogManager.getContext(false) instanceof org.apache.logging.log4j.core.LoggerContext c) {
      return c;
    }
    throw new IllegalStateException("--backend log4j2 needs log4j-core on the class path");
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
