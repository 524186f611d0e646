package dev.logcontext.startup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.logcontext.logback.LogContextServiceProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringBootVersion;

/**
 * A Spring Boot application ({@link BootApplication}) with the README's {@code logback.xml}, as
 * {@code logback.xml} or as {@code logback-spring.xml}, started in a JVM of its own with and
 * without {@code -Dslf4j.provider}: nothing on standard error, and standard output is JSON lines
 * only, Boot's own lines included, with the MDC and LogContext fields typed.
 */
class SpringBootStartupTest {
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}, provider property: {1}")
  @CsvSource({
    "logback.xml, false",
    "logback-spring.xml, false",
    "logback.xml, true",
    "logback-spring.xml, true",
  })
  void aSpringBootApplicationStartsWithNothingOnStderrAndOnlyJsonLinesOnStdout(
      String configName, boolean providerProperty) throws Exception {
    assertThat(SpringBootVersion.getVersion())
        .as("the Boot major of this module")
        .startsWith(System.getProperty("startup.springBootMajor") + ".");
    Path configDir = Files.createDirectories(dir.resolve("config"));
    Files.writeString(
        configDir.resolve(configName), readmeLogbackSnippet(), StandardCharsets.UTF_8);
    List<String> classPath = new ArrayList<>();
    classPath.add(configDir.toString());
    classPath.addAll(ChildJvm.testClassPath());
    List<String> options = new ArrayList<>();
    if (providerProperty) {
      options.add("-Dslf4j.provider=" + LogContextServiceProvider.class.getName());
      // SLF4J reports the property itself, at INFO, on standard error; this silences SLF4J's own
      // reports below WARN (see the README).
      options.add("-Dslf4j.internal.verbosity=WARN");
    }

    ChildJvm.Result result =
        ChildJvm.run(dir.resolve("run"), classPath, options, BootApplication.class.getName());

    assertThat(result.stderr()).as("standard error").isEmpty();
    assertThat(result.exitCode()).as("exit code").isZero();
    List<Map<String, Object>> events = parseLines(result.stdout());
    assertThat(events)
        .as("Boot's own start-up line")
        .anySatisfy(
            event ->
                assertThat((String) event.get("message")).startsWith("Started BootApplication"));
    Map<String, Object> placed = only(events, "Order 1001 placed");
    assertThat(placed)
        .containsEntry("logger_name", "com.example.OrderService")
        .containsEntry("service", "orders")
        .containsEntry("tenant", "acme")
        .containsEntry("request_id", "r-1")
        .containsEntry("user_id", 42)
        .containsEntry("order_id", "1001");
    assertThat(only(events, "done"))
        .containsEntry("tenant", "acme")
        .doesNotContainKeys("request_id", "user_id", "order_id");
  }

  private static Map<String, Object> only(List<Map<String, Object>> events, String message) {
    List<Map<String, Object>> found =
        events.stream().filter(event -> message.equals(event.get("message"))).toList();
    assertThat(found).as("events with message " + message).hasSize(1);
    return found.get(0);
  }

  private static List<Map<String, Object>> parseLines(String stdout) {
    assertThat(stdout).as("standard output").endsWith("\n");
    List<Map<String, Object>> events = new ArrayList<>();
    for (String line : stdout.substring(0, stdout.length() - 1).split("\n", -1)) {
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> event = STRICT.readValue(line, LinkedHashMap.class);
        events.add(event);
      } catch (IOException e) {
        throw new AssertionError("not one valid JSON object: " + line, e);
      }
    }
    return events;
  }

  /** The first {@code xml} block of the README's Logback section, as a user copies it. */
  private static String readmeLogbackSnippet() throws IOException {
    Path readme = Path.of(System.getProperty("user.dir")).resolve("../../README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int section = text.indexOf("\n## Logback\n");
    assertThat(section).as("README has a Logback section").isPositive();
    Matcher block = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(block.find(section)).as("an xml block in the Logback section").isTrue();
    return block.group(1);
  }
}
