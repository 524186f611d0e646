package dev.logcontext.logctx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogctxTest {
  private static final String A = "0190a1b2-aaaa-7e5f-8a9b-0c1d2e3f4a5b";
  private static final String B = "0190a1b2-bbbb-7e5f-8a9b-0c1d2e3f4a5b";

  @TempDir Path dir;
  private Path gateway;
  private Path inventory;

  /** What one run printed and returned. */
  private record Run(int status, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  private static Run run(String... args) {
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

  private static String event(
      int millis, String service, String thread, String level, String message, String more) {
    return "{\"@timestamp\":\""
        + Instant.parse("2025-06-01T08:00:00Z").plusMillis(millis)
        + "\",\"level\":\""
        + level
        + "\",\"logger_name\":\"com.example.App\",\"thread_name\":\""
        + thread
        + "\",\"message\":\""
        + message
        + "\""
        + (service == null ? "" : ",\"service\":\"" + service + "\"")
        + more
        + "}";
  }

  private static String ids(String correlation, String request) {
    return ",\"request_id\":\"" + request + "\",\"correlation_id\":\"" + correlation + "\"";
  }

  @BeforeEach
  void writeTwoServicesWithInterleavedRequests() throws IOException {
    gateway =
        write(
            "gateway.json",
            event(0, "gateway", "http-1", "INFO", "request received", ids(A, "g-a")),
            event(1, "gateway", "http-2", "INFO", "request received", ids(B, "g-b")),
            event(5, "gateway", "pool-1", "INFO", "calling inventory", ids(A, "g-a")),
            event(7, "gateway", "pool-2", "WARN", "calling inventory", ids(B, "g-b")),
            event(
                20,
                "gateway",
                "http-1",
                "INFO",
                "response sent",
                ids(A, "g-a") + ",\"http_status\":200"));
    inventory =
        write(
            "inventory.json",
            event(6, null, "srv-1", "INFO", "stock reserved", ids(A, "i-a") + ",\"user_id\":42"),
            event(8, null, "srv-2", "INFO", "stock reserved", ids(B, "i-b") + ",\"user_id\":7"),
            event(9, null, "srv-1", "ERROR", "stock low", ids(A, "i-a")));
  }

  private Path write(String name, String... lines) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return path;
  }

  @Test
  void printsOneRequestFromBothServicesAsATimelineInTimeOrder() {
    Run run = run("trace", A, gateway.toString(), inventory.toString());

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.lines();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0))
        .startsWith("+0.000s")
        .contains("gateway", "http-1", "INFO", "request received", "request_id=g-a")
        .doesNotContain("correlation_id", "@timestamp", "logger_name");
    assertThat(lines.get(1)).startsWith("+0.005s").contains("gateway", "pool-1", "calling");
    assertThat(lines.get(2))
        .startsWith("+0.006s")
        .as("no service field: the file name stands in")
        .contains("inventory", "srv-1", "stock reserved", "user_id=42");
    assertThat(lines.get(3)).startsWith("+0.009s").contains("ERROR", "stock low");
    assertThat(lines.get(4)).startsWith("+0.020s").contains("response sent", "http_status=200");
    assertThat(run.out()).doesNotContain(B, "g-b", "i-b");
  }

  @Test
  void matchesTheRequestIdToo() {
    Run run = run("trace", "i-b", gateway.toString(), inventory.toString());

    assertThat(run.status()).isZero();
    assertThat(run.lines()).singleElement().asString().contains("stock reserved", "user_id=7");
  }

  @Test
  void jsonPrintsTheMatchingLinesUnchangedInTimeOrder() throws IOException {
    Run run = run("trace", "--json", A, inventory.toString(), gateway.toString());

    List<String> g = Files.readAllLines(gateway);
    List<String> i = Files.readAllLines(inventory);
    List<String> expected = List.of(g.get(0), g.get(2), i.get(0), i.get(2), g.get(4));
    assertThat(run.lines()).containsExactlyElementsOf(expected);
  }

  @Test
  void readsGzipFilesTransparently() throws IOException {
    Path gz = dir.resolve("inventory.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(inventory, out);
    }
    Run plain = run("trace", A, gateway.toString(), inventory.toString());
    Run zipped = run("trace", A, gateway.toString(), gz.toString());

    assertThat(zipped.status()).isZero();
    assertThat(zipped.out()).isEqualTo(plain.out());
  }

  @Test
  void countsMalformedLinesOnStderrAndGoesOn() throws IOException {
    Path broken =
        write(
            "broken.json",
            event(2, "svc", "t", "INFO", "good one", ids(A, "x")),
            "{\"correlation_id\":\"" + A + "\", \"message\": ", // truncated
            "plain text mentioning " + A,
            event(3, "svc", "t", "INFO", "two objects", ids(A, "x")) + "{}",
            "{ not json at all, and no id }",
            event(4, "svc", "t", "INFO", "good two", ids(A, "x")));

    Run run = run("trace", A, broken.toString());

    assertThat(run.status()).isZero();
    assertThat(run.lines()).hasSize(2);
    assertThat(run.err()).contains("broken.json: 3 malformed lines");
  }

  @Test
  void anIdInsideAnotherIdOrAMessageDoesNotMatch() throws IOException {
    Path decoys =
        write(
            "decoys.json",
            event(1, "svc", "t", "INFO", "longer id", ids(A + "7", "r1")),
            event(2, "svc", "t", "INFO", "prefixed id", ids("x" + A, "r2")),
            event(3, "svc", "t", "INFO", "mentions " + A + " in passing", ids(B, "r3")),
            event(4, "svc", "t", "INFO", "other field", ids(B, "r4") + ",\"parent\":\"" + A + "\""),
            event(5, "svc", "t", "INFO", "the real one", ids(A, "r5")));

    Run run = run("trace", A, decoys.toString());

    assertThat(run.lines()).singleElement().asString().contains("the real one");
  }

  @Test
  void fieldSelectsWhatIsMatchedIncludingNestedAndNumericFields() throws IOException {
    Path ecs =
        write(
            "ecs.json",
            "{\"@timestamp\":\"2025-06-01T08:00:00.000Z\",\"log.level\":\"INFO\",\"message\":\"one\","
                + "\"ecs.version\":\"1.6.0\",\"process\":{\"thread\":{\"name\":\"main\"}},"
                + "\"service.name\":\"billing\",\"trace\":{\"id\":\"t-1\"},\"user_id\":42}",
            "{\"@timestamp\":\"2025-06-01T08:00:00.250+00:00\",\"log\":{\"level\":\"WARN\"},"
                + "\"message\":\"two\",\"trace\":{\"id\":\"t-2\"},\"user_id\":42}");

    Run byTrace = run("trace", "--field", "trace.id", "t-1", ecs.toString());
    assertThat(byTrace.status()).isZero();
    assertThat(byTrace.lines())
        .singleElement()
        .asString()
        .contains("billing", "main", "INFO", "one")
        .doesNotContain("ecs.version", "trace.id=");

    Run byUser = run("trace", "--field=user_id", "42", ecs.toString());
    assertThat(byUser.lines()).hasSize(2);
    assertThat(byUser.lines().get(1)).startsWith("+0.250s").contains("ecs", "WARN", "two");

    assertThat(run("trace", "--field", "correlation_id", "g-a", gateway.toString()).status())
        .as("--field replaces the default fields")
        .isEqualTo(1);
  }

  @Test
  void exitStatusIs1WhenNothingMatchedAnd2OnUsageErrors() {
    assertThat(run("trace", "no-such-id", gateway.toString()).status()).isEqualTo(1);
    assertThat(run().status()).isEqualTo(2);
    assertThat(run("follow", A, gateway.toString()).status()).isEqualTo(2);
    assertThat(run("trace", A).status()).isEqualTo(2);
    assertThat(run("trace").status()).isEqualTo(2);
    assertThat(run("trace", "--bogus", A, gateway.toString()).status()).isEqualTo(2);
    assertThat(run("trace", "--field").status()).isEqualTo(2);
    assertThat(run("--help").status()).isZero();

    Run missing = run("trace", A, gateway.toString(), dir.resolve("nope.json").toString());
    assertThat(missing.status()).as("a file that cannot be read").isEqualTo(2);
    assertThat(missing.err()).contains("nope.json");
    assertThat(missing.lines()).as("the readable file is still traced").hasSize(3);
  }

  @Test
  void controlCharactersInLogLinesCannotDriveTheTerminal() throws IOException {
    Path hostile =
        write(
            "hostile.json",
            event(1, "svc", "t", "INFO", "red \\u001b[31m text\\nsecond line", ids(A, "r")));

    Run run = run("trace", A, hostile.toString());

    assertThat(run.out()).doesNotContain("\u001b").contains("\\u001b[31m text\\nsecond line");
    assertThat(run.lines()).hasSize(1);
  }

  @Test
  void eventsWrittenSlightlyOutOfTimeOrderArePutBackInOrder() throws IOException {
    Path unordered =
        write(
            "unordered.json",
            event(10, "svc", "t", "INFO", "first written", ids(A, "r")),
            event(5, "svc", "t", "INFO", "second written, earlier time", ids(A, "r")),
            event(12, "svc", "t", "INFO", "third written", ids(A, "r")));

    Run run = run("trace", A, unordered.toString());

    assertThat(run.lines()).hasSize(3);
    assertThat(run.lines().get(0)).startsWith("+0.000s").contains("second written");
    assertThat(run.lines().get(1)).startsWith("+0.005s").contains("first written");
    assertThat(run.err()).doesNotContain("earlier than");
  }

  @Test
  void disorderBeyondTheReorderWindowKeepsFileOrderAndIsReported() throws IOException {
    String[] lines = new String[FileEvents.REORDER_WINDOW + 2];
    for (int i = 0; i < lines.length - 1; i++) {
      lines[i] = event(1000 + i, "svc", "t", "INFO", "in order " + i, ids(A, "r"));
    }
    lines[lines.length - 1] = event(5, "svc", "t", "INFO", "far too early", ids(A, "r"));
    Path unordered = write("unordered.json", lines);

    Run run = run("trace", A, unordered.toString());

    assertThat(run.lines()).hasSize(lines.length);
    assertThat(run.lines().get(0)).contains("in order 0");
    assertThat(run.lines()).anySatisfy(line -> assertThat(line).contains("far too early"));
    assertThat(run.err()).contains("unordered.json: 1 event was earlier than the one before");
  }

  @Test
  void crlfLinesAndLinesLongerThanTheReadBufferAreRead() throws IOException {
    String longLine = event(2, "svc", "t", "INFO", "x".repeat(3 << 20), ids(A, "r"));
    Path path = dir.resolve("long.json");
    Files.writeString(
        path,
        event(1, "svc", "t", "INFO", "short", ids(A, "r"))
            + "\r\n"
            + longLine
            + "\r\n"
            + event(3, "svc", "t", "INFO", "no final line break", ids(A, "r")),
        StandardCharsets.UTF_8);

    Run run = run("trace", "--json", A, path.toString());

    assertThat(run.status()).isZero();
    assertThat(run.lines()).hasSize(3);
    assertThat(run.lines().get(1)).isEqualTo(longLine);
    assertThat(run.out()).doesNotContain("\r");
  }

  @Test
  void aFileCutIntoParallelSegmentsGivesTheSameOutputAsOneSequentialPass() throws IOException {
    Path big = dir.resolve("big.json");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String correlation = i % 97 == 0 ? A : "c-" + i;
      lines.add(event(i, "svc", "t-" + (i % 7), "INFO", "line " + i, ids(correlation, "r-" + i)));
    }
    Files.write(big, lines, StandardCharsets.UTF_8);

    ByteArrayOutputStream sequential = new ByteArrayOutputStream();
    ByteArrayOutputStream parallel = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    int s1 =
        new Trace(
                A,
                List.of("correlation_id"),
                true,
                new PrintStream(sequential, true, StandardCharsets.UTF_8),
                err,
                1,
                1)
            .run(List.of(big));
    int s2 =
        new Trace(
                A,
                List.of("correlation_id"),
                true,
                new PrintStream(parallel, true, StandardCharsets.UTF_8),
                err,
                7,
                1000)
            .run(List.of(big));

    assertThat(s1).isZero();
    assertThat(s2).isZero();
    assertThat(parallel.toString(StandardCharsets.UTF_8))
        .isEqualTo(sequential.toString(StandardCharsets.UTF_8))
        .hasLineCount(20_000 / 97 + 1);
  }

  @Test
  void readsANamedPipeAsAStream() throws Exception {
    Path fifo = dir.resolve("fifo.json");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
    Thread feeder =
        new Thread(
            () -> {
              try (OutputStream out = Files.newOutputStream(fifo)) {
                Files.copy(gateway, out);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    feeder.start();

    Run run = run("trace", A, fifo.toString());

    feeder.join(10_000);
    assertThat(run.status()).isZero();
    assertThat(run.lines()).hasSize(3);
  }
}
