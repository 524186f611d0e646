package dev.logcontext.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Strict checks of produced lines: one line, valid UTF-8, valid JSON, no duplicate keys. */
final class Lines {
  static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private Lines() {}

  /** Checks that {@code line} is exactly one line of valid JSON and returns the parsed object. */
  static ObjectNode parse(byte[] line) {
    assertThat(line).as("line ends with a newline").isNotEmpty();
    assertThat(line[line.length - 1]).as("last byte is \\n").isEqualTo((byte) '\n');
    String text = decodeStrictly(line);
    assertThat(text.indexOf('\n')).as("single newline, at the end").isEqualTo(text.length() - 1);
    assertThat(text).as("no raw CR, U+2028 or U+2029").doesNotContain("\r", "\u2028", "\u2029");
    for (int i = 0; i < text.length() - 1; i++) {
      assertThat(text.charAt(i) >= 0x20).as("no raw control char at %d", i).isTrue();
    }
    try {
      JsonNode node = STRICT.readTree(line);
      assertThat(node.isObject()).as("an object: %s", text).isTrue();
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new AssertionError("invalid JSON: " + e.getMessage() + "\n" + text, e);
    }
  }

  static ObjectNode parse(JsonEventWriter writer, EventView event) {
    return parse(writer.encode(event));
  }

  static String decodeStrictly(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("invalid UTF-8", e);
    }
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  static JsonNode tree(String json) {
    try {
      return STRICT.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
