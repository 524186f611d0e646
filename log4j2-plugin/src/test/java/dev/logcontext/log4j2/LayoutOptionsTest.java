package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.json.JsonFormat;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout's attributes: the same names as the shared option table, parsed by it. */
class LayoutOptionsTest {
  @TempDir Path dir;

  @Test
  void theAttributesNameExactlyTheOptionsOfTheTableAndOfTheDocs() throws IOException {
    Set<String> attributes = new TreeSet<>();
    for (Field field : LogContextJsonLayout.Builder.class.getDeclaredFields()) {
      PluginBuilderAttribute attribute = field.getAnnotation(PluginBuilderAttribute.class);
      // requiredFields is the layout's own diagnostic, not an option of the JSON format.
      if (attribute != null && !field.getName().equals("requiredFields")) {
        attributes.add(attribute.value().isEmpty() ? field.getName() : attribute.value());
      }
    }
    assertThat(attributes)
        .as(
            "@PluginBuilderAttribute names of LogContextJsonLayout against JsonFormat.optionNames()")
        .containsExactlyInAnyOrderElementsOf(JsonFormat.optionNames());
    assertThat(attributes)
        .as("@PluginBuilderAttribute names of LogContextJsonLayout against docs/json-format.md")
        .containsExactlyInAnyOrderElementsOf(documentedOptionNames());
  }

  @Test
  void typedSettersGiveTheSameFormatAsAttributes() {
    JsonFormat format =
        LogContextJsonLayout.newBuilder()
            .setMaxStringLength(100)
            .setRootCauseFirst(true)
            .setFrameExclusion("^a{1,3}")
            .setFrameExclusions("^b{1\\,3},^c")
            .build()
            .format();
    assertThat(format.maxStringLength()).isEqualTo(100);
    assertThat(format.rootCauseFirst()).isTrue();
    assertThat(format.frameExclusions()).containsExactly("^a{1,3}", "^b{1,3}", "^c");
  }

  @Test
  void regexesWithACommaAreConfiguredFromLog4j2Xml() throws Exception {
    Path file = dir.resolve("frames.log");
    LoggerContext context = Log4jConfigs.start("log4j2-frame-exclusions.xml", file);
    LogContextJsonLayout layout =
        (LogContextJsonLayout) context.getConfiguration().getAppender("FILE").getLayout();
    assertThat(layout.format().frameExclusions())
        .containsExactly(
            "^com\\.acme\\.[a-z]{1,3}\\.", "^org\\.lib\\.x{2,3}\\.", "^sun\\.reflect\\.");

    Throwable t = new IllegalStateException("boom");
    t.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("com.acme.ab.Proxy", "invoke", "Proxy.java", 1),
          new StackTraceElement("org.lib.xx.Glue", "call", "Glue.java", 2),
          new StackTraceElement("com.acme.abcd.Real", "run", "Real.java", 3),
          new StackTraceElement("org.lib.xxxx.Other", "run", "Other.java", 4),
          new StackTraceElement("com.example.Main", "main", "Main.java", 5)
        });
    context.getLogger("frames").error("failed", t);
    Log4jConfigs.stop(context);

    List<JsonNode> events = JsonLines.read(file);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("stack_trace").asText())
        .doesNotContain("Proxy", "Glue")
        .contains(
            "\t... 2 frames excluded\n",
            "com.acme.abcd.Real.run",
            "org.lib.xxxx.Other.run",
            "com.example.Main.main");
  }

  @Test
  void levelValueIsLogbacksNumberForEachLog4jLevelSoBothBackendsAgree() {
    LogContextJsonLayout layout =
        LogContextJsonLayout.newBuilder().setIncludeFields("level_value").build();
    Map<Level, Integer> expected = new LinkedHashMap<>();
    expected.put(Level.TRACE, 5000);
    expected.put(Level.DEBUG, 10000);
    expected.put(Level.INFO, 20000);
    expected.put(Level.WARN, 30000);
    expected.put(Level.ERROR, 40000);
    expected.put(Level.FATAL, 50000);
    expected.put(Level.forName("NOTICE", 350), 0);
    for (Map.Entry<Level, Integer> level : expected.entrySet()) {
      LogEvent event =
          Log4jLogEvent.newBuilder()
              .setLoggerName("levels")
              .setLevel(level.getKey())
              .setMessage(new SimpleMessage("m"))
              .build();
      assertThat(JsonLines.parse(layout.toSerializable(event)).get("level_value").asInt())
          .as(level.getKey().name())
          .isEqualTo(level.getValue());
    }
  }

  /** The option names of the "Builder options" table in docs/json-format.md. */
  static Set<String> documentedOptionNames() throws IOException {
    Path doc = Path.of(System.getProperty("user.dir")).resolveSibling("docs/json-format.md");
    List<String> lines = Files.readAllLines(doc);
    int header = -1;
    for (int i = 0; i < lines.size() && header < 0; i++) {
      if (lines.get(i).startsWith("| String form for XML config |")) {
        header = i;
      }
    }
    assertThat(header).as("docs/json-format.md has the options table").isNotNegative();
    Pattern name = Pattern.compile("^\\| `([A-Za-z]+)` \\|");
    Set<String> names = new LinkedHashSet<>();
    for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      Matcher m = name.matcher(lines.get(i));
      assertThat(m.find()).as("a row that names one option: %s", lines.get(i)).isTrue();
      names.add(m.group(1));
    }
    return names;
  }
}
