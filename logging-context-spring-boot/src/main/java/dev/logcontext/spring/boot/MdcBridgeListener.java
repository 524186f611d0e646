package dev.logcontext.spring.boot;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.WarnStatus;
import dev.logcontext.logback.LogContextMdc;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Makes LogContext Logback's MDC when a Spring Boot application starts, before Boot configures
 * logging and logs its first line, so that {@code MDC.put} and LogContext fields meet in every line
 * without {@code -Dslf4j.provider}. Listed in {@code META-INF/spring.factories}; does nothing
 * unless Logback is the SLF4J backend and logback-appender is on the class path. A failure is
 * recorded as a warning in Logback's status, never printed or thrown.
 */
final class MdcBridgeListener implements GenericApplicationListener {
  private static final boolean LOGBACK_PRESENT =
      isPresent("ch.qos.logback.classic.LoggerContext")
          && isPresent("dev.logcontext.logback.LogContextMdc");

  MdcBridgeListener() {}

  @Override
  public boolean supportsEventType(ResolvableType eventType) {
    return ApplicationStartingEvent.class.isAssignableFrom(eventType.toClass());
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    if (LOGBACK_PRESENT) {
      Logback.install();
    }
  }

  @Override
  public int getOrder() {
    // Before Boot's LoggingApplicationListener (HIGHEST_PRECEDENCE + 20).
    return Ordered.HIGHEST_PRECEDENCE;
  }

  private static boolean isPresent(String className) {
    return ClassUtils.isPresent(className, MdcBridgeListener.class.getClassLoader());
  }

  /** Kept apart so that the listener loads without Logback. */
  private static final class Logback {
    static void install() {
      ILoggerFactory factory = LoggerFactory.getILoggerFactory();
      if (factory instanceof LoggerContext context && !LogContextMdc.isInstalled(context)) {
        String failure = LogContextMdc.install(context);
        if (failure != null) {
          context
              .getStatusManager()
              .add(
                  new WarnStatus(
                      "logging-context: LogContext is not the MDC: " + failure,
                      MdcBridgeListener.class));
        }
      }
    }
  }
}
