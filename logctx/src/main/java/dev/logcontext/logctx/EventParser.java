package dev.logcontext.logctx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses candidate lines with jackson-core: a line is well formed when it is exactly one JSON
 * object. Nested objects are flattened to dotted names (so ECS {@code {"log":{"level":..}}} and
 * {@code "log.level"} read the same). Not thread-safe (one per file).
 */
final class EventParser {
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

  private final List<String> matchFields;
  private final String id;

  EventParser(List<String> matchFields, String id) {
    this.matchFields = matchFields;
    this.id = id;
  }

  /** What parsing a candidate line found. */
  enum Outcome {
    MATCH,
    NO_MATCH,
    MALFORMED
  }

  private List<String> names;
  private List<String> values;

  /**
   * Parses {@code bytes[start..end)}; after MATCH (or NO_MATCH, for a line matched elsewhere),
   * {@link #event} builds the event.
   */
  Outcome parse(byte[] bytes, int start, int end) {
    names = new ArrayList<>();
    values = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(bytes, start, end - start)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Outcome.MALFORMED;
      }
      readObject(parser, "");
      if (parser.nextToken() != null) {
        return Outcome.MALFORMED;
      }
    } catch (IOException e) { // JsonProcessingException included: not JSON, or not UTF-8
      return Outcome.MALFORMED;
    }
    for (String field : matchFields) {
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).equals(field) && values.get(i).equals(id)) {
          return Outcome.MATCH;
        }
      }
    }
    return Outcome.NO_MATCH;
  }

  LogEvent event(byte[] bytes, int start, int end, int fileIndex, long sequence, String file) {
    byte[] line = new byte[end - start];
    System.arraycopy(bytes, start, line, 0, line.length);
    long epochNanos = timestamp();
    return new LogEvent(line, names, values, epochNanos, epochNanos, fileIndex, sequence, file);
  }

  private void readObject(JsonParser parser, String prefix) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = prefix.isEmpty() ? parser.currentName() : prefix + parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_OBJECT) {
        readObject(parser, name + ".");
      } else if (value == JsonToken.START_ARRAY) {
        StringWriter json = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(json)) {
          generator.copyCurrentStructure(parser);
        }
        names.add(name);
        values.add(json.toString());
      } else {
        names.add(name);
        values.add(parser.getText());
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IOException("not an object");
    }
  }

  private long timestamp() {
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.equals("@timestamp") || name.equals("timestamp")) {
        long parsed = parseTime(values.get(i));
        if (parsed != Long.MIN_VALUE) {
          return parsed;
        }
      }
    }
    return Long.MIN_VALUE;
  }

  /**
   * Parses an ISO-8601 date-time (with {@code Z}, an offset, or none, read as UTC; a space instead
   * of {@code T} is accepted) or a number of milliseconds since the epoch.
   */
  static long parseTime(String text) {
    if (text.isEmpty()) {
      return Long.MIN_VALUE;
    }
    if (Character.isDigit(text.charAt(0)) && text.chars().allMatch(Character::isDigit)) {
      try {
        return Math.multiplyExact(Long.parseLong(text), 1_000_000L);
      } catch (ArithmeticException | NumberFormatException e) {
        return Long.MIN_VALUE;
      }
    }
    String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.replace(' ', 'T') : text;
    Instant instant;
    try {
      instant = OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        instant = LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        return Long.MIN_VALUE;
      }
    }
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
