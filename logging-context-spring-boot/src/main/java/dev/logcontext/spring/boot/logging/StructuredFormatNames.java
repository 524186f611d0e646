package dev.logcontext.spring.boot.logging;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Makes the short name {@code logcontext} work in {@code logging.structured.format.console} and
 * {@code logging.structured.format.file}, which Boot accepts only as one of its own formats or a
 * class name: the value is replaced by the name of {@link LogContextLogbackFormatter} (Logback,
 * which Boot prefers when present) or {@link LogContextLog4j2Formatter} before logging starts. Boot
 * runs environment post-processors from {@code EnvironmentPostProcessorApplicationListener} (order
 * {@code HIGHEST_PRECEDENCE + 10}) before {@code LoggingApplicationListener} ({@code
 * HIGHEST_PRECEDENCE + 20}) initialises the logging system, and this one last among them, after the
 * configuration files were read.
 *
 * <p>With Reactor, context-propagation and logging-context-micrometer on the class path it also
 * makes {@code spring.reactor.context-propagation=auto} the default (a value the application sets
 * wins), so that Reactor restores the request's context on every scheduler.
 *
 * <p>Registered in {@code META-INF/spring.factories} under Boot 3's interface, which Boot 4 still
 * loads (deprecated there).
 */
@SuppressWarnings("removal") // the interface both Boot 3.5 and Boot 4.0 load; see above
final class StructuredFormatNames implements EnvironmentPostProcessor, Ordered {
  static final String SHORT_NAME = "logcontext";
  static final String REACTOR_PROPAGATION = "spring.reactor.context-propagation";
  private static final String[] FORMAT_PROPERTIES = {
    "logging.structured.format.console", "logging.structured.format.file"
  };

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    ClassLoader loader = application.getClassLoader();
    Map<String, Object> formats = new LinkedHashMap<>();
    for (String property : FORMAT_PROPERTIES) {
      String value = environment.getProperty(property);
      if (value != null && value.trim().toLowerCase(Locale.ROOT).equals(SHORT_NAME)) {
        String formatter = formatterFor(loader);
        if (formatter != null) {
          formats.put(property, formatter);
        }
      }
    }
    if (!formats.isEmpty()) {
      environment
          .getPropertySources()
          .addFirst(new MapPropertySource("logcontext-format", formats));
    }
    if (environment.getProperty(REACTOR_PROPAGATION) == null
        && ClassUtils.isPresent("reactor.core.publisher.Hooks", loader)
        && ClassUtils.isPresent("io.micrometer.context.ContextRegistry", loader)
        && ClassUtils.isPresent("dev.logcontext.micrometer.LogContextAccessor", loader)) {
      environment
          .getPropertySources()
          .addLast(
              new MapPropertySource(
                  "logcontext-reactor-defaults", Map.of(REACTOR_PROPAGATION, "auto")));
    }
  }

  /** Returns the formatter for the logging system Boot will pick, or null when there is none. */
  private static String formatterFor(ClassLoader loader) {
    if (ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", loader)
        && ClassUtils.isPresent("dev.logcontext.logback.LogContextJsonEncoder", loader)) {
      return LogContextLogbackFormatter.class.getName();
    }
    if (ClassUtils.isPresent("org.apache.logging.log4j.core.LoggerContext", loader)
        && ClassUtils.isPresent("dev.logcontext.log4j2.LogContextJsonLayout", loader)) {
      return LogContextLog4j2Formatter.class.getName();
    }
    return null;
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
