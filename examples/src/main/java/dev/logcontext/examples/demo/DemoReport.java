package dev.logcontext.examples.demo;

import dev.logcontext.examples.demo.PlannedRequest.Kind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The result of one demo run: what each request got back and what the log files hold.
 *
 * @param gatewayPort the gateway's port during the run
 * @param inventoryPort the inventory service's port during the run
 * @param outcomes one per request of the burst, in the order sent
 * @param files the service log files, then the file of lines without a service if there is one
 * @param exampleCorrelationId the correlation id of one served request, or null if none was
 * @param logDirectory the directory as given on the command line
 * @param elapsed how long the burst took, from the first request sent to the last answer
 */
record DemoReport(
    int gatewayPort,
    int inventoryPort,
    List<Outcome> outcomes,
    List<LogFileStats> files,
    String exampleCorrelationId,
    Path logDirectory,
    Duration elapsed) {

  /** Returns how many requests the gateway answered with 200. */
  long served() {
    return outcomes.stream().filter(Outcome::served).count();
  }

  /** Returns how many requests did not get the status they should get. */
  long failed() {
    return outcomes.stream().filter(outcome -> !outcome.asExpected()).count();
  }

  long count(Kind kind) {
    return outcomes.stream().filter(outcome -> outcome.request().kind() == kind).count();
  }

  /** Returns the lines, over all files, without a correlation id. */
  long linesWithoutCorrelationId() {
    return files.stream().mapToLong(LogFileStats::withoutCorrelationId).sum();
  }

  /** Returns the lines, over all files, that are not exactly one JSON object. */
  long malformedLines() {
    return files.stream().mapToLong(LogFileStats::malformed).sum();
  }

  /** Returns the lines written by no service (they went to {@code unattributed.json}). */
  long unattributedLines() {
    return files.stream()
        .filter(file -> file.file().getFileName().toString().equals(Demo.UNATTRIBUTED_FILE))
        .mapToLong(LogFileStats::lines)
        .sum();
  }

  /** Returns 0 when everything went as it should, else 1. */
  int exitStatus() {
    boolean ok =
        failed() == 0
            && linesWithoutCorrelationId() == 0
            && malformedLines() == 0
            && unattributedLines() == 0
            && exampleCorrelationId != null;
    return ok ? 0 : 1;
  }

  /** Prints the summary: the numbers, then how to follow the example request. */
  void print(PrintStream out) {
    out.printf(
        "Sent %d concurrent requests to the gateway (127.0.0.1:%d), which called inventory"
            + " (127.0.0.1:%d), in %d ms:%n",
        outcomes.size(), gatewayPort, inventoryPort, elapsed.toMillis());
    row(out, count(Kind.NO_ID), "without ids", "ids generated");
    row(
        out,
        count(Kind.CALLER_ID) + count(Kind.CALLER_ID_AND_TRACE),
        "with a caller's correlation id",
        "kept (" + count(Kind.CALLER_ID_AND_TRACE) + " also with a traceparent, kept too)");
    row(out, count(Kind.HOSTILE), "with hostile id headers", "replaced and flagged, never logged");
    row(
        out,
        count(Kind.HOSTILE_RAW),
        "with raw CR/LF in a header",
        "refused by Jetty (400) before any filter");
    out.printf("Requests served: %d; answered otherwise than expected: %d%n", served(), failed());
    for (Outcome outcome : outcomes) {
      if (!outcome.asExpected()) {
        out.printf(
            "  FAILED request %d (%s): expected %d, got %s%n",
            outcome.request().index(),
            outcome.request().target(),
            outcome.request().expectedStatus(),
            outcome.error() != null ? outcome.error() : String.valueOf(outcome.status()));
      }
    }
    out.println();
    out.println("Lines written:");
    for (LogFileStats file : files) {
      out.printf("  %-28s %7d%n", display(file.file()), file.lines());
    }
    out.printf("Lines without a correlation id: %d%n", linesWithoutCorrelationId());
    if (malformedLines() > 0) {
      out.printf("Lines that are not one JSON object: %d%n", malformedLines());
    }
    if (unattributedLines() > 0) {
      out.printf("Lines without a service field: %d%n", unattributedLines());
    }
    if (exampleCorrelationId == null) {
      out.println("No request was served; nothing to follow.");
      return;
    }
    String files = shellWord(display(logDirectory)) + "/*.json";
    out.println();
    out.printf("Follow one request, correlation id %s:%n", exampleCorrelationId);
    out.printf("  grep -F '\"correlation_id\":\"%s\"' %s%n", exampleCorrelationId, files);
    out.printf("  jq -c 'select(.correlation_id == \"%s\")' %s%n", exampleCorrelationId, files);
    out.printf("  java -jar logctx/target/logctx.jar trace %s %s%n", exampleCorrelationId, files);
    out.println(exitStatus() == 0 ? "OK" : "FAILED");
  }

  private static void row(PrintStream out, long count, String what, String result) {
    out.printf("  %5d %-32s %s%n", count, what, result);
  }

  /** A path as the user gave it, with forward slashes for the shell commands. */
  private static String display(Path path) {
    return path.toString().replace('\\', '/');
  }

  /** Returns {@code word} quoted for a POSIX shell when it needs quoting. */
  private static String shellWord(String word) {
    if (word.matches("[A-Za-z0-9_./-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
