package dev.logcontext.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OptionTableTest {

  /** The option names of the "Builder options" table in docs/json-format.md, in its order. */
  static Set<String> documentedOptionNames() throws IOException {
    Path doc = Path.of(System.getProperty("user.dir")).resolveSibling("docs/json-format.md");
    List<String> lines = Files.readAllLines(doc);
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
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

  @Test
  void theDocumentedTableNamesTheOptionsOfTheBuilderInItsOrder() throws IOException {
    assertThat(documentedOptionNames()).containsExactlyElementsOf(JsonFormat.optionNames());
  }

  @Test
  void everyOptionSetsWhatItsBuilderMethodSets() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("preset", "GCP");
    options.put("fieldNames", "logger=logger, thread=thread");
    options.put("includeFields", "level_value");
    options.put("excludeFields", "tags");
    options.put("staticFields", "service.name=orders,note=a\\,b");
    options.put("includeKeys", "a,b");
    options.put("excludeKeys", "c");
    options.put("fieldTypes", "user_id:long, tenant:KEYWORD");
    options.put("nestContextUnder", "labels");
    options.put("collisionPrefix", "dup_");
    options.put("maxStringLength", " 100 ");
    options.put("maxEventBytes", "4096");
    options.put("redactKeys", "pin");
    options.put("redactionReplacement", "***");
    options.put("maxStackDepthPerThrowable", "5");
    options.put("shortenedClassNameLength", "20");
    options.put("frameExclusion", "^x\\.y{1,3}");
    options.put("frameExclusions", "^sun\\.reflect, ^a{1\\,3}$");
    options.put("rootCauseFirst", "TRUE");
    options.put("maxStackTraceLength", "1000");
    options.put("ecsVersion", "9.0");
    options.put("valueConverter", "default");
    options.put("gcpProject", "my-project");
    options.put("gcpLabels", "tenant, region");
    options.put("nestDottedNames", "False");
    assertThat(options.keySet()).containsExactlyElementsOf(JsonFormat.optionNames());

    JsonFormat format = JsonFormat.builder().options(new TreeMap<>(options)).build();

    assertThat(format.preset()).isEqualTo(JsonFormat.Preset.GCP);
    assertThat(format.fieldName(StandardField.LOGGER)).isEqualTo("logger");
    assertThat(format.fieldName(StandardField.THREAD)).isEqualTo("thread");
    assertThat(format.fieldName(StandardField.LEVEL_VALUE)).isEqualTo("level_value");
    assertThat(format.fieldName(StandardField.TAGS)).isNull();
    assertThat(format.staticFields())
        .containsExactly(Map.entry("service.name", "orders"), Map.entry("note", "a,b"));
    assertThat(format.includeKeys()).containsExactly("a", "b");
    assertThat(format.excludeKeys()).containsExactly("c");
    assertThat(format.fieldTypes())
        .containsExactly(
            Map.entry("user_id", FieldType.LONG), Map.entry("tenant", FieldType.KEYWORD));
    assertThat(format.nestContextUnder()).isEqualTo("labels");
    assertThat(format.collisionPrefix()).isEqualTo("dup_");
    assertThat(format.maxStringLength()).isEqualTo(100);
    assertThat(format.maxEventBytes()).isEqualTo(4096);
    assertThat(format.redactKeys()).containsExactly("pin");
    assertThat(format.redactionReplacement()).isEqualTo("***");
    assertThat(format.maxStackDepthPerThrowable()).isEqualTo(5);
    assertThat(format.shortenedClassNameLength()).isEqualTo(20);
    assertThat(format.frameExclusions())
        .as("frameExclusion comes before frameExclusions in the table, whatever the map's order")
        .containsExactly("^x\\.y{1,3}", "^sun\\.reflect", "^a{1,3}$");
    assertThat(format.rootCauseFirst()).isTrue();
    assertThat(format.maxStackTraceLength()).isEqualTo(1000);
    assertThat(format.ecsVersion()).isEqualTo("9.0");
    assertThat(format.gcpProject()).isEqualTo("my-project");
    assertThat(format.gcpLabels()).containsExactly("tenant", "region");
    assertThat(format.nestDottedNames()).isFalse();
  }

  @Test
  void aCommaInsideAListItemIsWrittenWithABackslashAndOtherPairsStayAsWritten() {
    assertThat(Options.splitList("a{1\\,3}, b\\.c ,,\\d+\\\\,e\\"))
        .containsExactly("a{1,3}", "b\\.c", "\\d+\\\\", "e\\");
    assertThat(Options.splitList(" , ")).isEmpty();
    assertThat(Options.splitList(null)).isEmpty();
  }

  @Test
  void aRegexWithACommaExcludesTheFramesItMatches() {
    Throwable t = new IllegalStateException("boom");
    t.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("com.acme.ab.Proxy", "invoke", "Proxy.java", 1),
          new StackTraceElement("com.acme.abcd.Real", "run", "Real.java", 2),
          new StackTraceElement("com.example.Main", "main", "Main.java", 3)
        });
    JsonFormat format =
        JsonFormat.builder().option("frameExclusions", "^com\\.acme\\.[a-z]{1\\,3}\\.").build();
    String trace =
        Lines.parse(JsonEventWriter.create(format), TestEvent.event().thrown(t))
            .get("stack_trace")
            .asText();
    assertThat(trace)
        .doesNotContain("Proxy")
        .contains("... 1 frames excluded", "com.acme.abcd.Real.run", "com.example.Main.main");
  }

  @Test
  void aNullValueLeavesTheOptionAsItIs() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("maxStringLength", null);
    options.put("preset", "ecs");
    JsonFormat format =
        JsonFormat.builder().maxStringLength(7).option("preset", null).options(options).build();
    assertThat(format.maxStringLength()).isEqualTo(7);
    assertThat(format.preset()).isEqualTo(JsonFormat.Preset.ECS);
  }

  @Test
  void badStringValuesAreReportedOnceNamingOptionAndValueAndReplacedByTheDefault() {
    List<String> problems = new ArrayList<>();
    JsonFormat format =
        JsonFormat.builder()
            .option("maxEventBytes", "16k")
            .option("rootCauseFirst", "yes")
            .option("colisionPrefix", "x_")
            .build(problems::add);
    assertThat(format.maxEventBytes()).isZero();
    assertThat(format.rootCauseFirst()).isFalse();
    assertThat(problems)
        .containsExactly(
            "maxEventBytes: '16k' is not a whole number; using the default (0)",
            "rootCauseFirst: 'yes' is not true or false; using the default (false)",
            "colisionPrefix: unknown option (value 'x_'); ignored");
  }
}
