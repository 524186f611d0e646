package dev.logcontext.boot.tests;

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
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final Pattern KEY = Pattern.compile("\\b((?:order|callable|deferred|missing)-\\d+)\\b");
  private static final int PER_KIND = 12;
  private static final String ACCESS_LOGGER = "dev.logcontext.web.access";

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

  /** The messages of one request; {@code lines} only for the access line's duration. */
  private static List<String> expectedMessages(String key, List<Map<String, Object>> lines) {
    String kind = key.substring(0, key.indexOf('-'));
    List<String> messages = new ArrayList<>();
    String path = "/" + (kind.equals("order") ? "orders" : kind) + "/" + key;
    messages.add("dispatch REQUEST " + path);
    switch (kind) {
      case "order" -> {
        messages.add("order " + key);
        messages.add("audit " + key);
        messages.add("future " + key);
        messages.add("future stage " + key);
        messages.add("scheduled " + key);
        messages.add("stock " + key + " by RestClient: 7");
        messages.add("stock " + key + " by RestTemplate: 7");
      }
      case "callable" -> {
        messages.add("callable " + key + " accepted");
        messages.add("callable " + key);
        messages.add("dispatch ASYNC " + path);
      }
      case "deferred" -> {
        messages.add("deferred " + key + " accepted");
        messages.add("deferred " + key);
        messages.add("dispatch ASYNC " + path);
      }
      case "missing" -> {
        messages.add("missing " + key);
        messages.add("dispatch ERROR " + path);
      }
      default -> throw new AssertionError(kind);
    }
    for (Map<String, Object> line : lines) {
      if (ACCESS_LOGGER.equals(line.get("logger_name"))) {
        messages.add((String) line.get("message"));
      }
    }
    return messages;
  }

  private static void call(HttpClient client, String base, String key, String traceId) {
    String kind = key.substring(0, key.indexOf('-'));
    String path = "/" + (kind.equals("order") ? "orders" : kind) + "/" + key;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("X-Request-ID", key)
            .header("X-Correlation-ID", "corr-" + key)
            .header("traceparent", "00-" + traceId + "-" + hex(16) + "-01")
            .header("X-User", "user-" + key)
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as("status of %s: %s", path, response.body())
          .isEqualTo(kind.equals("missing") ? 404 : 200);
      assertThat(response.headers().firstValue("X-Request-ID")).as("echoed id").contains(key);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
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

  private static List<Map<String, Object>> parseLines(String stdout) {
    assertThat(stdout).as("standard output").endsWith("\n");
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : stdout.substring(0, stdout.length() - 1).split("\n", -1)) {
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> event = STRICT.readValue(line, LinkedHashMap.class);
        lines.add(event);
      } catch (IOException e) {
        throw new AssertionError("not one valid JSON object: " + line, e);
      }
    }
    return lines;
  }
}
