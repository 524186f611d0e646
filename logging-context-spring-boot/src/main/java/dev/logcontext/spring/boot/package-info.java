/**
 * Spring Boot auto-configuration for LogContext, for Boot 4.0 and 3.5: with the starter on the
 * class path, servlet requests get their ids on every dispatch ({@link
 * dev.logcontext.spring.boot.servlet.LogContextServletAutoConfiguration}), tasks of Boot's
 * executors and schedulers run in the submitter's context ({@link
 * dev.logcontext.spring.boot.LogContextTaskAutoConfiguration}), {@code RestClient} and {@code
 * RestTemplate} calls carry the ids ({@link
 * dev.logcontext.spring.boot.client.LogContextClientAutoConfiguration}), and LogContext is
 * Logback's MDC before Boot logs its first line. {@link
 * dev.logcontext.spring.boot.LogContextWebProperties} lists the {@code logcontext.web.*}
 * properties.
 *
 * <p>Nullability: parameters and return values are non-null unless their documentation says
 * otherwise.
 */
package dev.logcontext.spring.boot;
