package dev.logcontext.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.springboot.reactive.ReactiveApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * Two WebFlux applications on Netty ({@link ReactiveApp}, as a gateway and as the service it calls
 * with {@code WebClient}), started in JVMs of their own with logging-context-spring-boot and {@code
 * logging.structured.format.console=logcontext}, get concurrent requests over loopback: every line
 * a request logs — on the event loop, on {@code parallel} and {@code boundedElastic} workers, after
 * the {@code WebClient} call — carries its {@code request_id} and {@code correlation_id} exactly
 * once, the service's lines carry the gateway's correlation id, each application writes one access
 * line per request, a field renamed by {@code logcontext.web.field.http_path} is written under its
 * new name only, and nothing is written to standard error (no SLF4J flags: the module makes
 * LogContext the MDC from the first line).
 */
class WebFluxRequestIdsTest {
  private static final String[] PATHS = {"/hello", "/parallel", "/elastic", "/call"};
  private static final int REQUESTS = 48;
  private static final String HOSTILE_ID = "not an id!";
  private static final String UUID_V7 =
      "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  /** Where the children's output stays after the run, for a look when a test failed. */
  private final Path dir = Path.of("target", "children", "WebFluxRequestIdsTest");

  /** One request as the client saw it. */
  record Sent(String path, String sentCorrelationId, String requestId, String correlationId) {}

  @BeforeAll
  static void runsOnTheBootMajorOfItsModule() {
    assertThat(SpringBootVersion.getVersion())
        .as("the Boot major of this module")
        .startsWith(System.getProperty("springBootMajor") + ".");
  }

  @Test
  void everyLineOfEveryRequestCarriesItsIdsOnEveryScheduler() throws Exception {
    ChildApp.Output gatewayOutput;
    ChildApp.Output serviceOutput;
    List<Sent> sent = new ArrayList<>();
    // The service renames a field, keyed by its default name as written in the field list.
    List<String> serviceArgs = args("service");
    serviceArgs.add("--logcontext.web.field.http_path=url_path");
    try (ChildApp service =
        ChildApp.start(
            dir.resolve("service"), ChildApp.jvmOptions(), ReactiveApp.class, serviceArgs)) {
      int servicePort = service.awaitPort();
      List<String> gatewayArgs = args("gateway");
      gatewayArgs.add("--downstream=http://127.0.0.1:" + servicePort);
      try (ChildApp gateway =
          ChildApp.start(
              dir.resolve("gateway"), ChildApp.jvmOptions(), ReactiveApp.class, gatewayArgs)) {
        int port = gateway.awaitPort();
        sent.addAll(sendConcurrently(port));
        sent.add(sendHostile(port));
        gatewayOutput = gateway.stop();
      }
      serviceOutput = service.stop();
    }

    assertThat(gatewayOutput.stderr()).as("the gateway's standard error").isEmpty();
    assertThat(serviceOutput.stderr()).as("the service's standard error").isEmpty();
    List<Map<String, Object>> gatewayLines = JsonLines.parse(gatewayOutput.stdout());
    List<Map<String, Object>> serviceLines = JsonLines.parse(serviceOutput.stdout());

    Map<String, List<Map<String, Object>>> byRequest = new LinkedHashMap<>();
    for (Map<String, Object> line : gatewayLines) {
      String logger = (String) line.get("logger_name");
      if ("com.example.Orders".equals(logger) || "dev.logcontext.web.access".equals(logger)) {
        assertThat(line).as("an application or access line").containsKeys("request_id", "correlation_id");
        byRequest.computeIfAbsent((String) line.get("request_id"), id -> new ArrayList<>()).add(line);
      }
    }
    assertThat(byRequest.keySet())
        .as("request ids in the gateway's lines")
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(Sent::requestId).toList());

    for (Sent request : sent) {
      List<Map<String, Object>> lines = byRequest.get(request.requestId());
      assertThat(lines)
          .as("lines of %s", request)
          .allSatisfy(line -> assertThat(line).containsEntry("correlation_id", request.correlationId()));
      List<Map<String, Object>> access = lines.stream()
          .filter(line -> "dev.logcontext.web.access".equals(line.get("logger_name"))).toList();
      assertThat(access).as("access lines of %s", request).hasSize(1);
      assertThat(access.get(0))
          .containsEntry("http_status", 200)
          .containsEntry("http_path", request.path())
          .containsKey("duration_ms");
      List<String> messages = lines.stream()
          .filter(line -> "com.example.Orders".equals(line.get("logger_name")))
          .map(line -> line.get("thread_name") + ": " + line.get("message")).toList();
      switch (request.path()) {
        case "/hello" -> assertThat(messages).singleElement().asString()
            .endsWith(": hello on the event loop");
        case "/parallel" -> assertThat(messages).singleElement().asString()
            .startsWith("parallel-").endsWith(": on a parallel worker");
        case "/elastic" -> assertThat(messages).singleElement().asString()
            .startsWith("boundedElastic-").endsWith(": on a bounded elastic worker");
        default -> assertThat(messages).hasSize(2)
            .anySatisfy(m -> assertThat(m).endsWith(": calling downstream"))
            .anySatisfy(m -> assertThat(m).endsWith(": downstream answered parallel"));
      }
    }

    // The hostile request id was replaced, flagged and never written; the traceparent was bound.
    Sent hostile = sent.get(sent.size() - 1);
    assertThat(hostile.requestId()).matches(UUID_V7).isNotEqualTo(HOSTILE_ID);
    assertThat(byRequest.get(hostile.requestId()))
        .hasSize(2)
        .allSatisfy(
            line ->
                assertThat(line)
                    .containsEntry("request_id_rejected", true)
                    .containsEntry("trace_id", "0af7651916cd43dd8448eb211c80319c")
                    .containsEntry("parent_span_id", "b7ad6b7169203331")
                    .containsEntry("trace_flags", "01"));
    assertThat(gatewayOutput.stdout()).doesNotContain(HOSTILE_ID);

    // The service: one call per /call request, each with the gateway's correlation id and an id
    // of its own.
    Map<String, List<Map<String, Object>>> byCorrelation = serviceLines.stream()
        .filter(line -> line.containsKey("request_id"))
        .collect(Collectors.groupingBy(line -> (String) line.get("correlation_id")));
    List<Sent> calls = sent.stream().filter(s -> s.path().equals("/call")).toList();
    assertThat(byCorrelation.keySet())
        .as("correlation ids in the service's lines")
        .containsExactlyInAnyOrderElementsOf(calls.stream().map(Sent::correlationId).toList());
    for (Sent call : calls) {
      List<Map<String, Object>> lines = byCorrelation.get(call.correlationId());
      assertThat(lines).as("the service's lines of %s", call).hasSize(2);
      assertThat(lines).allSatisfy(line -> assertThat(line.get("request_id"))
          .isEqualTo(lines.get(0).get("request_id")).isNotEqualTo(call.requestId()));
      assertThat(lines).anySatisfy(line -> assertThat(line)
          .containsEntry("logger_name", "dev.logcontext.web.access")
          .containsEntry("url_path", "/parallel")
          .doesNotContainKey("http_path"));
      assertThat(lines).anySatisfy(line -> assertThat(line)
          .containsEntry("message", "on a parallel worker"));
    }
  }

  private static List<String> args(String name) {
    List<String> args = new ArrayList<>();
    args.add("--server.port=0");
    args.add("--server.address=127.0.0.1");
    args.add("--spring.application.name=" + name);
    args.add("--logging.structured.format.console=logcontext");
    args.add("--logcontext.json.static-fields.service=" + name);
    args.add("--logcontext.web.access-log=true");
    return args;
  }

  /** Sends the requests at once; half carry a correlation id of the caller's. */
  private static List<Sent> sendConcurrently(int port) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    List<CompletableFuture<Sent>> futures = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      String path = PATHS[i % PATHS.length];
      String correlation = (i / PATHS.length) % 2 == 0 ? "caller-" + i : null;
      HttpRequest.Builder request = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
      if (correlation != null) {
        request.header("X-Correlation-ID", correlation);
      }
      futures.add(client.sendAsync(request.build(), BodyHandlers.ofString())
          .thenApply(response -> sent(path, correlation, response)));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  /** A request with an invalid request id and a valid traceparent. */
  private static Sent sendHostile(int port) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
            .header("X-Request-ID", HOSTILE_ID)
            .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .timeout(Duration.ofSeconds(60))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, BodyHandlers.ofString());
    return sent("/hello", null, response);
  }

  private static Sent sent(String path, String correlation, HttpResponse<String> response) {
    assertThat(response.statusCode()).as("status of " + path).isEqualTo(200);
    String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();
    String correlationId = response.headers().firstValue("X-Correlation-ID").orElseThrow();
    assertThat(correlationId).isEqualTo(correlation != null ? correlation : requestId);
    return new Sent(path, correlation, requestId, correlationId);
  }
}
