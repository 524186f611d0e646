package dev.logcontext.logctx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensearch.common.settings.Settings;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * A real single-node OpenSearch cluster in the test JVM, on an ephemeral loopback port, and the few
 * HTTP calls the tests make to it with the JDK's client. Start one per test class. Public for the
 * examples' tests, which index the demo's own files (through this module's test jar).
 *
 * <p>Thread-safety: {@link #send} may be called from several threads; start and close once.
 */
public final class OpenSearchNode implements AutoCloseable {
  /**
   * The node with the HTTP transport plugin from the class path (that constructor is protected).
   */
  private static final class ClasspathPluginNode extends Node {
    ClasspathPluginNode(Settings settings) {
      super(
          InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "node-1"),
          List.of(Netty4Plugin.class),
          true);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An HTTP answer. */
  public record Response(int status, String body) {}

  private final Node node;
  private final URI uri;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private OpenSearchNode(Node node, URI uri) {
    this.node = node;
    this.uri = uri;
  }

  /** Starts a node with its data in {@code home}; indices get no replicas, so they are green. */
  public static OpenSearchNode start(Path home) throws Exception {
    Settings settings =
        Settings.builder()
            .put("path.home", home.toString())
            .put("cluster.name", "logctx-test")
            .put("node.name", "node-1")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", "0")
            .put("transport.port", "0")
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
    Node node = new ClasspathPluginNode(settings);
    node.start();
    int port =
        node.injector()
            .getInstance(HttpServerTransport.class)
            .boundAddress()
            .publishAddress()
            .getPort();
    OpenSearchNode started = new OpenSearchNode(node, URI.create("http://127.0.0.1:" + port));
    Response replicas =
        started.send(
            "PUT",
            "/_index_template/no-replicas",
            "{\"index_patterns\":[\"*\"],\"priority\":0,"
                + "\"template\":{\"settings\":{\"number_of_replicas\":0}}}");
    if (replicas.status() != 200) {
      started.close();
      throw new IllegalStateException("no-replicas template refused: " + replicas);
    }
    return started;
  }

  /** Returns the node's HTTP address, {@code http://127.0.0.1:PORT}. */
  public URI uri() {
    return uri;
  }

  /** Sends a JSON request (or none, when {@code body} is null) and returns the answer. */
  public Response send(String method, String path, String body)
      throws IOException, InterruptedException {
    return send(method, path, body, "application/json");
  }

  /** Sends {@code body} (or none, when null) as {@code contentType} and returns the answer. */
  public Response send(String method, String path, String body, String contentType)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(60));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(response.statusCode(), response.body());
  }

  /**
   * Indexes {@code lines} into {@code index} as a shipper does ({@code create} actions in one
   * {@code _bulk} request, refreshed); returns the reasons of the rejected documents, read from
   * each item (the answer is HTTP 200 either way).
   *
   * @throws IllegalStateException when the answer is not 200 or does not have one item per line
   */
  public List<String> bulk(String index, List<String> lines)
      throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder();
    for (String line : lines) {
      body.append("{\"create\":{}}\n").append(line).append('\n');
    }
    Response response =
        send("POST", "/" + index + "/_bulk?refresh=true", body.toString(), "application/x-ndjson");
    if (response.status() != 200) {
      throw new IllegalStateException("_bulk answered " + response);
    }
    JsonNode answer = JSON.readTree(response.body());
    JsonNode items = answer.path("items");
    if (items.size() != lines.size()) {
      throw new IllegalStateException(
          "_bulk answered " + items.size() + " items for " + lines.size() + " lines");
    }
    List<String> rejected = new ArrayList<>();
    for (JsonNode item : items) {
      JsonNode create = item.path("create");
      if (create.path("status").asInt() != 201) {
        rejected.add(create.path("status").asInt() + " " + create.path("error"));
      }
    }
    if (answer.path("errors").asBoolean() != !rejected.isEmpty()) {
      throw new IllegalStateException("_bulk's errors flag contradicts its items: " + answer);
    }
    return rejected;
  }

  /** Returns how many documents {@code index} (a name or pattern) holds. */
  public long count(String index) throws IOException, InterruptedException {
    Response response = send("GET", "/" + index + "/_count", null);
    if (response.status() != 200) {
      throw new IllegalStateException("_count answered " + response);
    }
    return JSON.readTree(response.body()).path("count").asLong();
  }

  @Override
  public void close() throws IOException {
    node.close();
  }
}
