package dev.logcontext.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's command line, run in-process the way {@code main} runs it. */
class DemoMainTest {
  @TempDir Path logs;

  private record Run(int status, String out, String err) {}

  private static Run demo(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        DemoMain.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void badArgumentsExitWithTwoAndPrintTheUsage() {
    for (String[] args :
        new String[][] {
          {"--requests", "0"},
          {"--requests", "many"},
          {"--requests"},
          {"--log-dir", ""},
          {"--preset", "gcp"},
          {"--preset"},
          {"--backend", "jul"},
          {"--bogus"}
        }) {
      Run run = demo(args);
      assertThat(run.status).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err)
          .startsWith("demo: ")
          .contains("usage: java -jar logging-context-demo.jar");
    }
    Run help = demo("--help");
    assertThat(help.status).isZero();
    assertThat(help.out)
        .contains("--requests N", "--log-dir DIR", "--preset P", "--backend B", "--serve");
  }

  @Test
  void thePresetAndBackendOptionsAreParsedAndNamedInTheirErrors() {
    assertThat(DemoOptions.parse().preset()).isEqualTo("logstash");
    assertThat(DemoOptions.parse().backend()).isEqualTo(DemoOptions.Backend.LOGBACK);
    DemoOptions chosen = DemoOptions.parse("--preset", "ecs", "--backend=log4j2");
    assertThat(chosen.preset()).isEqualTo("ecs");
    assertThat(chosen.backend()).isEqualTo(DemoOptions.Backend.LOG4J2);

    assertThat(demo("--preset", "gcp").err).contains("--preset must be logstash or ecs, was 'gcp'");
    assertThat(demo("--backend", "jul").err)
        .contains("--backend must be logback or log4j2, was 'jul'");
  }

  @Test
  void theLogbackBackendWritesTheEcsPresetInThisJvm() throws IOException {
    Run run = demo("--requests", "4", "--log-dir", logs.toString(), "--preset", "ecs");
    assertThat(run.status).as(run.out + run.err).isZero();
    for (String service : Demo.SERVICES) {
      for (JsonNode line : DemoEndToEndTest.strictJsonLines(logs.resolve(service + ".json"))) {
        assertThat(line.has("log.level")).as(line.toString()).isTrue();
        assertThat(line.has("level")).as(line.toString()).isFalse();
      }
    }
  }

  @Test
  void theLog4j2BackendIsAClearErrorWhenSlf4jIsBoundToLogback() {
    Run run = demo("--requests", "4", "--log-dir", logs.toString(), "--backend", "log4j2");
    assertThat(run.status).isEqualTo(1);
    assertThat(run.err).contains("--backend log4j2 needs SLF4J bound to Log4j2");
  }

  @Test
  void aSecondRunReplacesTheLogsOfTheFirst() throws IOException {
    Run first = demo("--requests", "8", "--log-dir", logs.toString());
    assertThat(first.status).as(first.out + first.err).isZero();
    Set<String> firstIds = correlationIds();

    Run second = demo("--requests=8", "--log-dir=" + logs);
    assertThat(second.status).as(second.out + second.err).isZero();
    Set<String> secondIds = correlationIds();

    assertThat(firstIds).hasSize(7); // 8 requests, one refused by Jetty for raw CR/LF
    assertThat(secondIds).hasSize(7).doesNotContainAnyElementsOf(firstIds);
    long gatewayLines = DemoEndToEndTest.strictJsonLines(logs.resolve("gateway.json")).size();
    assertThat(second.out).containsPattern("gateway\\.json\\s+" + gatewayLines + "\n");
  }

  private Set<String> correlationIds() throws IOException {
    Set<String> ids = new HashSet<>();
    for (String service : Demo.SERVICES) {
      for (JsonNode line : DemoEndToEndTest.strictJsonLines(logs.resolve(service + ".json"))) {
        ids.add(line.path("correlation_id").asText());
      }
    }
    return ids;
  }
}
