package dev.logcontext.micrometer;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Logback configured from {@code json-file.xml} into a file of the test's, read back as JSON. */
final class JsonLines {
  /** Strict: a key written twice fails the test. */
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Path file;

  private JsonLines(Path file) {
    this.file = file;
  }

  /** Configures Logback from {@code json-file.xml}, writing to {@code file}. */
  static JsonLines configure(Path file) {
    return configure(file, "json-file.xml");
  }

  /** Configures Logback from the test resource {@code config}, writing to {@code file}. */
  static JsonLines configure(Path file, String config) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    context.putProperty("logFile", file.toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(JsonLines.class.getResource("/" + config));
    } catch (JoranException e) {
      throw new IllegalStateException(e);
    }
    return new JsonLines(file);
  }

  /** Stops Logback's appenders (flushing the file) and restores the quiet default. */
  static void reset() {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
  }

  /** Returns every line written so far, parsed; a line that is not JSON fails the test. */
  List<JsonNode> read() {
    List<JsonNode> lines = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        lines.add(JSON.readTree(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }
}
