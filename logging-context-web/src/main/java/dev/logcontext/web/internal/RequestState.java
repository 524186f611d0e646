package dev.logcontext.web.internal;

import dev.logcontext.RequestEnd;
import dev.logcontext.Snapshot;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the filter keeps for one request, as a request attribute: the snapshot bound for every
 * dispatch of the request, the pending access line and the request's end, signalled to {@link
 * RequestEnd} once it completed, async or not. Thread-safe: async callbacks may run on any
 * container thread.
 *
 * <p>The access line of an async request reads its status from the response the filter was given on
 * the request's first dispatch, never from the {@link AsyncContext}: after {@code dispatch()} or
 * {@code complete()} the Servlet specification makes {@code AsyncContext.getRequest()} and {@code
 * getResponse()} illegal (Tomcat throws, Jetty does not), while the response object itself stays
 * valid until the {@code onComplete} listeners have returned. {@code
 * AsyncEvent.getSuppliedResponse()} is no substitute: it is null by specification for a listener
 * added without a request and response.
 */
public final class RequestState implements AsyncListener {
  /** The request attribute holding the state. */
  public static final String ATTRIBUTE = "dev.logcontext.web.RequestState";

  private final Snapshot snapshot;
  private final AccessLog accessLog;
  private final HttpServletResponse response;
  private final String method;
  private final String path;
  private final long startNanos;
  private final AtomicBoolean listening = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();

  /**
   * Creates the state of a request that started at {@code startNanos}; accessLog may be null.
   * {@code response} is the one given to the filter with the request, whose status the access line
   * reports when the request completes asynchronously.
   */
  public RequestState(
      Snapshot snapshot,
      AccessLog accessLog,
      HttpServletResponse response,
      String method,
      String path,
      long startNanos) {
    this.snapshot = snapshot;
    this.accessLog = accessLog;
    this.response = response;
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
   * <p>Once the state listens to the async cycle, the request is not asked anything more: a worker
   * may already have called {@code dispatch()} or {@code complete()}, after which containers refuse
   * some calls.
   *
   * @param failed whether the filter chain threw
   */
  public void afterDispatch(
      HttpServletRequest request, HttpServletResponse response, boolean failed) {
    if (listening.get()) {
      // When listening, onComplete writes the line and ends the request.
      return;
    }
    if (request.isAsyncStarted()) {
      try {
        listen(request.getAsyncContext());
      } catch (IllegalStateException alreadyCompleting) {
        finish(response.getStatus());
      }
    } else {
      finish(failed && !response.isCommitted() ? 500 : response.getStatus());
    }
  }

  private void listen(AsyncContext context) {
    if (listening.compareAndSet(false, true)) {
      context.addListener(this);
    }
  }

  /** Writes the access line, if enabled, and ends the request ({@link RequestEnd}); once. */
  private void finish(int status) {
    if (finished.compareAndSet(false, true)) {
      try {
        if (accessLog != null) {
          long durationMs = (System.nanoTime() - startNanos) / 1_000_000L;
          accessLog.write(snapshot, method, path, status, durationMs);
        }
      } finally {
        RequestEnd.signal(snapshot);
      }
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    // Not event.getAsyncContext().getResponse(): illegal after dispatch() (see the class comment).
    finish(response.getStatus());
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
