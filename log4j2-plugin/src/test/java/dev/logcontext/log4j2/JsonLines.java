package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file of JSON lines strictly: valid UTF-8 JSON, one object per line, no duplicate keys.
 */
final class JsonLines {
  static final ObjectMapper STRICT =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private JsonLines() {}

  static List<JsonNode> read(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    List<JsonNode> events = new ArrayList<>();
    if (text.isEmpty()) {
      return events;
    }
    assertThat(text).as("the file ends with a newline").endsWith("\n");
    int start = 0;
    for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      String line = text.substring(start, end);
      events.add(parse(line));
      start = end + 1;
    }
    return events;
  }

  static JsonNode parse(String line) {
    try (JsonParser parser = STRICT.createParser(line)) {
      JsonNode node = STRICT.readTree(parser);
      assertThat(node).as("line %s", abbreviate(line)).isNotNull();
      assertThat(node.isObject()).as("line %s is an object", abbreviate(line)).isTrue();
      assertThat(parser.nextToken())
          .as("nothing after the object in %s", abbreviate(line))
          .isNull();
      return node;
    } catch (IOException e) {
      throw new AssertionError("invalid JSON line: " + abbreviate(line), e);
    }
  }

  private static String abbreviate(String line) {
    return line.length() <= 300 ? line : line.substring(0, 300) + "...";
  }
}
