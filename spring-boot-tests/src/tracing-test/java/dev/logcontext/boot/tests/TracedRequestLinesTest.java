package dev.logcontext.boot.tests;

import static dev.logcontext.boot.tests.ShopRequests.ACCESS_LOGGER;
import static dev.logcontext.boot.tests.ShopRequests.KEY;
import static dev.logcontext.boot.tests.ShopRequests.call;
import static dev.logcontext.boot.tests.ShopRequests.expectedMessages;
import static dev.logcontext.boot.tests.ShopRequests.hex;
import static dev.logcontext.boot.tests.ShopRequests.parseLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootVersion;

/**
 * The two {@link ShopApplication}s of {@link RequestLinesTest}, with Micrometer Tracing on the
 * OpenTelemetry bridge on the class path: the shop, called concurrently over HTTP (half of the
 * requests with a {@code traceparent}, half without), and the stock service it calls with
 * RestClient and RestTemplate. Every line of a request (the REQUEST dispatch, the controller, an
 * {@code @Async} method, a ContextFutures stage on a plain pool, Boot's scheduler, a {@code
 * Callable} on Boot's executor and its ASYNC dispatch, a {@code DeferredResult} completed by an
 * {@code @Async} method and its ASYNC dispatch, Boot's error page in the ERROR dispatch of a 404,
 * the access line) carries the server span's {@code trace_id} and {@code span_id} exactly once,
 * and none carries Boot's {@code traceId}/{@code spanId}; the trace id is the incoming one when
 * there was one; the stock service's lines carry the same trace id; standard error stays empty.
 */
class TracedRequestLinesTest {
  private static final List<String> KINDS = List.of("order", "callable", "deferred", "missing");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
  private static final int PER_KIND = 12;
  private static final int REQUESTS = PER_KIND * 4;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void everyLineOfEveryRequestCarriesTheTracersIdsOnce() throws Exception {
    assertThat(SpringBootVersion.getVersion())
        .as("the Boot major of this module")
        .startsWith(System.getProperty("boot.major") + ".");
    // Every span sampled (no exporter is on the class path).
    List<String> args = List.of("--management.tracing.sampling.probability=1.0");
    BootJvm.Output shopOut;
    BootJvm.Output stockOut;
    Map<String, String> incoming = new LinkedHashMap<>();
    try (BootJvm stock = BootJvm.start(dir.resolve("stock"), args);
        BootJvm shop =
            BootJvm.start(
                dir.resolve("shop"),
                concat(args, List.of("--shop.downstream=" + stock.url())))) {
      HttpClient client = HttpClient.newHttpClient();
      ExecutorService callers = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < PER_KIND; i++) {
          for (String kind : KINDS) {
            String key = kind + "-" + i;
            String traceId = i % 2 == 0 ? hex(32) : null;
            if (traceId != null) {
              incoming.put(key, traceId);
            }
            calls.add(callers.submit(() -> call(client, shop.url(), key, traceId)));
          }
        }
        for (Future<?> call : calls) {
          call.get();
        }
      } finally {
        callers.shutdown();
      }
      shopOut = shop.stop();
      stockOut = stock.stop();
    }

    assertThat(shopOut.stderr()).as("the shop's standard error").isEmpty();
    assertThat(stockOut.stderr()).as("the stock service's standard error").isEmpty();
    assertThat(shopOut.exitCode()).as("the shop's exit code").isZero();
    List<Map<String, Object>> shopLines = parseLines(shopOut.stdout());
    List<Map<String, Object>> stockLines = parseLines(stockOut.stdout());
    for (Map<String, Object> line : concat(shopLines, stockLines)) {
      assertThat(line)
          .as("line %s", line)
          .doesNotContainKeys("traceId", "spanId", "trace.id", "span.id");
    }

    Map<String, List<Map<String, Object>>> byKey = new LinkedHashMap<>();
    for (Map<String, Object> line : shopLines) {
      Matcher key = KEY.matcher((String) line.get("message"));
      if (key.find()) {
        byKey.computeIfAbsent(key.group(1), k -> new ArrayList<>()).add(line);
      }
    }
    Map<String, String> traceIds = new LinkedHashMap<>();
    Set<String> serverSpans = new HashSet<>();
    for (String key : keys()) {
      List<Map<String, Object>> lines = byKey.getOrDefault(key, List.of());
      assertThat(lines.stream().map(line -> (String) line.get("message")).toList())
          .as("the lines of %s", key)
          .containsExactlyInAnyOrderElementsOf(expectedMessages(key, lines));
      Map<String, Object> first = lines.get(0);
      assertThat(first).as("line %s", first).containsKeys("trace_id", "span_id", "trace_flags");
      String traceId = (String) first.get("trace_id");
      String spanId = (String) first.get("span_id");
      assertThat(traceId).as("trace id of %s", key).hasSize(32).matches(HEX);
      assertThat(spanId).as("span id of %s", key).hasSize(16).matches(HEX);
      if (incoming.containsKey(key)) {
        assertThat(traceId).as("the incoming trace id of %s", key).isEqualTo(incoming.get(key));
      }
      for (Map<String, Object> line : lines) {
        assertThat(line)
            .as("every line of %s carries the server span's ids: %s", key, line)
            .containsEntry("request_id", key)
            .containsEntry("correlation_id", "corr-" + key)
            .containsEntry("trace_id", traceId)
            .containsEntry("span_id", spanId)
            .containsEntry("trace_flags", "01")
            // The filter defers to the tracer: no parse of its own beside the tracer's span.
            .doesNotContainKeys("parent_span_id", "traceparent_rejected");
      }
      assertThat(lines.stream().filter(line -> ACCESS_LOGGER.equals(line.get("logger_name"))))
          .as("the access line of %s", key)
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .containsEntry("http_status", key.startsWith("missing") ? 404 : 200));
      traceIds.put(key, traceId);
      serverSpans.add(spanId);
    }
    assertThat(new HashSet<>(traceIds.values())).as("one trace per request").hasSize(REQUESTS);
    assertThat(serverSpans).as("one server span per request").hasSize(REQUESTS);

    List<Map<String, Object>> lookups =
        stockLines.stream()
            .filter(line -> ((String) line.get("message")).startsWith("stock lookup "))
            .toList();
    assertThat(lookups).as("stock lookups: two per order").hasSize(2 * PER_KIND);
    for (Map<String, Object> line : lookups) {
      String key = ((String) line.get("message")).substring("stock lookup ".length());
      assertThat(line)
          .as("stock line %s", line)
          .containsEntry("correlation_id", "corr-" + key)
          .containsEntry("trace_id", traceIds.get(key))
          .containsKey("span_id");
      assertThat(serverSpans).as("the stock service's own span").doesNotContain((String) line.get("span_id"));
    }
    assertThat(stockLines.stream().filter(line -> ACCESS_LOGGER.equals(line.get("logger_name"))))
        .as("the stock service's access lines")
        .hasSize(2 * PER_KIND)
        .allSatisfy(
            line ->
                assertThat(line)
                    .containsKeys("request_id", "correlation_id", "span_id")
                    .containsEntry(
                        "trace_id", traceIds.get(((String) line.get("correlation_id")).substring(5))));
  }

  /** The keys of all requests, in the order they were sent. */
  private static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < PER_KIND; i++) {
      for (String kind : KINDS) {
        keys.add(kind + "-" + i);
      }
    }
    return keys;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
