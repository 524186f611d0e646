package dev.logcontext.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.ValueConverter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Log4j2 configured from log4j2.xml with our layout: the same record, the same JSON. */
class Log4jJsonLinesTest {
  @Test
  void aRecordBoundToTheContextIsWrittenAsTheJsonOfADefaultMapperWithTheJdk8Module(
      @TempDir Path dir) throws IOException, URISyntaxException {
    Path file = dir.resolve("lines.json");
    System.setProperty("logcontext.test.file", file.toString());
    LoggerContext context =
        new LoggerContext(
            "jackson-test", null, Log4jJsonLinesTest.class.getResource("/log4j2-json.xml").toURI());
    context.start();
    Order order = Order.sample();
    String expected = new ObjectMapper().findAndRegisterModules().writeValueAsString(order);
    try {
      Logger log = context.getLogger("com.example.OrderService");
      try (Scope s = LogContext.with("order", order)) {
        log.info("placed");
      }
    } finally {
      context.stop(30, TimeUnit.SECONDS);
      System.clearProperty("logcontext.test.file");
    }

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1);
    JsonNode written = LogbackJsonLinesTest.STRICT.readTree(lines.get(0)).get("order");
    assertThat(written).isEqualTo(LogbackJsonLinesTest.STRICT.readTree(expected));
    assertThat(written.get("total").decimalValue().toPlainString()).isEqualTo("39.900");
    assertThat(written.has("cardNumber")).as("@JsonIgnore honoured").isFalse();
  }

  @Test
  void theLayoutAttributeNamesTheConverterAndSoTheMapper(@TempDir Path dir)
      throws IOException, URISyntaxException {
    Path file = dir.resolve("lines.json");
    System.setProperty("logcontext.test.file", file.toString());
    LoggerContext context =
        new LoggerContext(
            "jackson-mapper-test",
            null,
            Log4jJsonLinesTest.class.getResource("/log4j2-json-mapper.xml").toURI());
    try {
      context.start();
      Logger log = context.getLogger("com.example.OrderService");
      try (Scope s = LogContext.with("order", Order.sample())) {
        log.info("placed");
      }
    } finally {
      context.stop(30, TimeUnit.SECONDS);
      System.clearProperty("logcontext.test.file");
      ValueConverter.install(null);
    }

    JsonNode order =
        LogbackJsonLinesTest.STRICT.readTree(Files.readAllLines(file).get(0)).get("order");
    assertThat(order.get("Id").longValue()).isEqualTo(42L);
    assertThat(order.get("Customer").get("Vip").booleanValue()).isTrue();
  }
}
