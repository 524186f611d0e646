package dev.logcontext.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Standard output as JSON lines, each parsed strictly (a repeated key fails). */
final class JsonLines {
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private JsonLines() {}

  /** Returns every line of {@code stdout} as a map; fails on a line that is not one JSON object. */
  static List<Map<String, Object>> parse(String stdout) {
    assertThat(stdout).as("standard output").isNotEmpty().endsWith("\n");
    List<Map<String, Object>> events = new ArrayList<>();
    for (String line : stdout.substring(0, stdout.length() - 1).split("\n", -1)) {
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> event = STRICT.readValue(line, LinkedHashMap.class);
        events.add(event);
      } catch (IOException e) {
        throw new AssertionError("not one valid JSON object (or a repeated key): " + line, e);
      }
    }
    return events;
  }
}
