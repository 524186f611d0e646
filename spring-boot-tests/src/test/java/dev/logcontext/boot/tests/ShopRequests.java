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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The requests the request-line tests send to {@link ShopApplication}, the messages each must log,
 * and the strict parse of the JSON lines: shared by {@code RequestLinesTest} and {@code
 * TracedRequestLinesTest}. A request's key is {@code <kind>-<n>}, its kind one of {@code order},
 * {@code callable}, {@code deferred} or {@code missing}.
 */
final class ShopRequests {
  /** Finds a request's key in a message. */
  static final Pattern KEY = Pattern.compile("\\b((?:order|callable|deferred|missing)-\\d+)\\b");

  static final String ACCESS_LOGGER = "dev.logcontext.web.access";

  /** Fails on a key written twice and on anything after the object. */
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ShopRequests() {}

  static String path(String key) {
    String kind = key.substring(0, key.indexOf('-'));
    return "/" + (kind.equals("order") ? "orders" : kind) + "/" + key;
  }

  /** The messages of one request; {@code lines} only for the access line's text. */
  static List<String> expectedMessages(String key, List<Map<String, Object>> lines) {
    String kind = key.substring(0, key.indexOf('-'));
    String path = path(key);
    List<String> messages = new ArrayList<>();
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

  /**
   * Sends request {@code key} with its ids, a user and, unless {@code traceId} is null, a {@code
   * traceparent} of that trace; asserts its status (404 for {@code missing}, else 200).
   */
  static HttpResponse<String> call(HttpClient client, String base, String key, String traceId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path(key)))
            .header("X-Request-ID", key)
            .header("X-Correlation-ID", "corr-" + key)
            .header("X-User", "user-" + key);
    if (traceId != null) {
      request.header("traceparent", "00-" + traceId + "-" + hex(16) + "-01");
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as("status of %s: %s", key, response.body())
          .isEqualTo(key.startsWith("missing") ? 404 : 200);
      return response;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Random lowercase hex of {@code digits} digits, not all zero. */
  static String hex(int digits) {
    StringBuilder out = new StringBuilder(digits);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    out.append("123456789abcdef".charAt(random.nextInt(15)));
    while (out.length() < digits) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  /** Parses every line of {@code stdout}, each of which must be one strict JSON object. */
  static List<Map<String, Object>> parseLines(String stdout) {
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
