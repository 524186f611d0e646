package dev.logcontext.logctx;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.logctx.Cli.Run;
import dev.logcontext.logctx.TwoServices.Backend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encoders' lines in a real OpenSearch 2.19 node (one per class, in this JVM): indexed as a
 * shipper would, with the template {@code logctx template} prints, and traced back with {@code
 * logctx trace --url}.
 */
class OpenSearchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ORDERS = 12;

  @TempDir static Path temp;

  private static OpenSearchNode node;

  /** One backend writing with one preset: its files, ids, and what indexing them answered. */
  record Written(
      Backend backend,
      String preset,
      Path dir,
      List<String> ids,
      List<String> rejected,
      int lines) {
    String index() {
      return "logs-" + preset + "-" + backend.name().toLowerCase(java.util.Locale.ROOT);
    }

    List<Path> files() {
      return List.of(dir.resolve("gateway.json"), dir.resolve("inventory.json"));
    }

    @Override
    public String toString() {
      return backend + " " + preset;
    }
  }

  private static final Map<String, Written> WRITTEN = new LinkedHashMap<>();

  @BeforeAll
  static void startNodeAndIndexTheTwoServicesLogs() throws Exception {
    node = OpenSearchNode.start(temp.resolve("node"));
    for (String preset : List.of("logstash", "ecs")) {
      putTemplate(
          "logctx-" + preset,
          "template",
          "--preset",
          preset,
          "--index-pattern",
          "logs-" + preset + "-*");
      for (Backend backend : Backend.values()) {
        Path dir = Files.createDirectories(temp.resolve(preset + "-" + backend));
        List<String> ids = TwoServices.write(backend, preset, dir, ORDERS);
        Written written = new Written(backend, preset, dir, ids, new ArrayList<>(), 0);
        int lines = 0;
        for (Path file : written.files()) {
          List<String> content = Files.readAllLines(file, StandardCharsets.UTF_8);
          lines += content.size();
          written.rejected().addAll(bulk(written.index(), content));
        }
        WRITTEN.put(
            written.toString(), new Written(backend, preset, dir, ids, written.rejected(), lines));
      }
    }
  }

  @AfterAll
  static void stopNode() throws IOException {
    if (node != null) {
      node.close();
    }
  }

  static Stream<String> written() {
    return Stream.of("LOGBACK logstash", "LOG4J2 logstash", "LOGBACK ecs", "LOG4J2 ecs");
  }

  private static Run logctx(Map<String, String> env, String... args) {
    return Cli.run(env, args);
  }

  private static Run logctx(String... args) {
    return Cli.run(args);
  }

  private static void putTemplate(String name, String... args) throws Exception {
    Run template = logctx(args);
    assertThat(template.status()).as(template.err()).isZero();
    OpenSearchNode.Response put = node.send("PUT", "/_index_template/" + name, template.out());
    assertThat(put.status()).as(put.body()).isEqualTo(200);
  }

  static List<String> bulk(String index, List<String> lines) throws Exception {
    return node.bulk(index, lines);
  }

  private static long count(String index) throws Exception {
    return node.count(index);
  }

  @Test
  void theTemplatesOfBothPresetsAreAcceptedWithPinnedFields() throws Exception {
    Path fields = temp.resolve("fields.txt");
    Files.writeString(
        fields, "# pinned\nuser_id:long, price:double\nvip:boolean\ntenant:keyword\n");
    for (String preset : List.of("logstash", "ecs")) {
      putTemplate(
          "pinned-" + preset,
          "template",
          "--preset",
          preset,
          "--index-pattern",
          "pinned-" + preset + "-*",
          "--fields",
          fields.toString());
      String index = "pinned-" + preset + "-1";
      assertThat(
              bulk(
                  index,
                  List.of(
                      "{\"@timestamp\":\"2026-01-01T00:00:00.000Z\",\"user_id\":42,\"price\":1.5}",
                      "{\"@timestamp\":\"2026-01-01T00:00:00.001Z\",\"user_id_text\":\"u-42\"}",
                      "{\"@timestamp\":\"2026-01-01T00:00:00.002Z\",\"user_id\":\"u-43\"}")))
          .as("a value of another type is kept, under <name>_text or unindexed")
          .isEmpty();
      JsonNode mapping =
          JSON.readTree(node.send("GET", "/" + index + "/_mapping", null).body())
              .path(index)
              .path("mappings")
              .path("properties");
      assertThat(mapping.path("user_id").path("type").asText()).isEqualTo("long");
      assertThat(mapping.path("user_id_text").path("type").asText()).isEqualTo("keyword");
      assertThat(mapping.path("price").path("type").asText()).isEqualTo("double");
      assertThat(mapping.path("@timestamp").path("type").asText()).isEqualTo("date");
      assertThat(mapping.path("message").path("type").asText()).isEqualTo("text");
      OpenSearchNode.Response range =
          node.send(
              "POST",
              "/" + index + "/_count",
              "{\"query\":{\"range\":{\"user_id\":{\"gte\":40,\"lte\":45}}}}");
      assertThat(JSON.readTree(range.body()).path("count").asLong())
          .as("the pinned field is numeric")
          .isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("written")
  void theTwoServicesLogsOfEachPresetAndBackendAreIndexedWithNoRejectedDocument(String key)
      throws Exception {
    Written written = WRITTEN.get(key);
    assertThat(written.rejected()).isEmpty();
    assertThat(written.lines()).isGreaterThan(ORDERS * 6);
    assertThat(count(written.index())).isEqualTo(written.lines());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("written")
  void traceUrlPrintsExactlyWhatTracePrintsFromTheFiles(String key) {
    Written written = WRITTEN.get(key);
    String[] files = written.files().stream().map(Path::toString).toArray(String[]::new);
    List<String> ids = new ArrayList<>(written.ids());
    ids.add("i-3-1"); // an inventory request id
    for (String id : ids) {
      for (boolean json : List.of(false, true)) {
        List<String> fileArgs = new ArrayList<>(List.of("trace"));
        List<String> urlArgs =
            new ArrayList<>(
                List.of("trace", "--url", node.uri().toString(), "--index", written.index()));
        if (json) {
          fileArgs.add("--json");
          urlArgs.add("--json");
        }
        fileArgs.add(id);
        fileArgs.addAll(List.of(files));
        urlArgs.add(id);
        Run fromFiles = logctx(fileArgs.toArray(String[]::new));
        Run fromCluster = logctx(urlArgs.toArray(String[]::new));
        assertThat(fromFiles.status()).as(fromFiles.err()).isZero();
        assertThat(fromCluster.err()).isEmpty();
        assertThat(fromCluster.status()).isZero();
        assertThat(fromCluster.out()).as(id + (json ? " --json" : "")).isEqualTo(fromFiles.out());
      }
    }
  }

  @Test
  void pagesOfAFewHitsGiveTheSameTimelineAsOnePage() {
    Written written = WRITTEN.get("LOGBACK ecs");
    String id = written.ids().get(ORDERS - 1); // four items: fourteen lines
    ClusterTrace.Target target = new ClusterTrace.Target(node.uri(), written.index(), null, null);
    ByteArrayOutputStream paged = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new ClusterTrace(
                target,
                id,
                List.of("correlation_id", "request_id"),
                false,
                new PrintStream(paged, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                3)
            .run();
    Run whole = logctx("trace", "--url", node.uri().toString(), "--index", written.index(), id);

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(whole.out().lines()).hasSizeGreaterThan(9);
    assertThat(paged.toString(StandardCharsets.UTF_8)).isEqualTo(whole.out());
  }

  /** Billing and accounts disagree on user_id (number, string) and service (object, string). */
  private static List<List<String>> mixedTypeServices(Path dir) throws Exception {
    ch.qos.logback.classic.LoggerContext context = new ch.qos.logback.classic.LoggerContext();
    context.putProperty("logDir", dir.toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(OpenSearchTest.class.getResource("/logback-mixed-types.xml"));
    for (int i = 0; i < 5; i++) {
      try (Scope s = LogContext.with("correlation_id", "mixed-" + i).and("user_id", 42L + i)) {
        context.getLogger("billing").info("invoice sent");
      }
      try (Scope s =
          LogContext.with("correlation_id", "mixed-" + i)
              .and("service", "accounts")
              .and("user_id", "u-" + (42 + i))) {
        context.getLogger("accounts").info("account charged");
      }
    }
    context.stop();
    List<String> billing = Files.readAllLines(dir.resolve("billing.json"));
    List<String> accounts = Files.readAllLines(dir.resolve("accounts.json"));
    assertThat(billing).hasSize(5).allMatch(l -> l.contains("\"service.name\":\"billing\""));
    assertThat(accounts).hasSize(5).allMatch(l -> l.contains("\"user_id\":\"u-"));
    return List.of(billing, accounts);
  }

  @Test
  void withoutTheTemplateMixedTypesAcrossServicesLoseLines() throws Exception {
    List<List<String>> services = mixedTypeServices(Files.createDirectories(temp.resolve("m1")));

    assertThat(bulk("plain-mixed", services.get(0))).isEmpty();
    List<String> rejected = bulk("plain-mixed", services.get(1));

    assertThat(rejected).hasSize(5).allMatch(r -> r.contains("mapper_parsing_exception"));
    assertThat(count("plain-mixed")).isEqualTo(5);
  }

  @Test
  void withTheTemplateMixedTypesAcrossServicesLoseNoLine() throws Exception {
    putTemplate("logctx-mixed", "template", "--preset", "logstash", "--index-pattern", "mixed-*");
    List<List<String>> services = mixedTypeServices(Files.createDirectories(temp.resolve("m2")));

    assertThat(bulk("mixed-1", services.get(0))).isEmpty();
    assertThat(bulk("mixed-1", services.get(1))).isEmpty();

    assertThat(count("mixed-1")).isEqualTo(10);
    Run trace = logctx("trace", "--url", node.uri().toString(), "--index", "mixed-*", "mixed-3");
    assertThat(trace.out().lines()).hasSize(2);
    Run byUser =
        logctx(
            "trace",
            "--url",
            node.uri().toString(),
            "--index",
            "mixed-*",
            "--field",
            "user_id",
            "45");
    assertThat(byUser.out().lines()).as("numbers are searchable as keywords").hasSize(1);
    Run byText =
        logctx(
            "trace",
            "--url",
            node.uri().toString(),
            "--index",
            "mixed-*",
            "--field",
            "user_id",
            "u-45");
    assertThat(byText.out().lines()).hasSize(1);
  }

  @Test
  void withTheTemplateAStringBeforeANumberIsKeptButAStringBeforeADottedNameIsNot()
      throws Exception {
    putTemplate("logctx-limit", "template", "--preset", "logstash", "--index-pattern", "limit-*");
    List<List<String>> services = mixedTypeServices(Files.createDirectories(temp.resolve("m3")));
    List<String> numbersOnly = new ArrayList<>();
    for (String line : services.get(0)) {
      numbersOnly.add(line.replace("\"service.name\":\"billing\",", ""));
    }

    assertThat(bulk("limit-1", services.get(1))).isEmpty();
    assertThat(bulk("limit-1", numbersOnly)).isEmpty();
    // The documented limit: "service" is a keyword now, so "service.name" cannot become its child.
    assertThat(bulk("limit-1", services.get(0)))
        .hasSize(5)
        .allMatch(r -> r.contains("Existing mapping for [service] must be of type object"));
  }

  @Test
  void anUnreachableClusterIsAClearError() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Run run = logctx("trace", "--url", "http://127.0.0.1:" + port, "some-id");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("logctx: cannot connect to http://127.0.0.1:" + port);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMissingIndexIsAClearErrorWithOrWithoutAWildcard() {
    for (String index : List.of("no-such-index", "no-such-*")) {
      Run run = logctx("trace", "--url", node.uri().toString(), "--index", index, "some-id");

      assertThat(run.status()).as(index).isEqualTo(2);
      assertThat(run.err())
          .contains("no index matches '" + index + "'", "index_not_found_exception");
    }
  }

  @Test
  void anIdNotInTheClusterExitsWith1() {
    Written written = WRITTEN.get("LOGBACK logstash");
    Run run = logctx("trace", "--url", node.uri().toString(), "--index", written.index(), "nope");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void authenticationFailureIsAClearErrorAndTheRightPasswordWorks() throws Exception {
    HttpServer proxy = basicAuthProxy("reader", "s3cret");
    try {
      String url = "http://127.0.0.1:" + proxy.getAddress().getPort();
      Written written = WRITTEN.get("LOG4J2 logstash");
      String id = written.ids().get(2);

      Run none = logctx("trace", "--url", url, "--index", written.index(), id);
      assertThat(none.status()).isEqualTo(2);
      assertThat(none.err()).contains("authentication failed (HTTP 401; no credentials were given");

      Run wrong =
          logctx(
              Map.of("PW", "guess"),
              "trace",
              "--url",
              url,
              "--index",
              written.index(),
              "--user",
              "reader",
              "--password-env",
              "PW",
              id);
      assertThat(wrong.status()).isEqualTo(2);
      assertThat(wrong.err()).contains("authentication failed (HTTP 401 for user 'reader')");

      Run unset = logctx("trace", "--url", url, "--user", "reader", "--password-env", "PW", id);
      assertThat(unset.status()).isEqualTo(2);
      assertThat(unset.err()).contains("the environment variable PW is not set");

      Run right =
          logctx(
              Map.of("PW", "s3cret"),
              "trace",
              "--url",
              url,
              "--index",
              written.index(),
              "--user",
              "reader",
              "--password-env",
              "PW",
              id);
      Run direct = logctx("trace", "--url", node.uri().toString(), "--index", written.index(), id);
      assertThat(right.status()).as(right.err()).isZero();
      assertThat(right.out()).isEqualTo(direct.out()).isNotEmpty();
    } finally {
      proxy.stop(0);
    }
  }

  /**
   * A reverse proxy on loopback that lets through only requests with HTTP basic authentication as
   * {@code user}, as one in front of a cluster does, and answers 401 otherwise.
   */
  private static HttpServer basicAuthProxy(String user, String password) throws IOException {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpClient client = HttpClient.newHttpClient();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
              byte[] body =
                  "{\"error\":{\"type\":\"security_exception\",\"reason\":\"missing or wrong credentials\"},\"status\":401}"
                      .getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"cluster\"");
              exchange.sendResponseHeaders(401, body.length);
              exchange.getResponseBody().write(body);
              return;
            }
            byte[] request;
            try (InputStream in = exchange.getRequestBody()) {
              request = in.readAllBytes();
            }
            HttpResponse<byte[]> answer =
                client.send(
                    HttpRequest.newBuilder(
                            URI.create(node.uri() + exchange.getRequestURI().toString()))
                        .header("Content-Type", "application/json")
                        .method(
                            exchange.getRequestMethod(),
                            HttpRequest.BodyPublishers.ofByteArray(request))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(answer.body());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
    return server;
  }
}
