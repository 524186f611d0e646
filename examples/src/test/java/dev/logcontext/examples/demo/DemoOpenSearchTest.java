package dev.logcontext.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logcontext.logctx.Logctx;
import dev.logcontext.logctx.OpenSearchNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo's own two log files in a real OpenSearch 2.19 node (one for the class, in this JVM): for
 * each preset and backend the demo runs in a JVM of its own, as {@code java -jar} runs it, its
 * files are bulk-indexed as a shipper would with the template {@code logctx template --preset P}
 * prints, and every request of the run is traced back with {@code logctx trace --url}.
 */
class DemoOpenSearchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REQUESTS = 24;

  @TempDir static Path temp;

  private static OpenSearchNode node;

  /** One demo run: its files, the ids in them, and what indexing them answered. */
  record Written(
      String preset,
      String backend,
      Path dir,
      String stdout,
      String stderr,
      Set<String> ids,
      List<String> rejected,
      long lines) {
    String index() {
      return "demo-" + preset + "-" + backend;
    }

    List<Path> files() {
      return List.of(dir.resolve("gateway.json"), dir.resolve("inventory.json"));
    }
  }

  private static final Map<String, Written> WRITTEN = new LinkedHashMap<>();

  static Stream<String> runs() {
    return Stream.of("logstash logback", "logstash log4j2", "ecs logback", "ecs log4j2");
  }

  @BeforeAll
  static void startNodeRunTheDemoAndIndexItsFiles() throws Exception {
    // The four demo runs, two at a time, while the node starts.
    ExecutorService runners = Executors.newFixedThreadPool(2);
    Map<String, Future<Run>> demos = new LinkedHashMap<>();
    try {
      for (String run : runs().toList()) {
        String[] presetAndBackend = run.split(" ");
        Path dir = temp.resolve(presetAndBackend[0] + "-" + presetAndBackend[1]);
        demos.put(run, runners.submit(() -> demo(dir, presetAndBackend[0], presetAndBackend[1])));
      }
      node = OpenSearchNode.start(temp.resolve("node"));
      for (String preset : List.of("logstash", "ecs")) {
        Run template =
            logctx("template", "--preset", preset, "--index-pattern", "demo-" + preset + "-*");
        assertThat(template.status()).as(template.err()).isZero();
        OpenSearchNode.Response put =
            node.send("PUT", "/_index_template/demo-" + preset, template.out());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
      }
      for (Map.Entry<String, Future<Run>> entry : demos.entrySet()) {
        String[] presetAndBackend = entry.getKey().split(" ");
        WRITTEN.put(
            entry.getKey(),
            index(presetAndBackend[0], presetAndBackend[1], entry.getValue().get()));
      }
    } finally {
      runners.shutdownNow();
    }
  }

  /** Bulk-indexes the two files of one demo run and collects the ids in them. */
  private static Written index(String preset, String backend, Run demo) throws Exception {
    Path dir = temp.resolve(preset + "-" + backend);
    Set<String> ids = new LinkedHashSet<>();
    List<String> rejected = new ArrayList<>();
    long lines = 0;
    for (String service : Demo.SERVICES) {
      List<String> content =
          Files.readAllLines(dir.resolve(service + ".json"), StandardCharsets.UTF_8);
      lines += content.size();
      for (String line : content) {
        JsonNode event = JSON.readTree(line);
        for (String field : List.of("correlation_id", "request_id")) {
          if (event.path(field).isTextual()) {
            ids.add(event.path(field).asText());
          }
        }
      }
      rejected.addAll(node.bulk("demo-" + preset + "-" + backend, content));
    }
    return new Written(preset, backend, dir, demo.out(), demo.err(), ids, rejected, lines);
  }

  @AfterAll
  static void stopNode() throws IOException {
    if (node != null) {
      node.close();
    }
  }

  /**
   * Runs the demo's main in a new JVM on this class path, as {@code java -jar
   * logging-context-demo.jar} does, with SLF4J asked to say which provider it loaded.
   */
  private static Run demo(Path dir, String preset, String backend) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path out = Files.createTempFile(temp, "demo", ".out");
    Path err = Files.createTempFile(temp, "demo", ".err");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dslf4j.internal.verbosity=INFO",
                DemoMain.class.getName(),
                "--requests",
                String.valueOf(REQUESTS),
                "--log-dir",
                dir.toString(),
                "--preset",
                preset,
                "--backend",
                backend)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the demo did not finish in 2 minutes");
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private record Run(int status, String out, String err) {}

  private static Run logctx(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Logctx.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void theDemoWritesItsFilesWithThePresetAndBackendAndSucceeds(String run) throws IOException {
    Written written = WRITTEN.get(run);
    String provider =
        written.backend().equals("log4j2") ? DemoMain.LOG4J2_PROVIDER : DemoMain.PROVIDER;
    assertThat(written.stdout()).contains("Lines without a correlation id: 0").endsWith("OK\n");
    assertThat(written.stderr().lines())
        .as("stderr holds only the provider SLF4J was asked to name")
        .singleElement()
        .asString()
        .contains(provider);
    assertThat(written.dir().resolve(Demo.UNATTRIBUTED_FILE)).doesNotExist();
    JsonNode first = JSON.readTree(Files.readAllLines(written.files().get(0)).get(0));
    if (written.preset().equals("ecs")) {
      assertThat(first.has("log.level")).as(first.toString()).isTrue();
      assertThat(first.has("ecs.version")).as(first.toString()).isTrue();
    } else {
      assertThat(first.has("level")).as(first.toString()).isTrue();
      assertThat(first.has("log.level")).as(first.toString()).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void theDemosTwoFilesAreBulkIndexedWithNoRejectedDocument(String run) throws Exception {
    Written written = WRITTEN.get(run);
    assertThat(written.rejected()).isEmpty();
    assertThat(written.lines()).isGreaterThan(REQUESTS * 3L);
    assertThat(node.count(written.index())).isEqualTo(written.lines());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void traceUrlPrintsExactlyWhatTracePrintsFromTheFilesForEveryRequest(String run) {
    Written written = WRITTEN.get(run);
    String[] files = written.files().stream().map(Path::toString).toArray(String[]::new);
    assertThat(written.ids()).hasSizeGreaterThan(REQUESTS);
    for (String id : written.ids()) {
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
        String what = id + (json ? " --json" : "");
        assertThat(fromFiles.status()).as(what + ": " + fromFiles.err()).isZero();
        assertThat(fromFiles.out()).as(what).isNotEmpty();
        assertThat(fromCluster.err()).as(what).isEmpty();
        assertThat(fromCluster.status()).as(what).isZero();
        assertThat(fromCluster.out()).as(what).isEqualTo(fromFiles.out());
      }
    }
  }
}
