package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.FileAppender;
import dev.logcontext.json.JsonFormat;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The encoder's options: the same names as the shared option table, kept across restarts. */
class EncoderOptionsTest {
  @TempDir Path dir;
  private LoggerContext context;

  @AfterEach
  void stopLogback() {
    if (context != null) {
      LogbackConfigs.stop(context);
    }
  }

  @Test
  void theSettersNameExactlyTheOptionsOfTheTableAndOfTheDocs() throws IOException {
    Set<String> setters = new TreeSet<>();
    for (Method method : LogContextJsonEncoder.class.getDeclaredMethods()) {
      String name = method.getName();
      if (Modifier.isPublic(method.getModifiers())
          && !Modifier.isStatic(method.getModifiers())
          && method.getParameterCount() == 1
          && name.length() > 3
          && (name.startsWith("set") || name.startsWith("add"))
          // the encoder's own diagnostic, not an option of the JSON format
          && !name.equals("setRequiredFields")) {
        // Joran's property name: setMaxEventBytes -> maxEventBytes, addFrameExclusion ->
        // frameExclusion.
        setters.add(name.substring(3, 4).toLowerCase(Locale.ROOT) + name.substring(4));
      }
    }
    assertThat(setters)
        .as("setters of LogContextJsonEncoder against JsonFormat.optionNames()")
        .containsExactlyInAnyOrderElementsOf(JsonFormat.optionNames());
    assertThat(setters)
        .as("setters of LogContextJsonEncoder against docs/json-format.md")
        .containsExactlyInAnyOrderElementsOf(documentedOptionNames());
  }

  @Test
  void frameExclusionsDoNotAccumulateWhenTheEncoderIsRestarted() {
    LogContextJsonEncoder encoder = new LogContextJsonEncoder();
    encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    encoder.addFrameExclusion("^a\\.");
    encoder.setFrameExclusions("^b\\.,^c{1\\,3}\\.");
    List<List<String>> seen = new ArrayList<>();
    for (int start = 0; start < 3; start++) {
      encoder.start();
      seen.add(encoder.format().frameExclusions());
      encoder.stop();
    }
    assertThat(seen)
        .as("frame exclusions after each of three starts")
        .containsOnly(List.of("^a\\.", "^b\\.", "^c{1,3}\\."));
  }

  @Test
  void regexesWithACommaAreConfiguredFromLogbackXml() throws Exception {
    Path file = dir.resolve("frames.json");
    context = LogbackConfigs.load("json-frame-exclusions.xml", file);
    LogContextJsonEncoder encoder =
        (LogContextJsonEncoder)
            ((FileAppender<?>) context.getLogger("ROOT").getAppender("FILE")).getEncoder();
    assertThat(encoder.format().frameExclusions())
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
    LogbackConfigs.stop(context);
    context = null;

    List<Map<String, Object>> events = JsonLines.read(file);
    assertThat(events).hasSize(1);
    assertThat((String) events.get(0).get("stack_trace"))
        .doesNotContain("Proxy", "Glue")
        .contains(
            "\t... 2 frames excluded\n",
            "com.acme.abcd.Real.run",
            "org.lib.xxxx.Other.run",
            "com.example.Main.main");
  }

  @Test
  void levelValueIsLogbacksOwnNumberForTheLevel() {
    LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogContextJsonEncoder encoder = new LogContextJsonEncoder();
    encoder.setContext(loggers);
    encoder.setIncludeFields("level_value");
    encoder.start();
    for (Level level : List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR)) {
      LoggingEvent event =
          new LoggingEvent("fqcn", loggers.getLogger("levels"), level, "m", null, null);
      String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
      assertThat(JsonLines.parse(line.trim()))
          .as(level.levelStr)
          .containsEntry("level_value", level.toInt());
    }
    encoder.stop();
  }

  /** The option names of the "Builder options" table in docs/json-format.md. */
  static Set<String> documentedOptionNames() throws IOException {
    Path doc = Path.of(System.getProperty("user.dir")).resolveSibling("docs/json-format.md");
    List<String> lines = Files.readAllLines(doc);
    int header =
        lines.indexOf(
            lines.stream()
                .filter(l -> l.startsWith("| String form for XML config |"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("docs/json-format.md has no options table")));
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
