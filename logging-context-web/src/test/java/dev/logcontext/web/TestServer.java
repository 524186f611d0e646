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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Jetty 12 server on a loopback ephemeral port with {@link LogContextFilter} in front of a
 * servlet whose endpoints report the context they see. A probe filter in front of everything
 * records the thread's context before and after each dispatch: it must always be empty.
 */
final class TestServer {
  /** A context seen somewhere while serving a request. */
  record Seen(String where, Snapshot context) {}

  final Server server;
  final int port;
  final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> probeViolations = new ConcurrentLinkedQueue<>();
  final AtomicInteger probeDispatches = new AtomicInteger();
  private final ExecutorService workers = Executors.newFixedThreadPool(4);
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  volatile URI downstream;

  private TestServer(FilterHolder filter) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(32, 8);
    threads.setName("srv");
    server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    EnumSet<DispatcherType> types =
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
    FilterHolder probe = new FilterHolder(new ProbeFilter());
    probe.setAsyncSupported(true);
    context.addFilter(probe, "/*", types);
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", types);
    ServletHolder servlet = new ServletHolder(new Endpoints());
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  static TestServer start(LogContextFilter filter) throws Exception {
    return new TestServer(new FilterHolder(filter));
  }

  static TestServer startWithInitParams(Map<String, String> params) throws Exception {
    FilterHolder holder = new FilterHolder(LogContextFilter.class);
    holder.setInitParameters(params);
    return new TestServer(holder);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Runs one task on as many of the server's pool threads as it has, returning their contexts. */
  List<Snapshot> contextsOfIdleServerThreads() throws InterruptedException {
    QueuedThreadPool pool = (QueuedThreadPool) server.getThreadPool();
    int count = pool.getThreads();
    ConcurrentLinkedQueue<Snapshot> contexts = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      pool.execute(
          () -> {
            contexts.add(LogContext.capture());
            done.countDown();
          });
    }
    if (!done.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("server threads did not run the probe tasks");
    }
    return new ArrayList<>(contexts);
  }

  void close() throws Exception {
    server.stop();
    workers.shutdownNow();
  }

  /** Records the thread's context around every dispatch; anything but empty is a leak. */
  private final class ProbeFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      probeDispatches.incrementAndGet();
      check("before " + ((HttpServletRequest) request).getDispatcherType());
      try {
        chain.doFilter(request, response);
      } finally {
        check("after " + ((HttpServletRequest) request).getDispatcherType());
      }
    }

    private void check(String when) {
      Snapshot context = LogContext.capture();
      if (context.size() != 0) {
        probeViolations.add(when + " on " + Thread.currentThread().getName() + ": " + context);
      }
    }
  }

  /** The endpoints; each answers with the fields it saw, one {@code key=value} per line. */
  private final class Endpoints extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Logger log = LoggerFactory.getLogger("test.endpoints");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException, ServletException {
      String path = request.getRequestURI();
      if (path.startsWith("/async-start")) {
        AsyncContext async = request.startAsync();
        async.start(() -> answerAndComplete(async, "async-start"));
      } else if (path.startsWith("/async-pool")) {
        AsyncContext async = request.startAsync();
        ContextExecutors.propagating(workers).execute(() -> answerAndComplete(async, "async-pool"));
      } else if (path.startsWith("/async-dispatch")) {
        AsyncContext async = request.startAsync();
        async.start(() -> async.dispatch("/dispatched"));
      } else if (path.startsWith("/leak")) {
        answer(response, "leak", "");
        @SuppressWarnings("unused")
        Scope leaked = LogContext.with("leaked", "yes"); // never closed
      } else if (path.startsWith("/fail")) {
        log.info("about to fail");
        throw new ServletException("failing on purpose");
      } else if (path.startsWith("/call-downstream")) {
        callDownstream(request, response);
      } else {
        answer(response, path.startsWith("/dispatched") ? "dispatched" : "sync", "");
      }
    }

    private void answerAndComplete(AsyncContext async, String where) {
      try {
        answer((HttpServletResponse) async.getResponse(), where, "");
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
      answer(response, "call-downstream", extra.toString());
    }

    private void answer(HttpServletResponse response, String where, String extra)
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
      response.setContentType("text/plain;charset=utf-8");
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }
}
