package dev.logcontext.web;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/**
 * Tells {@link LogContextFilter} who the user of a request is, so that it can bind the user field
 * for the whole request.
 *
 * <pre>{@code
 * LogContextFilter.builder()
 *     .userResolver(request -> (Long) request.getAttribute("user_id"))
 *     .build();
 * }</pre>
 *
 * <p>The filter calls {@link #resolve} once per request, on the container thread, after the request
 * and correlation ids are bound (so whatever the resolver logs carries them) and before the rest of
 * the filter chain. A resolver that depends on authentication therefore needs the authentication to
 * run before this filter; fields known only later can be bound by the application with {@code
 * LogContext.with(..)}.
 *
 * <p>Thread-safety: implementations are called concurrently for concurrent requests and must be
 * thread-safe. Bad input: the value returned is bound by the rules of {@code LogContext.with}
 * (known immutable types kept, anything else stored as its {@code toString()}); returning null
 * binds nothing; an exception thrown by the resolver propagates to the container and fails the
 * request, with the ids still bound while it does.
 */
@FunctionalInterface
public interface UserResolver {
  /**
   * Returns the user of {@code request} to bind (a name, a number, an id), or null when there is
   * none.
   */
  Object resolve(HttpServletRequest request);

  /** Returns a resolver that never finds a user: the user field is never bound. */
  static UserResolver none() {
    return request -> null;
  }

  /** Returns a resolver reading {@link HttpServletRequest#getRemoteUser()}. */
  static UserResolver remoteUser() {
    return HttpServletRequest::getRemoteUser;
  }

  /** Returns a resolver reading the name of {@link HttpServletRequest#getUserPrincipal()}. */
  static UserResolver principalName() {
    return request -> {
      Principal principal = request.getUserPrincipal();
      return principal == null ? null : principal.getName();
    };
  }
}
