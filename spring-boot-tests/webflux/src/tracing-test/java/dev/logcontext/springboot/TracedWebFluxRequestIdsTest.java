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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * The two {@link ReactiveApp}s of {@link WebFluxRequestIdsTest} (a gateway and the service it calls
 * with {@code WebClient}), with Micrometer Tracing on the OpenTelemetry bridge on the class path,
 * get concurrent requests over loopback, half of them with a {@code traceparent}: every line of a
 * request — on the event loop, on {@code parallel} and {@code boundedElastic} workers, after the
 * {@code WebClient} call, the access line — carries the server span's {@code trace_id}, {@code
 * span_id} and {@code trace_flags} exactly once and none carries Boot's {@code traceId}/{@code
 * spanId}; the trace id is the incoming one when there was one; no line carries the web filter's
 * own {@code traceparent} parse ({@code parent_span_id}: the filter defers to the tracer); the
 * service's lines carry the gateway's trace id with spans of their own; standard error stays empty.
 */
class TracedWebFluxRequestIdsTest {
  private static final String[] PATHS = {"/hello", "/parallel", "/elastic", "/call"};
  private static final int REQUESTS = 48;
  private static final String APP_LOGGER = "com.example.Orders";
  private static final String ACCESS_LOGGER = "dev.logcontext.web.access";
  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

  /** Where the children's output stays after the run, for a look when a test failed. */
  private final Path dir = Path.of("target", "children", "TracedWebFluxRequestIdsTest");

  /** One request as the client saw it; {@code traceId} is the incoming one, or null. */
  record Sent(String path, String traceId, String requestId, String correlationId) {}

  @BeforeAll
  static void runsOnTheBootMajorOfItsModule() {
    assertThat(SpringBootVersion.getVersion())
        .as("the Boot major of this module")
        .startsWith(System.getProperty("springBootMajor") + ".");
  }

  @Test
  void everyLineOfEveryRequestCarriesTheTracersIdsOnceOnEveryScheduler() throws Exception {
    ChildApp.Output gatewayOutput;
    ChildApp.Output serviceOutput;
    List<Sent> sent;
    try (ChildApp service =
        ChildApp.start(
            dir.resolve("service"), ChildApp.jvmOptions(), ReactiveApp.class, args("service"))) {
      int servicePort = service.awaitPort();
      List<String> gatewayArgs = args("gateway");
      gatewayArgs.add("--downstream=http://127.0.0.1:" + servicePort);
      try (ChildApp gateway =
          ChildApp.start(
              dir.resolve("gateway"), ChildApp.jvmOptions(), ReactiveApp.class, gatewayArgs)) {
        sent = sendConcurrently(gateway.awaitPort());
        gatewayOutput = gateway.stop();
      }
      serviceOutput = service.stop();
    }

    assertThat(gatewayOutput.stderr()).as("the gateway's standard error").isEmpty();
    assertThat(serviceOutput.stderr()).as("the service's standard error").isEmpty();
    List<Map<String, Object>> gatewayLines = JsonLines.parse(gatewayOutput.stdout());
    List<Map<String, Object>> serviceLines = JsonLines.parse(serviceOutput.stdout());
    for (Map<String, Object> line : concat(gatewayLines, serviceLines)) {
      assertThat(line)
          .as("line %s", line)
          .doesNotContainKeys("traceId", "spanId", "trace.id", "span.id");
    }

    Map<String, List<Map<String, Object>>> byRequest = new LinkedHashMap<>();
    for (Map<String, Object> line : gatewayLines) {
      Object logger = line.get("logger_name");
      if (APP_LOGGER.equals(logger) || ACCESS_LOGGER.equals(logger)) {
        assertThat(line).as("an application or access line").containsKey("request_id");
        byRequest.computeIfAbsent((String) line.get("request_id"), id -> new ArrayList<>()).add(line);
      }
    }
    assertThat(byRequest.keySet())
        .as("request ids in the gateway's lines")
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(Sent::requestId).toList());

    Map<String, String> traceIds = new LinkedHashMap<>();
    Set<String> serverSpans = new HashSet<>();
    for (Sent request : sent) {
      List<Map<String, Object>> lines = byRequest.get(request.requestId());
      assertThat(lines.stream().map(line -> line.get("logger_name")))
          .as("logger names of the lines of %s", request)
          .containsOnlyOnce(ACCESS_LOGGER)
          .contains(APP_LOGGER);
      Map<String, Object> first = lines.get(0);
      assertThat(first).as("line %s", first).containsKeys("trace_id", "span_id", "trace_flags");
      String traceId = (String) first.get("trace_id");
      String spanId = (String) first.get("span_id");
      assertThat(traceId).as("trace id of %s", request).hasSize(32).matches(HEX);
      assertThat(spanId).as("span id of %s", request).hasSize(16).matches(HEX);
      if (request.traceId() != null) {
        assertThat(traceId).as("the incoming trace id of %s", request).isEqualTo(request.traceId());
      }
      for (Map<String, Object> line : lines) {
        assertThat(line)
            .as("every line of %s carries the server span's ids: %s", request, line)
            .containsEntry("correlation_id", request.correlationId())
            .containsEntry("trace_id", traceId)
            .containsEntry("span_id", spanId)
            .containsEntry("trace_flags", "01")
            // The filter defers to the tracer: no parse of its own beside the tracer's span.
            .doesNotContainKeys("parent_span_id", "traceparent_rejected");
      }
      List<String> messages =
          lines.stream()
              .filter(line -> APP_LOGGER.equals(line.get("logger_name")))
              .map(line -> line.get("thread_name") + ": " + line.get("message"))
              .toList();
      switch (request.path()) {
        case "/hello" ->
            assertThat(messages).singleElement().asString().endsWith(": hello on the event loop");
        case "/parallel" ->
            assertThat(messages)
                .singleElement()
                .asString()
                .startsWith("parallel-")
                .endsWith(": on a parallel worker");
        case "/elastic" ->
            assertThat(messages)
                .singleElement()
                .asString()
                .startsWith("boundedElastic-")
                .endsWith(": on a bounded elastic worker");
        default ->
            assertThat(messages)
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).endsWith(": calling downstream"))
                .anySatisfy(m -> assertThat(m).endsWith(": downstream answered parallel"));
      }
      traceIds.put(request.correlationId(), traceId);
      serverSpans.add(spanId);
    }
    assertThat(new HashSet<>(traceIds.values())).as("one trace per request").hasSize(REQUESTS);
    assertThat(serverSpans).as("one server span per request").hasSize(REQUESTS);

    // The service: two lines per /call request (its handler on a parallel worker, its access
    // line), in the gateway's trace, each in a span of the service's own.
    List<Sent> calls = sent.stream().filter(s -> s.path().equals("/call")).toList();
    Map<String, List<Map<String, Object>>> byCorrelation = new LinkedHashMap<>();
    for (Map<String, Object> line : serviceLines) {
      if (line.containsKey("request_id")) {
        byCorrelation
            .computeIfAbsent((String) line.get("correlation_id"), id -> new ArrayList<>())
            .add(line);
      }
    }
    assertThat(byCorrelation.keySet())
        .as("correlation ids in the service's lines")
        .containsExactlyInAnyOrderElementsOf(calls.stream().map(Sent::correlationId).toList());
    for (Sent call : calls) {
      List<Map<String, Object>> lines = byCorrelation.get(call.correlationId());
      assertThat(lines).as("the service's lines of %s", call).hasSize(2);
      String spanId = (String) lines.get(0).get("span_id");
      assertThat(spanId).as("the service's span of %s", call).hasSize(16).matches(HEX);
      assertThat(serverSpans).as("the service's own span").doesNotContain(spanId);
      assertThat(lines)
          .allSatisfy(
              line ->
                  assertThat(line)
                      .as("the service's line %s", line)
                      .containsEntry("trace_id", traceIds.get(call.correlationId()))
                      .containsEntry("span_id", spanId)
                      .containsEntry("trace_flags", "01"));
      assertThat(lines)
          .anySatisfy(line -> assertThat(line).containsEntry("message", "on a parallel worker"));
    }
  }

  private static List<String> args(String name) {
    List<String> args = new ArrayList<>();
    args.add("--server.port=0");
    args.add("--server.address=127.0.0.1");
    args.add("--spring.application.name=" + name);
    args.add("--logging.structured.format.console=logcontext");
    args.add("--logcontext.web.access-log=true");
    // Every span sampled (no exporter is on the class path).
    args.add("--management.tracing.sampling.probability=1.0");
    return args;
  }

  /** Sends the requests at once; half carry a {@code traceparent}. */
  private static List<Sent> sendConcurrently(int port) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    List<CompletableFuture<Sent>> futures = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      String path = PATHS[i % PATHS.length];
      String traceId = (i / PATHS.length) % 2 == 0 ? hex(32) : null;
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(60));
      if (traceId != null) {
        request.header("traceparent", "00-" + traceId + "-" + hex(16) + "-01");
      }
      futures.add(
          client
              .sendAsync(request.build(), BodyHandlers.ofString())
              .thenApply(response -> sent(path, traceId, response)));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private static Sent sent(String path, String traceId, HttpResponse<String> response) {
    assertThat(response.statusCode()).as("status of " + path).isEqualTo(200);
    String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();
    String correlationId = response.headers().firstValue("X-Correlation-ID").orElseThrow();
    return new Sent(path, traceId, requestId, correlationId);
  }

  private static String hex(int digits) {
    StringBuilder out = new StringBuilder(digits);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    out.append("123456789abcdef".charAt(random.nextInt(15)));
    while (out.length() < digits) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
