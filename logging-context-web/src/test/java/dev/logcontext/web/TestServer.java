package dev.logcontext.web;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import dev.logcontext.concurrent.ContextExecutors;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real server on a loopback ephemeral port with {@link LogContextFilter} in front of a servlet
 * whose endpoints report the context they see, and an error page for status 500 served by the same
 * servlet. A probe filter in front of everything records the thread's context before and after each
 * dispatch: it must always be empty. One implementation per container, see {@link Kind}.
 */
abstract class TestServer {
  /** The containers the filter is tested on. */
  enum Kind {
    /** Jetty 12, ee10 (Servlet 6.0). */
    JETTY,
    /** Embedded Tomcat 11 (Servlet 6.1). */
    TOMCAT;

    /** Starts a server with {@code filter} in front of the endpoints. */
    TestServer start(LogContextFilter filter) throws Exception {
      return this == JETTY ? JettyTestServer.start(filter) : TomcatTestServer.start(filter);
    }

    /** Starts a server whose container creates the filter from its class and init-params. */
    TestServer startWithInitParams(Map<String, String> params) throws Exception {
      return this == JETTY
          ? JettyTestServer.startWithInitParams(params)
          : TomcatTestServer.startWithInitParams(params);
    }
  }

  /** A context seen somewhere while serving a request. */
  record Seen(String where, Snapshot context) {}

  /** The path of the error page, mapped for status 500. */
  static final String ERROR_PAGE = "/error-page";

  /** The dispatcher types both filters are mapped for. */
  static final EnumSet<DispatcherType> DISPATCHER_TYPES =
      EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);

  /** The message of the exception the failing endpoints throw on purpose. */
  static final String FAILING_ON_PURPOSE = "failing on purpose";

  final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> probeViolations = new ConcurrentLinkedQueue<>();
  final AtomicInteger probeDispatches = new AtomicInteger();
  private final ExecutorService workers = Executors.newFixedThreadPool(4);
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  volatile URI downstream;

  /** Returns the port the server listens on, on 127.0.0.1. */
  abstract int port();

  /** Runs one task on each of the server's pool threads, returning their contexts. */
  abstract List<Snapshot> contextsOfIdleServerThreads() throws InterruptedException;

  /**
   * Returns what the container itself logged at WARN or above since it started, except reports of
   * the exceptions the endpoints throw on purpose.
   */
  abstract List<String> containerWarnings();

  /** Stops the server. */
  abstract void close() throws Exception;

  /**
   * Adds a {@link #containerWarnings} line for a record of the container at WARN or above, unless
   * {@code failure} (the record's exception and its causes, or empty) is one thrown on purpose.
   */
  static void addWarning(
      List<String> warnings, Object level, String logger, String message, String failure) {
    if (!failure.contains(FAILING_ON_PURPOSE)) {
      warnings.add(level + " " + logger + ": " + message + failure);
    }
  }

  final URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** Returns the probe filter, to be mapped first for {@link #DISPATCHER_TYPES}. */
  final Filter probe() {
    return new ProbeFilter();
  }

  /** Returns the servlet with the endpoints, to be mapped to {@code /*}. */
  final HttpServlet endpoints() {
    return new Endpoints();
  }

  /** Stops the pool the endpoints hand async work to. */
  final void stopWorkers() {
    workers.shutdownNow();
  }

  /** Records the thread's context around every dispatch; anything but empty is a leak. */
  private final class ProbeFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      probeDispatches.incrementAndGet();
      check("before " + request.getDispatcherType());
      try {
        chain.doFilter(request, response);
      } finally {
        check("after " + request.getDispatcherType());
      }
    }

    private void check(String when) {
      Snapshot context = LogContext.capture();
      if (context.size() != 0) {
        probeViolations.add(when + " on " + Thread.currentThread().getName() + ": " + context);
      }
    }
  }

  /**
   * The endpoints; each answers with the fields it saw, one {@code key=value} per line, and logs
   * {@code handled <where>} on the test.endpoints logger. Async endpoints log a line on each thread
   * they run on. {@code ?status=N} sets the status of the answer.
   */
  private final class Endpoints extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Logger log = LoggerFactory.getLogger("test.endpoints");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException, ServletException {
      String path = request.getRequestURI();
      DispatcherType type = request.getDispatcherType();
      int status = statusOf(request);
      if (type == DispatcherType.ERROR) {
        answer(response, "error-page", 0, "");
      } else if (type == DispatcherType.ASYNC) {
        dispatched(request, response, path, status);
      } else if (path.startsWith("/async-start")) {
        AsyncContext async = request.startAsync();
        async.start(() -> answerAndComplete(async, "async-start", status));
      } else if (path.startsWith("/async-pool")) {
        AsyncContext async = request.startAsync();
        ContextExecutors.propagating(workers)
            .execute(() -> answerAndComplete(async, "async-pool", status));
      } else if (path.startsWith("/async-dispatch-fail")) {
        AsyncContext async = request.startAsync();
        async.start(() -> async.dispatch("/fail"));
      } else if (path.startsWith("/async-dispatch")) {
        AsyncContext async = request.startAsync();
        async.start(() -> async.dispatch("/dispatched"));
      } else if (path.startsWith("/async-callable") || path.startsWith("/async-twice")) {
        // Spring MVC's Callable and DeferredResult: the result is made on another thread, then
        // dispatched back to the same servlet, which writes it.
        log.info("callable accepted");
        AsyncContext async = request.startAsync();
        ContextExecutors.propagating(workers)
            .execute(
                () -> {
                  log.info("callable running");
                  async.dispatch();
                });
      } else if (path.startsWith("/async-timeout")) {
        log.info("waiting for a timeout");
        AsyncContext async = request.startAsync();
        async.setTimeout(200);
      } else if (path.startsWith("/leak")) {
        answer(response, "leak", status, "");
        @SuppressWarnings("unused")
        Scope leaked = LogContext.with("leaked", "yes"); // never closed
      } else if (path.startsWith("/fail")) {
        fail();
      } else if (path.startsWith("/call-downstream")) {
        callDownstream(request, response);
      } else {
        answer(response, "sync", status, "");
      }
    }

    /** The second pass of a request dispatched with {@code AsyncContext.dispatch(..)}. */
    private void dispatched(
        HttpServletRequest request, HttpServletResponse response, String path, int status)
        throws IOException, ServletException {
      if (path.startsWith("/fail")) {
        fail();
      } else if (path.startsWith("/async-twice")) {
        log.info("second cycle");
        AsyncContext async = request.startAsync();
        async.start(() -> answerAndComplete(async, "async-twice", status));
      } else if (path.startsWith("/async-callable")) {
        answer(response, "callable-dispatched", status, "");
      } else {
        answer(response, "dispatched", status, "");
      }
    }

    private void fail() throws ServletException {
      log.info("about to fail");
      throw new ServletException(FAILING_ON_PURPOSE);
    }

    private static int statusOf(HttpServletRequest request) {
      String status = request.getParameter("status");
      return status == null ? 0 : Integer.parseInt(status);
    }

    private void answerAndComplete(AsyncContext async, String where, int status) {
      try {
        answer((HttpServletResponse) async.getResponse(), where, status, "");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } finally {
        async.complete();
      }
    }

    private void callDownstream(HttpServletRequest request, HttpServletResponse response)
        throws IOException, ServletException {
      boolean async = request.getRequestURI().endsWith("/async");
      HttpRequest outgoing = ContextHttp.propagate(HttpRequest.newBuilder(downstream)).build();
      String downstreamBody;
      Snapshot continuation;
      try {
        if (async) {
          record Result(String body, Snapshot context) {}
          Result result =
              ContextHttp.sendAsync(client, outgoing, BodyHandlers.ofString())
                  .thenApply(r -> new Result(r.body(), LogContext.capture()))
                  .get(10, TimeUnit.SECONDS);
          downstreamBody = result.body();
          continuation = result.context();
        } else {
          HttpResponse<String> result = ContextHttp.send(client, outgoing, BodyHandlers.ofString());
          downstreamBody = result.body();
          continuation = LogContext.capture();
        }
      } catch (Exception e) {
        throw new ServletException(e);
      }
      seen.add(new Seen("continuation", continuation));
      StringBuilder extra = new StringBuilder();
      for (String line : downstreamBody.split("\n")) {
        if (!line.isEmpty()) {
          extra.append("downstream.").append(line).append('\n');
        }
      }
      for (int i = 0; i < continuation.size(); i++) {
        extra
            .append("continuation.")
            .append(continuation.keyAt(i))
            .append('=')
            .append(continuation.valueAt(i))
            .append('\n');
      }
      answer(response, "call-downstream", 0, extra.toString());
    }

    private void answer(HttpServletResponse response, String where, int status, String extra)
        throws IOException {
      Snapshot context = LogContext.capture();
      seen.add(new Seen(where, context));
      log.info("handled {}", where);
      StringBuilder body = new StringBuilder("where=").append(where).append('\n');
      for (int i = 0; i < context.size(); i++) {
        body.append(context.keyAt(i)).append('=').append(context.valueAt(i)).append('\n');
      }
      body.append(extra);
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      if (status != 0) {
        response.setStatus(status);
      }
      response.setContentType("text/plain;charset=utf-8");
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }
}
