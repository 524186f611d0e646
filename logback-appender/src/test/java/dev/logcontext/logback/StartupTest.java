package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plain application ({@link PlainApplication}) started in a JVM of its own with the README's
 * {@code logback.xml}: nothing on standard error, only JSON lines on standard output, MDC and
 * LogContext fields typed in every line, whatever the order of the class path and with or without
 * {@code -Dslf4j.provider}.
 */
class StartupTest {
  private static final String PROVIDER =
      "-Dslf4j.provider=" + LogContextServiceProvider.class.getName();

  /** SLF4J's own report of the system property, printed at INFO before any provider runs. */
  private static final String SLF4J_QUIET = "-Dslf4j.internal.verbosity=WARN";

  private static final Pattern LOGBACK_JAR =
      Pattern.compile(".*[/\\\\]logback-(classic|core)-[^/\\\\]*\\.jar");
  private static final Pattern OUR_CLASSES =
      Pattern.compile(
          ".*[/\\\\]logback-appender([/\\\\]target[/\\\\]classes[/\\\\]?|-[^/\\\\]*\\.jar)");

  @TempDir Path dir;

  @ParameterizedTest(name = "logback first: {0}, options: {1}")
  @CsvSource({
    "true, ''",
    "false, ''",
    "true, provider",
    "false, provider",
  })
  void aPlainApplicationStartsWithNothingOnStderrAndOnlyTypedJsonLinesOnStdout(
      boolean logbackFirst, String options) throws Exception {
    Path config = writeConfig("logback.xml", ReadmeSnippetTest.readmeLogbackSnippet());
    List<String> jvmOptions = new ArrayList<>();
    jvmOptions.add("-Dlogback.configurationFile=" + config);
    if (options.equals("provider")) {
      jvmOptions.add(PROVIDER);
      jvmOptions.add(SLF4J_QUIET);
    }

    ChildJvm.Result result =
        ChildJvm.run(
            dir.resolve("run"),
            classPath(logbackFirst),
            jvmOptions,
            PlainApplication.class.getName());

    assertThat(result.stderr()).as("standard error").isEmpty();
    assertThat(result.exitCode()).as("exit code").isZero();
    assertPlainApplicationEvents(result.stdout());
  }

  @Test
  void withTheProviderPropertyAloneStderrHoldsOnlySlf4jsOwnReportOfIt() throws Exception {
    Path config = writeConfig("logback.xml", ReadmeSnippetTest.readmeLogbackSnippet());

    ChildJvm.Result result =
        ChildJvm.run(
            dir.resolve("run"),
            classPath(true),
            List.of("-Dlogback.configurationFile=" + config, PROVIDER),
            PlainApplication.class.getName());

    assertThat(result.stderr())
        .as("standard error")
        .isEqualTo(
            "SLF4J(I): Attempting to load provider \""
                + LogContextServiceProvider.class.getName()
                + "\" specified via \"slf4j.provider\" system property"
                + System.lineSeparator());
    assertPlainApplicationEvents(result.stdout());
  }

  @Test
  void withDebugTrueLogbackShowsThatTheEncoderInstalledLogContextAsTheMdc() throws Exception {
    String snippet = ReadmeSnippetTest.readmeLogbackSnippet();
    Path config =
        writeConfig(
            "logback-debug.xml",
            snippet.replace("<configuration>", "<configuration debug=\"true\">"));

    ChildJvm.Result result =
        ChildJvm.run(
            dir.resolve("run"),
            classPath(true),
            List.of("-Dlogback.configurationFile=" + config),
            PlainApplication.class.getName());

    assertThat(result.stderr()).as("standard error").isEmpty();
    assertThat(result.stdout())
        .contains(
            "|-INFO in " + LogContextJsonEncoder.class.getName(),
            "installed LogContext as the MDC of SLF4J and Logback")
        .doesNotContain("|-WARN", "|-ERROR");
  }

  @Test
  void theJarRegistersNoSlf4jProvider() throws Exception {
    String ours =
        LogContextServiceProvider.class
            .getProtectionDomain()
            .getCodeSource()
            .getLocation()
            .toString();
    List<String> providerFiles = new ArrayList<>();
    StartupTest.class
        .getClassLoader()
        .getResources("META-INF/services/org.slf4j.spi.SLF4JServiceProvider")
        .asIterator()
        .forEachRemaining(url -> providerFiles.add(url.toString()));

    assertThat(providerFiles).as("precondition: Logback's provider is listed").isNotEmpty();
    assertThat(providerFiles)
        .as(
            "a services file would make SLF4J report two providers and pick one by class path order")
        .noneMatch(url -> url.contains(ours));
  }

  private static void assertPlainApplicationEvents(String stdout) {
    assertThat(stdout).as("standard output").endsWith("\n");
    List<Map<String, Object>> events = new ArrayList<>();
    for (String line : stdout.substring(0, stdout.length() - 1).split("\n", -1)) {
      events.add(JsonLines.parse(line));
    }
    assertThat(events).hasSize(3);
    assertThat(events.get(0))
        .containsEntry("message", "Order 1001 placed")
        .containsEntry("service", "orders")
        .containsEntry("tenant", "acme")
        .containsEntry("request_id", "r-1")
        .containsEntry("user_id", 42)
        .containsEntry("order_id", "1001");
    assertThat(events.get(1))
        .containsEntry("message", "priced")
        .containsEntry("user_id", 42)
        .containsEntry("order_id", "1001")
        .containsEntry("amount_cents", 270);
    assertThat(events.get(2))
        .as(
            "the scope closed: its fields and the MDC.put inside it are gone, the earlier one stays")
        .containsEntry("message", "done")
        .containsEntry("tenant", "acme")
        .doesNotContainKeys("request_id", "user_id", "order_id");
  }

  private Path writeConfig(String name, String xml) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, xml, StandardCharsets.UTF_8);
    return file;
  }

  private static List<String> classPath(boolean logbackFirst) {
    Predicate<String> logback = entry -> LOGBACK_JAR.matcher(entry).matches();
    Predicate<String> ours = entry -> OUR_CLASSES.matcher(entry).matches();
    List<String> classPath = ChildJvm.testClassPath();
    assertThat(classPath).as("logback-classic on the class path").anyMatch(logback);
    assertThat(classPath).as("this module's classes on the class path").anyMatch(ours);
    return logbackFirst
        ? ChildJvm.reordered(classPath, logback, ours)
        : ChildJvm.reordered(classPath, ours, logback);
  }
}
