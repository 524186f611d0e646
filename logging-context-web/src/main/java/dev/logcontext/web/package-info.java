/**
 * Request ids at the edges of a service: {@link dev.logcontext.web.LogContextFilter} binds the
 * request and correlation ids of incoming servlet requests for the whole request, and {@link
 * dev.logcontext.web.ContextHttp} puts them on outgoing {@code java.net.http} requests.
 *
 * <p>Nullability: parameters and return values are non-null unless their documentation says
 * otherwise.
 */
package dev.logcontext.web;
