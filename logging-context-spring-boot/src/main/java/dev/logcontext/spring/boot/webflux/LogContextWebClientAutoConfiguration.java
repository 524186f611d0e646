package dev.logcontext.spring.boot.webflux;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of outgoing {@code WebClient} calls, in reactive and servlet applications: a
 * {@code WebClientCustomizer} adds the request's correlation id and {@code traceparent} to every
 * request of a {@code WebClient} built from Boot's {@code WebClient.Builder}, with the header names
 * of the {@code logcontext.web.*} properties. Works with the customizer interface of Boot 4 and of
 * Boot 3 (see {@code WebClientCustomizers}). {@code logcontext.web.client-propagation=false} turns
 * it off, as for {@code RestClient}.
 *
 * <p>Thread-safety: the customizer and its filter are immutable. Bad input: a bad {@code
 * logcontext.web} header name or length stops the context at start-up naming the property.
 */
@AutoConfiguration
@ConditionalOnClass(
    name = {
      "org.springframework.web.reactive.function.client.WebClient",
      "dev.logcontext.web.HttpPropagation"
    })
@ConditionalOnProperty(
    prefix = "logcontext.web",
    name = "client-propagation",
    havingValue = "true",
    matchIfMissing = true)
@Import(WebClientCustomizers.class)
public final class LogContextWebClientAutoConfiguration {
  /** Creates the auto-configuration; Boot calls this. */
  public LogContextWebClientAutoConfiguration() {}
}
