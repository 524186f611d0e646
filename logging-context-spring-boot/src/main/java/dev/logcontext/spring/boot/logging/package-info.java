/**
 * Spring Boot's structured logging with logging-context's JSON: {@code
 * logging.structured.format.console=logcontext} selects {@link
 * dev.logcontext.spring.boot.logging.LogContextLogbackFormatter} (or, on Log4j2, {@link
 * dev.logcontext.spring.boot.logging.LogContextLog4j2Formatter}), configured by the {@code
 * logcontext.json.*} properties.
 *
 * <p>Nullability: parameters and return values are non-null unless their documentation says
 * otherwise.
 */
package dev.logcontext.spring.boot.logging;
