package dev.logcontext.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import dev.logcontext.ValueConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code valueConverter} option chooses the JVM's converter, and the writer sends values of no
 * JSON type that were never bound (SLF4J key-values) through it as a bind would.
 */
class ValueConverterOptionTest {
  /** A value the core does not know. */
  record Money(long cents, String currency) {
    @Override
    public String toString() {
      return cents + " " + currency;
    }
  }

  /** Writes {@link Money} as an object; declines the rest. */
  public static final class MoneyConverter implements ValueConverter {
    @Override
    public Object convert(Object value) {
      return value instanceof Money m
          ? Map.of("cents", m.cents(), "currency", m.currency())
          : ValueConverter.DECLINED;
    }
  }

  /** The same converter, handed out by a supplier. */
  public static final class MoneyConverterSupplier implements Supplier<ValueConverter> {
    @Override
    public ValueConverter get() {
      return new MoneyConverter();
    }
  }

  @AfterEach
  void backToTheServiceLoader() {
    ValueConverter.install(null);
  }

  private static JsonNode written(JsonFormat format, TestEvent event) {
    return Lines.parse(JsonEventWriter.create(format), event);
  }

  @Test
  void aNamedConverterIsInstalledAndConvertsKeyValuesAndBoundValues() {
    JsonFormat format =
        JsonFormat.builder().option("valueConverter", MoneyConverter.class.getName()).build();
    Snapshot bound = Snapshot.empty().with("price", new Money(990, "EUR"));

    JsonNode line =
        written(
            format,
            TestEvent.event()
                .context(bound)
                .kv("total", new Money(1980, "EUR"))
                .kv("lines", List.of(new Money(1, "EUR"), "two")));

    assertThat(line.get("price").get("cents").longValue()).isEqualTo(990L);
    assertThat(line.get("total").get("cents").longValue()).isEqualTo(1980L);
    assertThat(line.get("total").get("currency").textValue()).isEqualTo("EUR");
    assertThat(line.get("lines").get(0).get("cents").longValue())
        .as("a value inside a key-value list")
        .isEqualTo(1L);
    assertThat(line.get("lines").get(1).textValue()).isEqualTo("two");
  }

  @Test
  void aSupplierOfAConverterIsUsedToo() {
    JsonFormat.builder().option("valueConverter", MoneyConverterSupplier.class.getName()).build();

    try (var s = LogContext.with("price", new Money(5, "USD"))) {
      assertThat(LogContext.get("price")).isEqualTo(Map.of("cents", 5L, "currency", "USD"));
    }
  }

  @Test
  void noneWritesSuchValuesAsTheirToStringEvenInsideKeyValueMaps() {
    ValueConverter.install(new MoneyConverter());
    JsonFormat format = JsonFormat.builder().option("valueConverter", "none").build();

    JsonNode line =
        written(
            format,
            TestEvent.event()
                .kv("total", new Money(7, "EUR"))
                .kv("nested", Map.of("m", new Money(8, "EUR"))));

    assertThat(line.get("total").textValue()).isEqualTo("7 EUR");
    assertThat(line.get("nested").get("m").textValue()).isEqualTo("8 EUR");
  }

  @Test
  void defaultGoesBackToTheServiceLoader() {
    ValueConverter.install(new MoneyConverter());
    JsonFormat.builder().option("valueConverter", " default ").build();

    try (var s = LogContext.with("price", new Money(5, "USD"))) {
      assertThat(LogContext.get("price")).as("no provider on this class path").isEqualTo("5 USD");
    }
  }

  @Test
  void aClassThatCannotServeIsReportedNamingTheOptionAndTheClassAndChangesNothing() {
    ValueConverter.install(new MoneyConverter());
    List<String> problems = new ArrayList<>();

    JsonFormat format =
        JsonFormat.builder().option("valueConverter", "com.example.Missing").build(problems::add);
    JsonFormat.builder().option("valueConverter", String.class.getName()).build(problems::add);

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0))
        .startsWith("valueConverter:")
        .contains("'com.example.Missing'", "not found");
    assertThat(problems.get(1))
        .contains("'java.lang.String'", "neither a ValueConverter nor a Supplier");
    assertThat(written(format, TestEvent.event().kv("m", new Money(3, "EUR"))).get("m").isObject())
        .as("the converter installed before stays")
        .isTrue();
  }

  @Test
  void aKeptTypeThatIsNoJsonTypeIsStillItsStringForm() {
    JsonNode line =
        written(
            JsonFormat.defaults(),
            TestEvent.event().kv("day", java.time.LocalDate.of(2026, 12, 1)).kv("initial", 'A'));

    assertThat(line.get("day").textValue()).isEqualTo("2026-12-01");
    assertThat(line.get("initial").textValue()).isEqualTo("A");
  }
}
