package dev.logcontext.examples.demo;

import dev.logcontext.examples.demo.PlannedRequest.Kind;
import dev.logcontext.examples.demo.services.Catalogue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Plans and sends the burst: the outside world calling the gateway, concurrently, with and without
 * ids and with a few hostile header values. It runs in no context and logs nothing.
 */
final class LoadGenerator {
  static final String CORRELATION_HEADER = "X-Correlation-ID";
  static final String REQUEST_ID_HEADER = "X-Request-ID";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * Header values the services must refuse. They are legal HTTP, so they reach the filter; a value
   * with raw CR/LF is not, and Jetty refuses it before (see {@link #RAW_CRLF}).
   */
  private static final List<String> HOSTILE_IDS =
      List.of(
          // Tries to close the JSON string and forge fields.
          "forged\",\"level\":\"ERROR\",\"message\":\"forged entry",
          // 300 characters: a log-flooding id.
          "overlong-" + "0123456789".repeat(29) + "0",
          // Percent-encoded CR/LF, a tab and a non-ASCII character.
          "evil%0D%0Aforged:\tcaf\u00e9");

  /** An injection attempt with real CR/LF bytes, sent over a raw socket. */
  static final String RAW_CRLF = "evil\r\n{\"level\":\"ERROR\",\"message\":\"forged entry\"}";

  private static final int HOSTILE_VARIANTS = 6;

  private LoadGenerator() {}

  /**
   * Returns the burst of {@code count} requests: one in eight hostile, the others without ids, with
   * a caller's correlation id, or with a correlation id and a {@code traceparent}. Caller ids are
   * unique within the run ({@code run} is mixed into them), so each request is one correlation.
   */
  static List<PlannedRequest> plan(int count, String run) {
    SecureRandom random = new SecureRandom();
    HexFormat hex = HexFormat.of();
    List<PlannedRequest> requests = new ArrayList<>(count);
    int hostile = 0;
    for (int i = 0; i < count; i++) {
      String target = target(i);
      String callerId = String.format("checkout-%s-%04d", run, i);
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      switch (i % 8) {
        case 1, 4 -> {
          headers.add(Map.entry(CORRELATION_HEADER, callerId));
          requests.add(new PlannedRequest(i, Kind.CALLER_ID, target, headers, null, 200));
        }
        case 2, 6 -> {
          headers.add(Map.entry(CORRELATION_HEADER, callerId));
          byte[] traceId = new byte[16];
          byte[] spanId = new byte[8];
          random.nextBytes(traceId);
          random.nextBytes(spanId);
          traceId[0] |= 1; // W3C: an all-zero id is invalid
          spanId[0] |= 1;
          headers.add(
              Map.entry(
                  "traceparent",
                  "00-" + hex.formatHex(traceId) + "-" + hex.formatHex(spanId) + "-01"));
          requests.add(new PlannedRequest(i, Kind.CALLER_ID_AND_TRACE, target, headers, null, 200));
        }
        case 7 -> requests.add(hostile(i, target, hostile++ % HOSTILE_VARIANTS));
        default -> requests.add(new PlannedRequest(i, Kind.NO_ID, target, headers, null, 200));
      }
    }
    return requests;
  }

  private static PlannedRequest hostile(int index, String target, int variant) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    switch (variant) {
      case 0 -> {
        headers.add(Map.entry(CORRELATION_HEADER, RAW_CRLF));
        return new PlannedRequest(index, Kind.HOSTILE_RAW, target, headers, RAW_CRLF, 400);
      }
      case 1, 2, 3 -> {
        String value = HOSTILE_IDS.get(variant - 1);
        headers.add(Map.entry(CORRELATION_HEADER, value));
        return new PlannedRequest(index, Kind.HOSTILE, target, headers, value, 200);
      }
      case 4 -> {
        // The same header twice: which one is meant? Neither is trusted.
        String first = "duplicate-first-" + index;
        headers.add(Map.entry(CORRELATION_HEADER, first));
        headers.add(Map.entry(CORRELATION_HEADER, "duplicate-second-" + index));
        return new PlannedRequest(index, Kind.HOSTILE, target, headers, first, 200);
      }
      default -> {
        // A path in the request id and a malformed traceparent.
        String value = "../../etc/passwd";
        headers.add(Map.entry(REQUEST_ID_HEADER, value));
        headers.add(Map.entry("traceparent", "00-not-a-trace-context-01"));
        return new PlannedRequest(index, Kind.HOSTILE, target, headers, value, 200);
      }
    }
  }

  private static String target(int index) {
    int items = 1 + index % 4;
    StringBuilder query = new StringBuilder();
    for (int k = 0; k < items; k++) {
      if (k > 0) {
        query.append(',');
      }
      query.append(Catalogue.SKUS.get((index + 2 * k) % Catalogue.SKUS.size()));
    }
    return String.format("/orders/order-%04d?items=%s", index, query);
  }

  /** Sends every request at once and returns the outcomes in the order of {@code requests}. */
  static List<Outcome> send(URI gateway, List<PlannedRequest> requests) {
    ExecutorService clientThreads = Executors.newCachedThreadPool();
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(TIMEOUT)
              .executor(clientThreads)
              .build();
      List<CompletableFuture<Outcome>> pending = new ArrayList<>(requests.size());
      for (PlannedRequest request : requests) {
        pending.add(
            request.kind() == Kind.HOSTILE_RAW
                ? CompletableFuture.supplyAsync(() -> sendRaw(gateway, request), clientThreads)
                : send(client, gateway, request));
      }
      List<Outcome> outcomes = new ArrayList<>(requests.size());
      for (CompletableFuture<Outcome> outcome : pending) {
        outcomes.add(outcome.join());
      }
      return outcomes;
    } finally {
      clientThreads.shutdown();
      try {
        clientThreads.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static CompletableFuture<Outcome> send(
      HttpClient client, URI gateway, PlannedRequest request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(gateway.resolve(request.target())).timeout(TIMEOUT).GET();
    for (Map.Entry<String, String> header : request.headers()) {
      builder.header(header.getKey(), header.getValue());
    }
    return client
        .sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) ->
                failure != null
                    ? new Outcome(request, 0, null, null, String.valueOf(failure))
                    : new Outcome(
                        request,
                        response.statusCode(),
                        response.headers().firstValue(CORRELATION_HEADER).orElse(null),
                        response.headers().firstValue(REQUEST_ID_HEADER).orElse(null),
                        null));
  }

  /** HTTP/1.1 by hand: {@link HttpClient} itself refuses to send CR or LF in a header value. */
  private static Outcome sendRaw(URI gateway, PlannedRequest request) {
    StringBuilder head = new StringBuilder();
    head.append("GET ").append(request.target()).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(gateway.getHost()).append(':').append(gateway.getPort());
    head.append("\r\n");
    for (Map.Entry<String, String> header : request.headers()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      String[] statusLine = response.split("\r\n", 2)[0].split(" ", 3);
      int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
      return new Outcome(request, status, null, null, status == 0 ? "no status line" : null);
    } catch (IOException | NumberFormatException e) {
      return new Outcome(request, 0, null, null, String.valueOf(e));
    }
  }
}
