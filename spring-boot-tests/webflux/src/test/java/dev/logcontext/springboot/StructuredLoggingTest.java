package dev.logcontext.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.spring.boot.logging.LogContextLogbackFormatter;
import dev.logcontext.springboot.plain.PlainApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * {@code logging.structured.format.console=logcontext}, with no Logback configuration file, in a
 * Spring Boot application ({@link PlainApp}) started in a JVM of its own: the same JSON lines as
 * {@code LogContextJsonEncoder} configured in a {@code logback.xml} with the same options, nothing
 * on standard error, and MDC keys named {@code message} and {@code error} neither throw nor lose
 * the event.
 */
class StructuredLoggingTest {
  /** Where the children's output stays after the run, for a look when a test failed. */
  private final Path dir = Path.of("target", "children", "StructuredLoggingTest");

  @BeforeAll
  static void runsOnTheBootMajorOfItsModule() {
    assertThat(SpringBootVersion.getVersion())
        .as("the Boot major of this module")
        .startsWith(System.getProperty("springBootMajor") + ".");
  }

  @Test
  void theShortNameWritesTheSameLinesAsTheLogbackEncoder() throws Exception {
    List<Map<String, Object>> structured =
        run(
            "structured",
            "--logging.structured.format.console=logcontext",
            "--logcontext.json.static-fields.service=orders",
            "--logcontext.json.max-string-length=200");
    List<Map<String, Object>> encoder =
        run("encoder", "--logging.config=classpath:encoder-logback.xml");

    assertThat(structured)
        .as("Boot's own start-up line")
        .anySatisfy(
            event -> assertThat((String) event.get("message")).startsWith("Started PlainApp"));
    List<Map<String, Object>> ours = applicationLines(structured);
    assertThat(ours).as("the application's lines").hasSize(6);
    assertThat(ours).isEqualTo(applicationLines(encoder));

    Map<String, Object> placed = ours.get(0);
    assertThat(placed)
        .containsEntry("message", "Order 1001 placed")
        .containsEntry("service", "orders")
        .containsEntry("request_id", "r-1")
        .containsEntry("user_id", 42);
    assertThat(ours.get(1))
        .as("MDC keys named message and error")
        .containsEntry("message", "with MDC keys message and error")
        .containsEntry("ctx_message", "from the MDC")
        .containsEntry("error", "also from the MDC");
    assertThat(ours.get(2))
        .containsEntry("message", "payment failed")
        .containsEntry("ctx_message", "from the MDC");
    assertThat((String) ours.get(2).get("stack_trace"))
        .startsWith("java.lang.IllegalStateException: card declined");
    assertThat(ours.get(3))
        .as("a key-value named message")
        .containsEntry("message", "kv")
        .containsEntry("ctx_message", "a key-value")
        .containsEntry("sku", "pear");
    assertThat(((String) ours.get(4).get("message")).length())
        .as("logcontext.json.max-string-length")
        .isLessThan(300);
  }

  @Test
  void theClassNameWorksTooAndTheEcsPresetKeepsEveryEvent() throws Exception {
    List<Map<String, Object>> ecs =
        applicationLines(
            run(
                "ecs",
                "--logging.structured.format.console=" + LogContextLogbackFormatter.class.getName(),
                "--logcontext.json.preset=ecs"));

    assertThat(ecs).hasSize(6);
    assertThat(ecs.get(1))
        .containsEntry("message", "with MDC keys message and error")
        .containsEntry("ctx_message", "from the MDC")
        .containsKey("ecs.version");
    assertThat(ecs.get(2))
        .containsEntry("message", "payment failed")
        .containsEntry("error.type", "java.lang.IllegalStateException")
        .containsEntry("error.message", "card declined");
  }

  @Test
  void theShortNameWorksForTheFileToo() throws Exception {
    Path logFile = dir.resolve("file").resolve("app.json");
    Files.deleteIfExists(logFile); // Logback appends to what an earlier run left
    List<Map<String, Object>> console =
        run(
            "file",
            "--logging.structured.format.console=logcontext",
            "--logging.structured.format.file=logcontext",
            "--logging.file.name=app.json");

    List<Map<String, Object>> file =
        JsonLines.parse(Files.readString(logFile, StandardCharsets.UTF_8));
    assertThat(applicationLines(file)).hasSize(6).isEqualTo(applicationLines(console));
  }

  @Test
  void anUnknownOrBadOptionIsReportedNamingThePropertyAndLoggingGoesOn() throws Exception {
    try (ChildApp app =
        ChildApp.start(
            dir.resolve("bad"),
            ChildApp.jvmOptions(),
            PlainApp.class,
            List.of(
                "--logging.structured.format.console=logcontext",
                "--logcontext.json.max-event-bytes=lots",
                "--logcontext.json.colour=red"))) {
      ChildApp.Output output = app.awaitExit();
      assertThat(output.exitCode()).as("exit code").isZero();
      assertThat(output.stderr())
          .as("Logback's status lines")
          .contains("logcontext.json.max-event-bytes: 'lots' is not a whole number; ignored")
          .contains("logcontext.json.colour: unknown option (value 'red'); ignored");
      assertThat(applicationLines(JsonLines.parse(output.stdout())))
          .as("the application's lines, with the other options")
          .hasSize(6);
    }
  }

  @Test
  void onLog4j2TheShortNameWritesTheSameLinesAsTheLog4j2Layout() throws Exception {
    List<Map<String, Object>> structured =
        runOnLog4j2(
            "log4j2-structured",
            "--logging.structured.format.console=logcontext",
            "--logcontext.json.static-fields.service=orders",
            "--logcontext.json.max-string-length=200");
    List<Map<String, Object>> layout =
        runOnLog4j2("log4j2-layout", "--logging.config=classpath:layout-log4j2.xml");

    assertThat(structured)
        .as("Boot's own start-up line")
        .anySatisfy(
            event -> assertThat((String) event.get("message")).startsWith("Started PlainApp"));
    List<Map<String, Object>> ours = applicationLines(structured);
    assertThat(ours).as("the application's lines").hasSize(6);
    assertThat(ours).isEqualTo(applicationLines(layout));
    assertThat(ours.get(0))
        .containsEntry("message", "Order 1001 placed")
        .containsEntry("service", "orders")
        .containsEntry("user_id", 42);
    assertThat(ours.get(1))
        .as("MDC keys named message and error")
        .containsEntry("message", "with MDC keys message and error")
        .containsEntry("ctx_message", "from the MDC")
        .containsEntry("error", "also from the MDC");
  }

  /** Runs {@link PlainApp} on Log4j2: Logback and its bridges are taken off the class path. */
  private List<Map<String, Object>> runOnLog4j2(String name, String... args) throws Exception {
    List<String> classPath =
        ChildApp.testClassPath().stream()
            .filter(
                entry ->
                    !entry.contains("logback")
                        && !entry.contains("log4j-to-slf4j")
                        && !entry.contains("logback-appender"))
            .toList();
    try (ChildApp app =
        ChildApp.start(dir.resolve(name), classPath, List.of(), PlainApp.class, List.of(args))) {
      return output(app);
    }
  }

  private List<Map<String, Object>> run(String name, String... args) throws Exception {
    try (ChildApp app =
        ChildApp.start(dir.resolve(name), ChildApp.jvmOptions(), PlainApp.class, List.of(args))) {
      return output(app);
    }
  }

  private static List<Map<String, Object>> output(ChildApp app) throws Exception {
    ChildApp.Output output = app.awaitExit();
    assertThat(output.stderr()).as("standard error").isEmpty();
    assertThat(output.exitCode()).as("exit code; standard output: %s", output.stdout()).isZero();
    return JsonLines.parse(output.stdout());
  }

  /** The lines of the application's logger, without the timestamp (the one field that differs). */
  private static List<Map<String, Object>> applicationLines(List<Map<String, Object>> events) {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (Map<String, Object> event : events) {
      Object logger = event.containsKey("logger_name") ? event.get("logger_name") : event.get("log.logger");
      if ("com.example.OrderService".equals(logger)) {
        Map<String, Object> copy = new LinkedHashMap<>(event);
        copy.remove("@timestamp");
        lines.add(copy);
      }
    }
    return lines;
  }
}
