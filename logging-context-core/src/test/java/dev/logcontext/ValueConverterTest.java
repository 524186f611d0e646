package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ValueConverterTest {
  record Money(BigDecimal amount, String currency) {}

  /** Converts {@link Money} to a map, declines the rest, counts every call. */
  static final class MoneyConverter implements ValueConverter {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Object convert(Object value) {
      calls.incrementAndGet();
      if (value instanceof Money money) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("amount", money.amount());
        tree.put("currency", money.currency());
        return tree;
      }
      return DECLINED;
    }
  }

  @AfterEach
  void uninstall() {
    ValueConverter.install(null);
  }

  @Test
  void anUnknownValueBecomesTheConvertersTreeAsAnImmutableCopy() {
    ValueConverter.install(new MoneyConverter());

    Object stored =
        Snapshot.empty().with("price", new Money(new BigDecimal("12.50"), "EUR")).get("price");

    assertThat(stored).isEqualTo(Map.of("amount", new BigDecimal("12.50"), "currency", "EUR"));
    assertThat(stored.getClass().getName()).contains("Unmodifiable");
  }

  @Test
  void valuesInsideListsAndMapsAreConvertedToo() {
    ValueConverter.install(new MoneyConverter());

    Object stored =
        Snapshot.empty()
            .with("prices", List.of(Map.of("p", new Money(BigDecimal.ONE, "USD"))))
            .get("prices");

    assertThat(stored)
        .isEqualTo(List.of(Map.of("p", Map.of("amount", BigDecimal.ONE, "currency", "USD"))));
  }

  @Test
  void nativeAndKeptValuesNeverReachTheConverter() {
    MoneyConverter converter = new MoneyConverter();
    ValueConverter.install(converter);

    Snapshot.empty()
        .with("s", "text")
        .with("l", 42L)
        .with("i", 7)
        .with("b", true)
        .with("d", new BigDecimal("1.5"))
        .with("u", UUID.randomUUID())
        .with("e", Thread.State.NEW)
        .with("m", Map.of("k", List.of(1, "two", new int[] {3})));

    assertThat(converter.calls).as("converter calls for native values").hasValue(0);
  }

  @Test
  void aDeclinedValueBecomesItsToString() {
    ValueConverter.install(new MoneyConverter());

    assertThat(Snapshot.empty().with("sb", new StringBuilder("abc")).get("sb")).isEqualTo("abc");
  }

  @Test
  void aThrowingConverterGivesAMarkerAndBindingGoesOn() {
    ValueConverter.install(
        value -> {
          throw new IllegalStateException("broken");
        });

    try (Scope s = LogContext.with("order", new Money(BigDecimal.TEN, "EUR"))) {
      assertThat(LogContext.get("order"))
          .isEqualTo(
              "[conversion of "
                  + Money.class.getName()
                  + " threw java.lang.IllegalStateException]");
    }
  }

  @Test
  void aConverterThatOverflowsTheStackGivesAMarker() {
    ValueConverter.install(ValueConverterTest::recurse);

    assertThat(Snapshot.empty().with("x", new Object()).get("x"))
        .isEqualTo("[conversion of java.lang.Object threw java.lang.StackOverflowError]");
  }

  private static Object recurse(Object value) {
    return recurse(value);
  }

  @Test
  void theConvertersTreeIsCopiedWithTheCoresLimits() {
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);
    List<Object> huge = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      huge.add(i);
    }
    ValueConverter.install(value -> value instanceof StringBuilder ? cyclic : huge);

    assertThat(Snapshot.empty().with("c", new StringBuilder()).get("c"))
        .isEqualTo(List.of(Values.CYCLE));
    @SuppressWarnings("unchecked")
    List<Object> truncated = (List<Object>) Snapshot.empty().with("h", new Object()).get("h");
    assertThat(truncated).hasSize(Values.MAX_ELEMENTS + 1).endsWith(Values.TRUNCATED);
  }

  @Test
  void aNullTreeForABoundValueKeepsTheKeyWithTheToString() {
    ValueConverter.install(value -> null);

    assertThat(Snapshot.empty().with("sb", new StringBuilder("x")).get("sb")).isEqualTo("x");
    assertThat(Snapshot.empty().with("l", List.of(new StringBuilder("x"))).get("l"))
        .isEqualTo(java.util.Collections.singletonList(null));
  }

  @Test
  void aTreeLeafOfAnUnknownTypeBecomesItsToString() {
    ValueConverter.install(
        value -> value instanceof Money ? new StringBuilder("money") : ValueConverter.DECLINED);

    assertThat(Snapshot.empty().with("m", new Money(BigDecimal.ONE, "EUR")).get("m"))
        .isEqualTo("money");
  }
}
