package dev.logcontext.examples.demo.services;

import dev.logcontext.web.LogContextFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One service: an embedded Jetty 12 server on a loopback ephemeral port, with {@link
 * ServiceNameFilter} and {@link LogContextFilter} (access line on) in front of one servlet.
 *
 * <p>{@link #close()} stops gracefully: it waits for requests in flight, so that their access
 * lines, written when a request completes, are in the log before the demo counts them.
 */
public final class ServiceServer implements AutoCloseable {
  private static final EnumSet<DispatcherType> ALL_DISPATCHES =
      EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);

  private final String name;
  private final Server server;
  private final int port;

  private ServiceServer(String name, Server server, int port) {
    this.name = name;
    this.server = server;
    this.port = port;
  }

  /**
   * Starts service {@code name} serving {@code servlet} at {@code pathSpec}.
   *
   * @throws Exception when Jetty cannot start
   */
  public static ServiceServer start(String name, String pathSpec, HttpServlet servlet)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 8);
    threads.setName(name); // worker threads are named gateway-42, inventory-17
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new ServiceNameFilter(name)), "/*", ALL_DISPATCHES);
    context.addFilter(
        new FilterHolder(LogContextFilter.builder().accessLog(true).build()), "/*", ALL_DISPATCHES);
    context.addServlet(new ServletHolder(name, servlet), pathSpec);

    server.setHandler(new GracefulHandler(context));
    server.setStopTimeout(10_000);
    server.setStopAtShutdown(false);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new ServiceServer(name, server, connector.getLocalPort());
  }

  /** Returns the service's name. */
  public String name() {
    return name;
  }

  /** Returns the port the service listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Returns the service's base address, {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Stops accepting requests, waits up to ten seconds for those in flight, and stops the server.
   *
   * @throws IllegalStateException when Jetty fails to stop
   */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + name, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop " + name + ": " + e.getMessage(), e);
    }
  }
}
