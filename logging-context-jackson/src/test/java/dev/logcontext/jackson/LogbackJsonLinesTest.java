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
    configure("/json-lines.xml");
  }

  private void configure(String resource) throws JoranException {
    context.reset();
    context.getStatusManager().clear();
    context.putProperty("logFile", file.toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogbackJsonLinesTest.class.getResource(resource));
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

  @Test
  void aRecordPassedAsAKeyValueIsWrittenAsTheSameNestedJson() throws IOException {
    Order order = Order.sample();
    String expected = new ObjectMapper().findAndRegisterModules().writeValueAsString(order);

    log.atInfo().addKeyValue("order", order).log("placed");

    JsonNode written = stopAndRead().get(0).get("order");
    assertThat(written).isEqualTo(STRICT.readTree(expected));
    assertThat(written.get("total").decimalValue().toPlainString()).isEqualTo("39.900");
    assertThat(written.has("cardNumber")).as("@JsonIgnore honoured").isFalse();
  }

  @Test
  void aCyclicKeyValueAndAThrowingGetterGiveMarkersAndLoggingGoesOn() throws IOException {
    JacksonValueConverterTest.Ping ping = new JacksonValueConverterTest.Ping();
    ping.pong = new JacksonValueConverterTest.Pong();
    ping.pong.ping = ping;

    log.atInfo()
        .addKeyValue("ping", ping)
        .addKeyValue("fragile", new JacksonValueConverterTest.Fragile("x"))
        .addKeyValue("orders", java.util.List.of(Order.sample()))
        .log("first");
    log.info("second");

    List<JsonNode> lines = stopAndRead();
    assertThat(lines).hasSize(2);
    JsonNode first = lines.get(0);
    assertThat(first.get("ping").textValue()).startsWith("[conversion of ");
    assertThat(first.get("fragile").textValue()).startsWith("[conversion of ");
    assertThat(first.get("orders").get(0).get("id").longValue())
        .as("a record inside a key-value list")
        .isEqualTo(42L);
    assertThat(lines.get(1).get("message").textValue()).isEqualTo("second");
  }

  @Test
  void theEncoderOptionNoneWritesRecordsAsTheirToString() throws Exception {
    configure("/json-lines-none.xml");
    Order order = Order.sample();

    try (Scope s = LogContext.with("order", order)) {
      log.atInfo().addKeyValue("again", order).log("placed");
    }

    JsonNode line = stopAndRead().get(0);
    assertThat(line.get("order").textValue()).isEqualTo(order.toString());
    assertThat(line.get("again").textValue()).isEqualTo(order.toString());
  }

  @Test
  void theEncoderOptionNamesTheConverterAndSoTheMapper() throws Exception {
    configure("/json-lines-mapper.xml");

    try (Scope s = LogContext.with("order", Order.sample())) {
      log.atInfo().addKeyValue("customer", Order.sample().customer()).log("placed");
    }

    JsonNode line = stopAndRead().get(0);
    assertThat(line.get("order").get("Id").longValue()).isEqualTo(42L);
    assertThat(line.get("order").get("Customer").get("Name").textValue()).isEqualTo("Ada");
    assertThat(line.get("customer").get("Vip").booleanValue()).isTrue();
  }

  @Test
  void anEncoderOptionNamingAMissingClassIsReportedAndLoggingGoesOn() throws Exception {
    context.reset();
    context.getStatusManager().clear();
    context.putProperty("logFile", file.toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogbackJsonLinesTest.class.getResource("/json-lines-missing.xml"));
    List<String> errors = new ArrayList<>();
    for (Status status : context.getStatusManager().getCopyOfStatusList()) {
      if (status.getLevel() == Status.ERROR) {
        errors.add(status.getMessage());
      }
    }

    try (Scope s = LogContext.with("order", Order.sample())) {
      log.info("placed");
    }

    assertThat(errors)
        .anySatisfy(
            message -> assertThat(message).contains("valueConverter", "com.example.NoSuchMapper"));
    assertThat(stopAndRead().get(0).get("order").get("id").longValue())
        .as("the service loader's converter stays")
        .isEqualTo(42L);
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
