/**
 * Request ids in Spring WebFlux applications: {@link
 * dev.logcontext.spring.boot.webflux.LogContextWebFilter} binds them for each exchange and into the
 * Reactor context, and Boot's {@code WebClient.Builder} sends them on.
 *
 * <p>Nullability: parameters and return values are non-null unless their documentation says
 * otherwise.
 */
package dev.logcontext.spring.boot.webflux;
