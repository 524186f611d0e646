package dev.logcontext.spring.boot.webflux;

import dev.logcontext.spring.boot.LogContextWebProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a reactive web application: registers {@link LogContextWebFilter},
 * configured by the {@code logcontext.web.*} properties ({@link LogContextWebProperties}, the
 * servlet filter's), unless the application defines one itself or sets {@code
 * logcontext.web.enabled=false}.
 *
 * <p>Thread-safety and bad input: see {@link LogContextWebFilter}; a bad property stops the
 * application context at start-up with a message naming it.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(
    name = {
      "org.springframework.web.server.WebFilter",
      "reactor.core.publisher.Mono",
      "dev.logcontext.web.HttpPropagation"
    })
@ConditionalOnProperty(
    prefix = "logcontext.web",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(LogContextWebProperties.class)
public final class LogContextWebFluxAutoConfiguration {
  /** Creates the auto-configuration; Boot calls this. */
  public LogContextWebFluxAutoConfiguration() {}

  /** Returns the filter configured by {@code properties}. */
  @Bean
  @ConditionalOnMissingBean
  public LogContextWebFilter logContextWebFilter(LogContextWebProperties properties) {
    return LogContextWebFilter.create(properties);
  }
}
