/**
 * Servlet applications: {@link
 * dev.logcontext.spring.boot.servlet.LogContextServletAutoConfiguration} registers the request
 * filter for the {@code REQUEST}, {@code ASYNC} and {@code ERROR} dispatches.
 *
 * <p>Nullability: parameters and return values are non-null unless their documentation says
 * otherwise.
 */
package dev.logcontext.spring.boot.servlet;
