package dev.logcontext.logback;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict parsing of JSON lines: duplicate keys, trailing tokens and bad escapes fail. */
final class JsonLines {
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private JsonLines() {}

  static Map<String, Object> parse(String line) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = STRICT.readValue(line, LinkedHashMap.class);
      return map;
    } catch (IOException e) {
      throw new AssertionError("not one valid JSON object: " + line, e);
    }
  }

  /** Reads a file that must consist of complete lines, each one JSON object. */
  static List<Map<String, Object>> read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new AssertionError("last line is not terminated");
    }
    List<Map<String, Object>> events = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        events.add(parse(line));
      }
    }
    return events;
  }
}
