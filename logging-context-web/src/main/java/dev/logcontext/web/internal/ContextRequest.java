package dev.logcontext.web.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/** The request as the application sees it: async contexts it starts carry the request's ids. */
final class ContextRequest extends HttpServletRequestWrapper {
  private final RequestState state;

  ContextRequest(HttpServletRequest request, RequestState state) {
    super(request);
    this.state = state;
  }

  @Override
  public AsyncContext startAsync() {
    return state.asyncStarted(super.startAsync());
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    return state.asyncStarted(super.startAsync(request, response));
  }

  @Override
  public AsyncContext getAsyncContext() {
    AsyncContext context = super.getAsyncContext();
    return context == null ? null : state.wrap(context);
  }
}
