package dev.logcontext.spring.boot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.status.Status;
import dev.logcontext.json.JsonFormat;
import dev.logcontext.logback.LogContextJsonEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class LogContextLogbackFormatterTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  @BeforeEach
  @AfterEach
  void clearStatus() {
    context.getStatusManager().clear();
  }

  @Test
  void everyOptionOfTheJsonFormatHasAnEncoderSetter() {
    for (String option : JsonFormat.optionNames()) {
      assertThat(JsonProperties.setter(LogContextJsonEncoder.class, option)).as(option).isNotNull();
    }
  }

  @Test
  void writesTheBytesOfTheEncoderWithTheSameOptions() {
    LogContextLogbackFormatter formatter =
        new LogContextLogbackFormatter(
            environment(
                ordered(
                    "logcontext.json.preset", "ecs",
                    "logcontext.json.static-fields.service.name", "orders",
                    "logcontext.json.static-fields.note", "a,b",
                    "logcontext.json.maxStringLength", "20",
                    "logcontext.json.redact-keys", "pin")));
    LogContextJsonEncoder encoder = new LogContextJsonEncoder();
    encoder.setContext(context);
    encoder.setPreset("ecs");
    encoder.setStaticFields("service.name=orders,note=a\\,b");
    encoder.setMaxStringLength(20);
    encoder.setRedactKeys("pin");
    encoder.start();
    LoggingEvent event = event("a message longer than twenty characters");
    event.setMDCPropertyMap(Map.of("pin", "1234", "message", "from the MDC"));

    String line = formatter.format(event);

    assertThat(line).isEqualTo(new String(encoder.encode(event), StandardCharsets.UTF_8));
    assertThat(formatter.formatAsBytes(event, StandardCharsets.UTF_8))
        .isEqualTo(line.getBytes(StandardCharsets.UTF_8));
    assertThat(formatter.formatAsBytes(event, StandardCharsets.UTF_16))
        .isEqualTo(line.getBytes(StandardCharsets.UTF_16));
    assertThat(line)
        .startsWith("{\"@timestamp\":")
        .contains("\"service.name\":\"orders\"", "\"note\":\"a,b\"", "\"pin\":\"[redacted]\"")
        .contains("\"ctx_message\":\"from the MDC\"")
        .endsWith("}\n");
    assertThat(errors()).isEmpty();
  }

  @Test
  void anUnknownPropertyOrABadValueIsReportedNamingThePropertyAndLeftOut() {
    LogContextLogbackFormatter formatter =
        new LogContextLogbackFormatter(
            environment(
                Map.of(
                    "logcontext.json.colour", "red",
                    "logcontext.json.max-event-bytes", "lots",
                    "logcontext.json.root-cause-first", "maybe",
                    "logcontext.json.preset", "gelf")));

    assertThat(errors())
        .anySatisfy(e -> assertThat(e).startsWith("logcontext.json.colour: unknown option"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .isEqualTo(
                        "logcontext.json.max-event-bytes: 'lots' is not a whole number;"
                            + " ignored"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .isEqualTo(
                        "logcontext.json.root-cause-first: 'maybe' is not true or false;"
                            + " ignored"))
        .anySatisfy(e -> assertThat(e).contains("preset: unknown preset 'gelf'"));
    assertThat(formatter.format(event("still written")))
        .as("the defaults")
        .contains("\"level\":\"INFO\"", "\"message\":\"still written\"");
  }

  @Test
  void propertyNamesAreTheKebabCaseOfTheOptions() {
    assertThat(JsonProperties.propertyName("maxEventBytes"))
        .isEqualTo("logcontext.json.max-event-bytes");
    assertThat(JsonProperties.propertyName("preset")).isEqualTo("logcontext.json.preset");
  }

  @Test
  void yamlListsJoinIntoOneList() {
    Map<String, String> options =
        JsonProperties.options(
            environment(
                Map.of(
                    "logcontext.json.redact-keys[0]", "pin",
                    "logcontext.json.redact-keys[1]", "iban")),
            problem -> {
              throw new AssertionError(problem);
            });
    assertThat(options).containsExactly(Map.entry("redactKeys", "pin,iban"));
  }

  private LoggingEvent event(String message) {
    LoggingEvent event = new LoggingEvent();
    event.setLoggerContext(context);
    event.setLoggerName("com.example.OrderService");
    event.setLevel(Level.INFO);
    event.setThreadName("main");
    event.setMessage(message);
    event.setTimeStamp(1_767_225_600_123L);
    return event;
  }

  private List<String> errors() {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(status -> status.getLevel() == Status.ERROR)
        .map(Status::getMessage)
        .toList();
  }

  private static Map<String, Object> ordered(String... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static StandardEnvironment environment(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("test", new LinkedHashMap<>(properties)));
    return environment;
  }
}
