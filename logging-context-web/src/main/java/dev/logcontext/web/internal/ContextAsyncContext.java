package dev.logcontext.web.internal;

import dev.logcontext.Snapshot;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * An {@link AsyncContext} whose {@link #start(Runnable)} tasks and listeners run in the request's
 * snapshot; everything else is delegated.
 */
final class ContextAsyncContext implements AsyncContext {
  private final AsyncContext delegate;
  private final Snapshot snapshot;

  ContextAsyncContext(AsyncContext delegate, Snapshot snapshot) {
    this.delegate = delegate;
    this.snapshot = snapshot;
  }

  @Override
  public void start(Runnable task) {
    delegate.start(snapshot.wrap(task));
  }

  @Override
  public void addListener(AsyncListener listener) {
    delegate.addListener(new ContextAsyncListener(listener, snapshot));
  }

  @Override
  public void addListener(
      AsyncListener listener, ServletRequest request, ServletResponse response) {
    delegate.addListener(new ContextAsyncListener(listener, snapshot), request, response);
  }

  @Override
  public ServletRequest getRequest() {
    return delegate.getRequest();
  }

  @Override
  public ServletResponse getResponse() {
    return delegate.getResponse();
  }

  @Override
  public boolean hasOriginalRequestAndResponse() {
    return delegate.hasOriginalRequestAndResponse();
  }

  @Override
  public void dispatch() {
    delegate.dispatch();
  }

  @Override
  public void dispatch(String path) {
    delegate.dispatch(path);
  }

  @Override
  public void dispatch(ServletContext context, String path) {
    delegate.dispatch(context, path);
  }

  @Override
  public void complete() {
    delegate.complete();
  }

  @Override
  public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
    return delegate.createListener(type);
  }

  @Override
  public void setTimeout(long timeout) {
    delegate.setTimeout(timeout);
  }

  @Override
  public long getTimeout() {
    return delegate.getTimeout();
  }
}
