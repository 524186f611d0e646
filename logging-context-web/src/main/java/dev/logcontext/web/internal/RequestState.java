package dev.logcontext.web.internal;

import dev.logcontext.Snapshot;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the filter keeps for one request, as a request attribute: the snapshot bound for every
 * dispatch of the request, and the pending access line. Thread-safe: async callbacks may run on any
 * container thread.
 */
public final class RequestState implements AsyncListener {
  /** The request attribute holding the state. */
  public static final String ATTRIBUTE = "dev.logcontext.web.RequestState";

  private final Snapshot snapshot;
  private final AccessLog accessLog;
  private final String method;
  private final String path;
  private final long startNanos;
  private final AtomicBoolean listening = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();

  /** Creates the state of a request that started at {@code startNanos}; accessLog may be null. */
  public RequestState(
      Snapshot snapshot, AccessLog accessLog, String method, String path, long startNanos) {
    this.snapshot = snapshot;
    this.accessLog = accessLog;
    this.method = method;
    this.path = path;
    this.startNanos = startNanos;
  }

  /** Returns the snapshot bound for this request. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /** Returns {@code request} wrapped so that async work it starts carries the snapshot. */
  public HttpServletRequest wrapRequest(HttpServletRequest request) {
    return new ContextRequest(request, this);
  }

  AsyncContext asyncStarted(AsyncContext context) {
    listen(context);
    return wrap(context);
  }

  AsyncContext wrap(AsyncContext context) {
    return new ContextAsyncContext(context, snapshot);
  }

  /**
   * Called when a dispatch of this request returns to the filter. Writes the access line for a
   * request that completes now, else makes sure the line is written when the async cycle ends.
   *
   * @param failed whether the filter chain threw
   */
  public void afterDispatch(
      HttpServletRequest request, HttpServletResponse response, boolean failed) {
    if (accessLog == null) {
      return;
    }
    if (request.isAsyncStarted()) {
      try {
        listen(request.getAsyncContext());
      } catch (IllegalStateException alreadyCompleting) {
        finish(response.getStatus());
      }
    } else if (!listening.get()) {
      finish(failed && !response.isCommitted() ? 500 : response.getStatus());
    }
  }

  private void listen(AsyncContext context) {
    if (accessLog != null && listening.compareAndSet(false, true)) {
      context.addListener(this);
    }
  }

  private void finish(int status) {
    if (accessLog != null && finished.compareAndSet(false, true)) {
      long durationMs = (System.nanoTime() - startNanos) / 1_000_000L;
      accessLog.write(snapshot, method, path, status, durationMs);
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    ServletResponse response = event.getAsyncContext().getResponse();
    finish(response instanceof HttpServletResponse http ? http.getStatus() : 0);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    // The container completes the request next; the line is written in onComplete.
  }

  @Override
  public void onError(AsyncEvent event) {
    // As for onTimeout.
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // A new async cycle drops listeners unless they register again.
    event.getAsyncContext().addListener(this);
  }
}
