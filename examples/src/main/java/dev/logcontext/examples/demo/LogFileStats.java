package dev.logcontext.examples.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one log file holds, counted by parsing every line as strict JSON (duplicate keys are an
 * error).
 *
 * @param file the file
 * @param lines lines in the file
 * @param malformed lines that are not exactly one JSON object
 * @param withoutCorrelationId well-formed lines without a non-empty top-level {@code
 *     correlation_id} string, or flagged by the encoder's lost-context diagnostic ({@code
 *     "context_missing":["correlation_id"]}, the demo's {@code requiredFields})
 * @param matching lines whose {@code correlation_id} equals the id the file was scanned for
 */
record LogFileStats(
    Path file, long lines, long malformed, long withoutCorrelationId, long matching) {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * Reads {@code file} and counts its lines; {@code correlationId} (may be null) selects the lines
   * counted as matching.
   *
   * @throws IOException when the file cannot be read
   */
  static LogFileStats scan(Path file, String correlationId) throws IOException {
    long lines = 0;
    long malformed = 0;
    long without = 0;
    long matching = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines++;
        String id;
        try {
          id = correlationIdOf(line);
        } catch (IOException e) {
          malformed++;
          continue;
        }
        if (id == null || id.isEmpty()) {
          without++;
        } else if (id.equals(correlationId)) {
          matching++;
        }
      }
    }
    return new LogFileStats(file, lines, malformed, without, matching);
  }

  /**
   * Returns the top-level {@code correlation_id} string of {@code line}, or null, also when the
   * encoder flagged the line as missing it.
   *
   * @throws IOException when the line is not exactly one JSON object
   */
  static String correlationIdOf(String line) throws IOException {
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      String id = null;
      boolean flagged = false;
      for (JsonToken token = parser.nextToken();
          token != JsonToken.END_OBJECT;
          token = parser.nextToken()) {
        if (token == null) {
          throw new IOException("the JSON object is not closed");
        }
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("correlation_id".equals(name) && value == JsonToken.VALUE_STRING) {
          id = parser.getText();
        } else if ("context_missing".equals(name) && value == JsonToken.START_ARRAY) {
          for (JsonToken item = parser.nextToken();
              item != JsonToken.END_ARRAY;
              item = parser.nextToken()) {
            if (item == null) {
              throw new IOException("the JSON array is not closed");
            }
            flagged |= item == JsonToken.VALUE_STRING && "correlation_id".equals(parser.getText());
            parser.skipChildren();
          }
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new IOException("text after the JSON object");
      }
      return flagged ? null : id;
    }
  }
}
