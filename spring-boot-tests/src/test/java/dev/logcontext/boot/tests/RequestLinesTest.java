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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootVersion;

/**
 * Two {@link ShopApplication}s with the starter, on Tomcat, in JVMs of their own: the shop, called
 * concurrently over HTTP, and the stock service it calls with RestClient and RestTemplate. Every
 * line of every request, on every thread and dispatch, carries the request's own ids; the stock
 * service's lines carry the shop's correlation id and trace; lines after authentication carry
 * Spring Security's principal; every request has its access line;
 * standard error stays empty and every line on standard output is one JSON object.
 */
class RequestLinesTest {
  private static final int PER_KIND = 12;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @ParameterizedTest(name = "virtual threads: {0}")
  @ValueSource(booleans = {false, true})
  void everyLineOfEveryRequestCarriesItsIds(boolean virtualThreads) throws Exception {
    assertThat(SpringBootVersion.getVersion())
        .as("the Boot major of this module")
        .startsWith(System.getProperty("boot.major") + ".");
    String threads = "--spring.threads.virtual.enabled=" + virtualThreads;
    BootJvm.Output shopOut;
    BootJvm.Output stockOut;
    Map<String, String> traceIds = new LinkedHashMap<>();
    try (BootJvm stock = BootJvm.start(dir.resolve("stock"), List.of(threads));
        BootJvm shop =
            BootJvm.start(
                dir.resolve("shop"), List.of(threads, "--shop.downstream=" + stock.url()))) {
      HttpClient client = HttpClient.newHttpClient();
      ExecutorService callers = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < PER_KIND; i++) {
          for (String kind : List.of("order", "callable", "deferred", "missing")) {
            String key = kind + "-" + i;
            String traceId = hex(32);
            traceIds.put(key, traceId);
            calls.add(
                callers.submit(
                    () ->
                        assertThat(
                                call(client, shop.url(), key, traceId)
                                    .headers()
                                    .firstValue("X-Request-ID"))
                            .as("echoed id")
                            .contains(key)));
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
    assertThat(shopLines)
        .as("Boot's own start-up line, as JSON")
        .anySatisfy(line -> assertThat((String) line.get("message")).startsWith("Started ShopApplication"));

    Map<String, List<Map<String, Object>>> byKey = new LinkedHashMap<>();
    for (Map<String, Object> line : shopLines) {
      String message = (String) line.get("message");
      Matcher key = KEY.matcher(message);
      if (key.find()) {
        byKey.computeIfAbsent(key.group(1), k -> new ArrayList<>()).add(line);
      } else if (message.equals("tick")) {
        assertThat(line).as("a @Scheduled line").doesNotContainKeys("request_id", "correlation_id");
      }
    }
    for (Map.Entry<String, String> request : traceIds.entrySet()) {
      String key = request.getKey();
      List<Map<String, Object>> lines = byKey.getOrDefault(key, List.of());
      for (Map<String, Object> line : lines) {
        assertThat(line)
            .as("line %s", line)
            .containsEntry("request_id", key)
            .containsEntry("correlation_id", "corr-" + key)
            .containsEntry("trace_id", request.getValue());
      }
      if (key.startsWith("order")) {
        assertThat(lines)
            .as("the lines of %s after authentication carry Spring Security's principal", key)
            .allSatisfy(
                line -> {
                  if (!ACCESS_LOGGER.equals(line.get("logger_name"))) {
                    assertThat(line).containsEntry("user", "user-" + key);
                  }
                });
      }
      assertThat(lines.stream().map(line -> (String) line.get("message")).toList())
          .as("the lines of %s", key)
          .containsExactlyInAnyOrderElementsOf(expectedMessages(key, lines));
      assertThat(lines.stream().filter(line -> ACCESS_LOGGER.equals(line.get("logger_name"))))
          .as("the access line of %s", key)
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .containsEntry("http_status", key.startsWith("missing") ? 404 : 200));
    }

    Map<String, Object> shopSpans = new LinkedHashMap<>();
    for (Map<String, Object> line : byKey.values().stream().flatMap(List::stream).toList()) {
      shopSpans.put((String) line.get("correlation_id"), line.get("span_id"));
    }
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
          .containsEntry("parent_span_id", shopSpans.get("corr-" + key));
      assertThat(line.get("request_id")).as("the stock service's own request id").isNotEqualTo(key);
    }
    assertThat(stockLines.stream().filter(line -> ACCESS_LOGGER.equals(line.get("logger_name"))))
        .as("the stock service's access lines")
        .hasSize(2 * PER_KIND)
        .allSatisfy(line -> assertThat(line).containsKeys("request_id", "correlation_id"));
  }
}
