/**
 * Outgoing calls: {@link dev.logcontext.spring.boot.client.LogContextClientAutoConfiguration} makes
 * {@code RestClient} and {@code RestTemplate} instances built by Boot's builders send the current
 * request's correlation id and {@code traceparent}.
 *
 * <p>Nullability: parameters and return values are non-null unless their documentation says
 * otherwise.
 */
package dev.logcontext.spring.boot.client;
