package dev.logcontext.examples.tour;

import dev.logcontext.web.LogContextFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binding at the edge: {@link LogContextFilter} wraps every request in a scope with its ids, so the
 * servlet below logs them without knowing they exist. It takes a valid {@code X-Correlation-ID},
 * generates ids when there is none, and replaces (and flags) a hostile one. An embedded Jetty
 * serves three requests, then stops.
 */
public final class Middleware {
  private static final Logger log = LoggerFactory.getLogger(Middleware.class);

  private Middleware() {}

  /** The application: it never touches ids. */
  static final class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      log.info("saying hello");
      response.getWriter().print("hello");
    }
  }

  /** Runs the example. */
  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    // The middleware: one filter in front of everything, with one access line per request.
    context.addFilter(
        new FilterHolder(LogContextFilter.builder().accessLog(true).build()),
        "/*",
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
    context.addServlet(new ServletHolder(new HelloServlet()), "/hello");
    server.setHandler(context);
    server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/hello");
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      // 1. No ids: the filter generates a request id and uses it as the correlation id.
      send(client, HttpRequest.newBuilder(uri));
      // 2. A caller's correlation id: kept, so the caller's logs and ours share it.
      send(client, HttpRequest.newBuilder(uri).header("X-Correlation-ID", "order-flow-42"));
      // 3. A hostile one, trying to forge a JSON field: replaced and flagged, never logged.
      send(client, HttpRequest.newBuilder(uri).header("X-Correlation-ID", "x\",\"level\":\"ERROR"));
    } finally {
      server.stop();
    }
  }

  private static void send(HttpClient client, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("unexpected status " + response.statusCode());
    }
  }
}
