package dev.logcontext.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.util.StatusPrinter2;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.Reporter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider for Logback with LogContext as its MDC: select it with {@code
 * -Dslf4j.provider=dev.logcontext.logback.LogContextServiceProvider}. It does what Logback's own
 * provider does, except that the {@link LogContextMDCAdapter} is created with the provider and set
 * on the {@code LoggerContext} before Logback configures itself, so that configuration-time
 * logging, turbo filters and every event share one context.
 *
 * <p>The jar does not list it in {@code META-INF/services}: Logback's provider is then the only one
 * SLF4J discovers, whatever the order of the class path, and SLF4J reports no ambiguity; {@link
 * LogContextJsonEncoder} installs the same adapter into it when it starts ({@link LogContextMdc}).
 * The system property loads this class by name; SLF4J then prints one line of its own at INFO on
 * standard error ({@code Attempting to load provider ...}), which {@code
 * -Dslf4j.internal.verbosity=WARN} turns off.
 *
 * <p>Thread-safety: SLF4J creates and initializes providers once, on one thread. Bad input: a
 * configuration that fails is reported the way Logback reports it (status messages on the console).
 */
public final class LogContextServiceProvider implements SLF4JServiceProvider {
  /** The SLF4J API version this provider is written against. */
  private static final String REQUESTED_API_VERSION = "2.0.99";

  private final LoggerContext loggerContext = new LoggerContext();
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final LogContextMDCAdapter mdcAdapter = new LogContextMDCAdapter();

  /**
   * Creates the provider; SLF4J calls this when the system property {@code slf4j.provider} names
   * it.
   */
  public LogContextServiceProvider() {}

  @Override
  public void initialize() {
    loggerContext.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
    loggerContext.setMDCAdapter(mdcAdapter);
    try {
      new ContextInitializer(loggerContext).autoConfig();
    } catch (JoranException e) {
      Reporter.error("Failed to auto configure default logger context", e);
    } catch (RuntimeException e) {
      Reporter.error("Failed to configure the Logback LoggerContext", e);
    }
    if (!StatusUtil.contextHasStatusListener(loggerContext)) {
      new StatusPrinter2().printInCaseOfErrorsOrWarnings(loggerContext);
    }
    loggerContext.start();
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerContext;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return REQUESTED_API_VERSION;
  }
}
