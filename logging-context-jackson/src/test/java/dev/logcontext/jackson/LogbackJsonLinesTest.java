package dev.logcontext.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.ValueConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Real Logback configured from XML with our JSON encoder, writing lines that are parsed back. */
class LogbackJsonLinesTest {
  /** Parses exactly: decimals as written, duplicate keys and trailing tokens rejected. */
  static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger log = LoggerFactory.getLogger("com.example.OrderService");
  private Path file;

  @BeforeEach
  void configure(@TempDir Path dir) throws JoranException {
    file = dir.resolve("lines.json");
    context.reset();
    context.getStatusManager().clear();
    context.putProperty("logFile", file.toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogbackJsonLinesTest.class.getResource("/json-lines.xml"));
    List<Status> problems = new ArrayList<>();
    for (Status status : context.getStatusManager().getCopyOfStatusList()) {
      if (status.getLevel() >= Status.WARN) {
        problems.add(status);
      }
    }
    assertThat(problems).as("configuration problems").isEmpty();
  }

  @AfterEach
  void reset() {
    context.reset();
    ValueConverter.install(null);
  }

  private List<JsonNode> stopAndRead() throws IOException {
    context.reset();
    String text = Files.readString(file);
    assertThat(text).as("last line terminated").endsWith("\n");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      lines.add(STRICT.readTree(line));
    }
    return lines;
  }

  @Test
  void aRecordBoundToTheContextIsWrittenAsTheJsonOfADefaultMapperWithTheJdk8Module()
      throws IOException {
    Order order = Order.sample();
    String expected = new ObjectMapper().findAndRegisterModules().writeValueAsString(order);

    try (Scope s = LogContext.with("order", order)) {
      log.info("placed");
    }

    List<JsonNode> lines = stopAndRead();
    assertThat(lines).hasSize(1);
    JsonNode written = lines.get(0).get("order");
    assertThat(written).isEqualTo(STRICT.readTree(expected));
    assertThat(written.get("total").decimalValue().toPlainString())
        .as("exact decimal text")
        .isEqualTo("39.900");
    assertThat(written.get("lines").get(1).get("price").decimalValue().toPlainString())
        .isEqualTo("0.10");
    assertThat(written.has("cardNumber")).as("@JsonIgnore honoured").isFalse();
    assertThat(written.get("coupon").textValue()).isEqualTo("WELCOME");
    assertThat(written.get("note").isNull()).isTrue();
  }

  @Test
  void aCyclicGraphAndAThrowingGetterGiveMarkersAndLoggingGoesOn() throws IOException {
    JacksonValueConverterTest.Ping ping = new JacksonValueConverterTest.Ping();
    ping.pong = new JacksonValueConverterTest.Pong();
    ping.pong.ping = ping;

    try (Scope s =
        LogContext.with("self", new JacksonValueConverterTest.Node())
            .and("ping", ping)
            .and("fragile", new JacksonValueConverterTest.Fragile("x"))) {
      log.info("first");
    }
    log.info("second");

    List<JsonNode> lines = stopAndRead();
    assertThat(lines).hasSize(2);
    JsonNode first = lines.get(0);
    assertThat(first.get("self").textValue()).startsWith("[conversion of ");
    assertThat(first.get("ping").textValue()).startsWith("[conversion of ");
    assertThat(first.get("fragile").textValue()).startsWith("[conversion of ");
    assertThat(lines.get(1).get("message").textValue()).isEqualTo("second");
  }

  record Credentials(String user, String password) {}

  record Login(Credentials credentials, String source) {}

  @Test
  void theRedactionRulesApplyInsideTheConvertedTree() throws IOException {
    try (Scope s = LogContext.with("login", new Login(new Credentials("ada", "s3cret"), "web"))) {
      log.info("logged in");
    }

    JsonNode login = stopAndRead().get(0).get("login");
    assertThat(login.get("credentials").get("user").textValue()).isEqualTo("ada");
    assertThat(login.get("credentials").get("password").textValue()).isEqualTo("[redacted]");
    assertThat(login.get("source").textValue()).isEqualTo("web");
  }
}
