package dev.logcontext.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import dev.logcontext.web.CapturingAppender.Line;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real OpenTelemetry SDK server span around {@link LogContextFilter} on Jetty, as a tracer's
 * servlet instrumentation puts it: the filter binds the tracer's ids, not its own parse of {@code
 * traceparent}, and every line of the request, the access line included, carries them once.
 */
class TracerDeferenceTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE + "-" + CALLER_SPAN + "-01";

  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(new Discarding()).build();
  private final Tracer tracer = provider.get("test-server");

  /** The server span of each request, by the request's {@code X-Test-Id}. */
  private final Map<String, SpanContext> serverSpans = new ConcurrentHashMap<>();

  private Server server;
  private int port;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    CapturingAppender.clear();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    EnumSet<DispatcherType> types =
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
    FilterHolder tracing = new FilterHolder(new ServerSpanFilter());
    tracing.setAsyncSupported(true);
    context.addFilter(tracing, "/*", types);
    FilterHolder ids = new FilterHolder(LogContextFilter.builder().accessLog(true).build());
    ids.setAsyncSupported(true);
    context.addFilter(ids, "/*", types);
    ServletHolder servlet = new ServletHolder(new Endpoint());
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    provider.close();
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void theFilterBindsTheTracersServerSpanInsteadOfItsOwnParseOfTraceparent() throws Exception {
    for (String path : List.of("/sync", "/async")) {
      for (int i = 0; i < 20; i++) {
        String id = path + "-" + i;
        assertThat(get(path, id).statusCode()).isEqualTo(200);
      }
    }

    List<Line> lines = awaitAccessLines(40);
    int checked = 0;
    for (String path : List.of("/sync", "/async")) {
      for (int i = 0; i < 20; i++) {
        String id = path + "-" + i;
        SpanContext server = serverSpans.get(id);
        assertThat(server.getTraceId())
            .as("the tracer continued the caller's trace")
            .isEqualTo(TRACE);
        List<Line> ofRequest = linesOf(lines, id);
        assertThat(ofRequest)
            .extracting(Line::message)
            .as("the endpoint's lines and the access line of %s", id)
            .anyMatch(m -> m.startsWith("handled"))
            .anyMatch(m -> m.startsWith("GET " + path + " 200"));
        for (Line line : ofRequest) {
          Snapshot fields = line.context();
          assertThat(fields.get("trace_id")).as("%s", line).isEqualTo(TRACE);
          assertThat(fields.get("span_id")).as("%s", line).isEqualTo(server.getSpanId());
          assertThat(fields.get("trace_flags")).as("%s", line).isEqualTo("01");
          assertThat(fields.contains("parent_span_id"))
              .as("the filter's own parse is not bound: %s", line)
              .isFalse();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(80);
  }

  @Test
  void aChildSpanInsideTheRequestGivesItsOwnSpanIdToTheLinesLoggedInIt() throws Exception {
    assertThat(get("/child", "child-1").statusCode()).isEqualTo(200);

    List<Line> ofRequest = linesOf(CapturingAppender.lines(), "child-1");
    Line inChild =
        ofRequest.stream().filter(l -> l.message().equals("in child")).findFirst().orElseThrow();
    String childSpan = (String) inChild.context().get("span_id");
    assertThat(childSpan).isNotEqualTo(serverSpans.get("child-1").getSpanId());
    assertThat(inChild.context().get("trace_id")).isEqualTo(TRACE);
  }

  /** The access line of an async request is written after its response may have reached us. */
  private static List<Line> awaitAccessLines(int count) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      List<Line> lines = CapturingAppender.lines();
      long access =
          lines.stream()
              .filter(l -> l.logger().equals(LogContextFilter.DEFAULT_ACCESS_LOGGER))
              .count();
      if (access >= count || System.nanoTime() > deadline) {
        return lines;
      }
      Thread.sleep(10);
    }
  }

  private static List<Line> linesOf(List<Line> lines, String id) {
    List<Line> of = new ArrayList<>();
    for (Line line : lines) {
      if (id.equals(line.context().get("test_id"))) {
        of.add(line);
      }
    }
    return of;
  }

  private HttpResponse<String> get(String path, String id) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("traceparent", TRACEPARENT)
            .header("X-Test-Id", id)
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** What a tracer's servlet instrumentation does: a server span continuing the caller's trace. */
  private final class ServerSpanFilter implements Filter {
    private final TextMapGetter<HttpServletRequest> headers =
        new TextMapGetter<>() {
          @Override
          @SuppressWarnings("deprecation") // still abstract in the API this is compiled against
          public Iterable<String> keys(HttpServletRequest carrier) {
            return Collections.list(carrier.getHeaderNames());
          }

          @Override
          public String get(HttpServletRequest carrier, String key) {
            return carrier == null ? null : carrier.getHeader(key);
          }
        };

    @Override
    @SuppressWarnings("try") // the scopes only make the span and the test id current
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest http = (HttpServletRequest) request;
      if (http.getDispatcherType() != DispatcherType.REQUEST) {
        chain.doFilter(request, response);
        return;
      }
      Context parent =
          W3CTraceContextPropagator.getInstance().extract(Context.root(), http, headers);
      Span span =
          tracer.spanBuilder("GET").setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
      serverSpans.put(http.getHeader("X-Test-Id"), span.getSpanContext());
      try (Scope scope = span.makeCurrent();
          dev.logcontext.Scope id = LogContext.with("test_id", http.getHeader("X-Test-Id"))) {
        chain.doFilter(request, response);
      } finally {
        span.end();
      }
    }
  }

  /** Logs a line; {@code /async} completes on another thread, {@code /child} in a child span. */
  private final class Endpoint extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Logger log = LoggerFactory.getLogger("test.traced");

    @Override
    @SuppressWarnings("try") // the scope only makes the child span current
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String path = request.getRequestURI();
      log.info("handled {}", path);
      if (path.equals("/async")) {
        AsyncContext async = request.startAsync();
        async.start(
            () -> {
              log.info("handled on the async thread");
              try {
                async.getResponse().getWriter().write("ok");
              } catch (IOException e) {
                throw new IllegalStateException(e);
              } finally {
                async.complete();
              }
            });
        return;
      }
      if (path.equals("/child")) {
        Span child = tracer.spanBuilder("child").startSpan();
        try (Scope scope = child.makeCurrent()) {
          log.info("in child");
        } finally {
          child.end();
        }
      }
      response.getWriter().write("ok");
    }
  }

  /** Takes every span and keeps none (the SDK hands out no-op tracers without a processor). */
  private static final class Discarding implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }
  }
}
