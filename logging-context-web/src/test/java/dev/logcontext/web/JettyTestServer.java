package dev.logcontext.web;

import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import dev.logcontext.web.CapturingAppender.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The {@link TestServer} on Jetty 12 (ee10), which logs through SLF4J. */
final class JettyTestServer extends TestServer {
  private final Server server;
  private final int port;

  private JettyTestServer(FilterHolder filter) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(32, 8);
    threads.setName("jetty");
    server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder probe = new FilterHolder(probe());
    probe.setAsyncSupported(true);
    context.addFilter(probe, "/*", DISPATCHER_TYPES);
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", DISPATCHER_TYPES);
    ServletHolder servlet = new ServletHolder(endpoints());
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    errors.addErrorPage(500, ERROR_PAGE);
    context.setErrorHandler(errors);
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  static TestServer start(LogContextFilter filter) throws Exception {
    return new JettyTestServer(new FilterHolder(filter));
  }

  static TestServer startWithInitParams(Map<String, String> params) throws Exception {
    FilterHolder holder = new FilterHolder(LogContextFilter.class);
    holder.setInitParameters(params);
    return new JettyTestServer(holder);
  }

  @Override
  int port() {
    return port;
  }

  @Override
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

  @Override
  List<String> containerWarnings() {
    List<String> warnings = new ArrayList<>();
    for (Line line : CapturingAppender.lines()) {
      if (line.logger().startsWith("org.eclipse.jetty")
          && line.level().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)) {
        addWarning(warnings, line.level(), line.logger(), line.message(), line.failure());
      }
    }
    return warnings;
  }

  @Override
  void close() throws Exception {
    server.stop();
    stopWorkers();
  }
}
