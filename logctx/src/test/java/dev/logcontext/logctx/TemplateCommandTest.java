package dev.logcontext.logctx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logcontext.logctx.Cli.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logctx template} and the options of {@code trace --url}, without a cluster. */
class TemplateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Run logctx(String... args) {
    return Cli.run(args);
  }

  private static JsonNode template(String... args) throws IOException {
    Run run = logctx(args);
    assertThat(run.status()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  @Test
  void theLogstashTemplateMapsTheStandardFieldsAndEveryOtherScalarAsKeyword() throws IOException {
    JsonNode template = template("template", "--preset", "logstash");

    assertThat(template.path("index_patterns").get(0).asText()).isEqualTo("logs-*");
    JsonNode mappings = template.path("template").path("mappings");
    assertThat(mappings.path("date_detection").asBoolean(true)).isFalse();
    assertThat(mappings.path("numeric_detection").asBoolean(true)).isFalse();
    JsonNode properties = mappings.path("properties");
    assertThat(properties.path("@timestamp").path("type").asText()).isEqualTo("date");
    assertThat(properties.path("message").path("type").asText()).isEqualTo("text");
    for (String keyword :
        List.of("level", "logger_name", "thread_name", "correlation_id", "request_id")) {
      assertThat(properties.path(keyword).path("type").asText()).as(keyword).isEqualTo("keyword");
    }
    List<String> dynamic = new ArrayList<>();
    for (JsonNode entry : mappings.path("dynamic_templates")) {
      JsonNode rule = entry.elements().next();
      dynamic.add(
          rule.path("match_mapping_type").asText() + ":" + rule.path("mapping").path("type"));
    }
    assertThat(dynamic)
        .containsExactly(
            "object:\"object\"",
            "string:\"keyword\"",
            "long:\"keyword\"",
            "double:\"keyword\"",
            "boolean:\"keyword\"");
    assertThat(
            template
                .path("template")
                .path("settings")
                .path("index.mapping.ignore_malformed")
                .asBoolean())
        .isTrue();
  }

  @Test
  void theEcsTemplateMapsTheEcsNamesAsObjects() throws IOException {
    JsonNode properties =
        template("template", "--preset", "ecs", "--index-pattern", "app-*")
            .path("template")
            .path("mappings")
            .path("properties");

    assertThat(properties.path("log").path("properties").path("level").path("type").asText())
        .isEqualTo("keyword");
    assertThat(
            properties
                .path("process")
                .path("properties")
                .path("thread")
                .path("properties")
                .path("name")
                .path("type")
                .asText())
        .isEqualTo("keyword");
    assertThat(
            properties.path("error").path("properties").path("stack_trace").path("type").asText())
        .isEqualTo("text");
    assertThat(properties.has("logger_name")).isFalse();
  }

  @Test
  void pinnedFieldsGetTheirTypeAndATextSibling() throws IOException {
    Path fields = dir.resolve("fields.txt");
    Files.writeString(
        fields,
        "# the same syntax as the fieldTypes option\nuser_id:long,tenant:keyword\n\n"
            + "  order.total : double  \nvip:boolean\n",
        StandardCharsets.UTF_8);

    JsonNode properties =
        template("template", "--preset", "logstash", "--fields", fields.toString())
            .path("template")
            .path("mappings")
            .path("properties");

    assertThat(properties.path("user_id").path("type").asText()).isEqualTo("long");
    assertThat(properties.path("user_id").path("ignore_malformed").asBoolean()).isTrue();
    assertThat(properties.path("user_id_text").path("type").asText()).isEqualTo("keyword");
    assertThat(properties.path("tenant").path("type").asText()).isEqualTo("keyword");
    JsonNode order = properties.path("order").path("properties");
    assertThat(order.path("total").path("type").asText()).isEqualTo("double");
    assertThat(order.path("total_text").path("type").asText()).isEqualTo("keyword");
    assertThat(properties.path("vip").path("type").asText())
        .as("boolean has no ignore_malformed: keyword keeps every line")
        .isEqualTo("keyword");
  }

  @Test
  void badFieldsFilesAreErrorsNamingTheLineAndEntry() throws IOException {
    assertThat(fieldsError("user_id:float\n"))
        .contains(":1: unknown type 'float' for field 'user_id'");
    assertThat(fieldsError("ok:long\nuser_id\n")).contains(":2: 'user_id' is not name:type");
    assertThat(fieldsError("a:long,a:keyword"))
        .contains("field 'a' is declared as long and keyword");
    assertThat(fieldsError(":long")).contains("':long' is not name:type");
    assertThat(fieldsError("level:long")).contains("field 'level' is one of the encoder's own");
    assertThat(fieldsError("user:long\nuser.id:long"))
        .contains("field 'user.id' is inside 'user', which is not an object");

    Run missing = logctx("template", "--preset", "ecs", "--fields", dir.resolve("no").toString());
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("--fields:", "no such file");
  }

  private String fieldsError(String text) throws IOException {
    Path fields = dir.resolve("bad.txt");
    Files.writeString(fields, text, StandardCharsets.UTF_8);
    Run run = logctx("template", "--preset", "logstash", "--fields", fields.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    return run.err();
  }

  @Test
  void fieldTypesParseTheOptionSyntax() {
    assertThat(FieldTypes.parse("user_id:long,tenant:keyword", "option").types())
        .containsExactly(
            java.util.Map.entry("user_id", FieldTypes.Type.LONG),
            java.util.Map.entry("tenant", FieldTypes.Type.KEYWORD));
    assertThatThrownBy(() -> FieldTypes.parse("x:LONG,y:", "option"))
        .hasMessageContaining("option:1: 'y:' is not name:type");
  }

  @Test
  void usageErrorsNameTheOption() {
    assertThat(usageError("template")).contains("template needs --preset");
    assertThat(usageError("template", "--preset", "gelf"))
        .contains("--preset: unknown preset 'gelf'");
    assertThat(usageError("template", "--preset")).contains("--preset needs a value");
    assertThat(usageError("template", "--preset", "ecs", "extra")).contains("no operand: extra");
    assertThat(usageError("template", "--preset", "ecs", "--json")).contains("template takes only");
    assertThat(usageError("trace", "--url", "ftp://host", "id")).contains("--url must be http");
    assertThat(usageError("trace", "--url", "http://u:p@host:9200", "id"))
        .contains("must not hold credentials");
    assertThat(usageError("trace", "--url", "http://host:9200", "--user", "u", "id"))
        .contains("--user and --password-env go together");
    assertThat(usageError("trace", "--index", "logs-*", "id", "file.json"))
        .contains("--index, --user and --password-env need --url");
    assertThat(usageError("trace", "--url", "http://host:9200", "id", "file.json"))
        .contains("no FILE is read");
    assertThat(usageError("trace", "--preset", "ecs", "id", "file.json"))
        .contains("belong to logctx template");
  }

  private static String usageError(String... args) {
    Run run = logctx(args);
    assertThat(run.status()).as(String.join(" ", args)).isEqualTo(2);
    return run.err();
  }
}
