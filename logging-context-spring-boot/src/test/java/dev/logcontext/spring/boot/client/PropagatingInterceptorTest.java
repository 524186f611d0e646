package dev.logcontext.spring.boot.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.web.HttpPropagation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * The interceptor on a real RestClient and RestTemplate calling a JDK HTTP server on loopback: it
 * sends the current context's ids, nothing outside a request, and keeps a header the caller set.
 */
@SuppressWarnings("try")
class PropagatingInterceptorTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private final Map<String, Map<String, List<String>>> received = new ConcurrentHashMap<>();
  private HttpServer server;
  private String base;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.put(
              exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()));
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    assertThat(LogContext.fields()).isEmpty();
  }

  @Test
  void restClientAndRestTemplateSendTheIdsAndKeepTheCallersOwn() {
    PropagatingInterceptor interceptor = new PropagatingInterceptor(HttpPropagation.defaults());
    RestClient client = RestClient.builder().requestInterceptor(interceptor).build();
    RestTemplate template = new RestTemplate();
    template.getInterceptors().add(interceptor);

    client.get().uri(base + "/outside").retrieve().body(String.class);
    try (Scope scope =
        LogContext.with("correlation_id", "c-1")
            .and("request_id", "r-1")
            .and("trace_id", TRACE)
            .and("span_id", "1111111111111111")
            .and("trace_flags", "01")) {
      client.get().uri(base + "/client").retrieve().body(String.class);
      template.getForObject(base + "/template", String.class);
      client
          .get()
          .uri(base + "/own")
          .header("X-Correlation-ID", "c-own")
          .retrieve()
          .body(String.class);
    }

    assertThat(received.get("/outside")).doesNotContainKeys("X-correlation-id", "Traceparent");
    for (String path : List.of("/client", "/template")) {
      assertThat(received.get(path))
          .as(path)
          .containsEntry("X-correlation-id", List.of("c-1"))
          .containsEntry("Traceparent", List.of("00-" + TRACE + "-1111111111111111-01"))
          .doesNotContainKey("X-request-id");
    }
    assertThat(received.get("/own"))
        .containsEntry("X-correlation-id", List.of("c-own"))
        .containsEntry("Traceparent", List.of("00-" + TRACE + "-1111111111111111-01"));
  }
}
