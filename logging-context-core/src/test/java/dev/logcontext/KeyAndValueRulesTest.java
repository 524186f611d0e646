package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyAndValueRulesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"request_id", "a", "@timestamp", "user.id", "x-forwarded-for", "A_9.@-z", "_"})
  void validKeysAreAccepted(String key) {
    assertThat(Snapshot.empty().with(key, 1).get(key)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1st",
        "has space",
        "quote\"",
        "new\nline",
        "ümlaut",
        "colon:",
        "slash/",
        "brace{",
        "back`tick",
        "bracket[",
        "caret^",
        "tilde~",
        "0123456789012345678901234567890123456789012345678901234567890123456789"
      })
  void invalidKeysFailWithAMessageNamingTheKey(String key) {
    assertThatThrownBy(() -> LogContext.with(key, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid context key \"")
        .hasMessageContaining(dev.logcontext.internal.Keys.quote(key));
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void controlCharactersInAnInvalidKeyAreEscapedInTheMessage() {
    assertThatThrownBy(() -> Snapshot.empty().with("bad\nkey", 1))
        .hasMessageContaining("\"bad\\u000akey\"");
  }

  @Test
  void sixtyFourCharactersIsTheLongestKey() {
    String longest = "k".repeat(64);
    assertThat(Snapshot.empty().with(longest, 1).size()).isEqualTo(1);
    assertThatThrownBy(() -> Snapshot.empty().with(longest + "k", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(longest);
  }

  @Test
  void nullKeysFailFast() {
    assertThatThrownBy(() -> LogContext.with((String) null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context key is null");
    assertThatThrownBy(() -> LegacyBindings.put(null, 1)).isInstanceOf(NullPointerException.class);
  }

  enum Color {
    RED
  }

  @Test
  void immutableKnownTypesAreStoredAsTheyAre() {
    Object[] values = {
      "s",
      42,
      42L,
      (short) 4,
      (byte) 2,
      1.5d,
      2.5f,
      'c',
      true,
      new BigDecimal("1.10"),
      BigInteger.TEN,
      Color.RED,
      TimeUnit.SECONDS,
      UUID.randomUUID(),
      Instant.now(),
      LocalDate.of(2026, 11, 26),
      Duration.ofSeconds(3),
      ZoneId.of("Europe/Berlin")
    };
    Snapshot snapshot = Snapshot.empty();
    for (int i = 0; i < values.length; i++) {
      snapshot = snapshot.with("v" + i, values[i]);
    }
    for (int i = 0; i < values.length; i++) {
      assertThat(snapshot.get("v" + i)).as("value %s", values[i]).isSameAs(values[i]);
    }
  }

  @Test
  void otherObjectsAreTurnedIntoStringsWhenBound() {
    AtomicLong counter = new AtomicLong(1);
    StringBuilder builder = new StringBuilder("before");
    Snapshot snapshot = Snapshot.empty().with("counter", counter).with("text", builder);
    counter.set(2);
    builder.append("-after");
    assertThat(snapshot.get("counter")).isEqualTo("1");
    assertThat(snapshot.get("text")).isEqualTo("before");
  }

  @Test
  void aThrowingToStringBecomesAMarkerNamingTheException() {
    Object hostile =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("boom");
          }
        };
    try (Scope scope = LogContext.with("hostile", hostile)) {
      assertThat((String) LogContext.get("hostile"))
          .startsWith("[toString() of ")
          .contains("threw java.lang.IllegalStateException");
    }
  }

  @Test
  void mapsListsAndArraysBecomeImmutableDeepCopies() {
    List<Object> inner = new ArrayList<>(List.of(1, 2));
    Map<Object, Object> map = new HashMap<>();
    map.put("list", inner);
    map.put(7, new AtomicLong(5));
    Snapshot snapshot =
        Snapshot.empty().with("map", map).with("array", new int[] {1, 2}).with("objs", inner);
    inner.add(3);
    map.put("late", true);

    @SuppressWarnings("unchecked")
    Map<String, Object> stored = (Map<String, Object>) snapshot.get("map");
    assertThat(stored).containsOnlyKeys("list", "7");
    assertThat(stored.get("list")).isEqualTo(List.of(1, 2));
    assertThat(stored.get("7")).isEqualTo("5");
    assertThat(snapshot.get("array")).isEqualTo(List.of(1, 2));
    assertThat(snapshot.get("objs")).isEqualTo(List.of(1, 2));
    assertThatThrownBy(() -> stored.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> storedList = (List<Object>) stored.get("list");
    assertThatThrownBy(() -> storedList.add(9)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void selfReferencingStructuresAreCutAtTheDepthLimit() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    Object stored = Snapshot.empty().with("cycle", cycle).get("cycle");
    int depth = 0;
    while (stored instanceof List) {
      stored = ((List<?>) stored).get(0);
      depth++;
    }
    assertThat(depth).isEqualTo(16);
    assertThat(stored).isEqualTo("[nested deeper than 16 levels]");
  }

  /** A value whose {@code toString()} recurses until the stack overflows. */
  private static final class RecursesForever {
    @Override
    public String toString() {
      return "again " + this;
    }
  }

  /** A value whose {@code toString()} returns null. */
  private static final class ReturnsNull {
    @Override
    public String toString() {
      return null;
    }
  }

  private static final String OVERFLOW_MARKER =
      "[toString() of " + RecursesForever.class.getName() + " threw java.lang.StackOverflowError]";
  private static final String NULL_MARKER =
      "[toString() of " + ReturnsNull.class.getName() + " returned null]";

  @Test
  void bindingNeverThrowsForAToStringThatOverflowsTheStack() {
    Object bad = new RecursesForever();
    try (Scope scope = LogContext.with("bad", bad).and("also", bad)) {
      LegacyBindings.put("legacy", bad);
      assertThat(LogContext.get("bad")).isEqualTo(OVERFLOW_MARKER);
      assertThat(LogContext.get("also")).isEqualTo(OVERFLOW_MARKER);
      assertThat(LogContext.get("legacy")).isEqualTo(OVERFLOW_MARKER);
    }
    Snapshot nested =
        Snapshot.empty().with("list", List.of(bad)).with("map", Map.of("k", bad, bad, 1));
    assertThat(nested.get("list")).isEqualTo(List.of(OVERFLOW_MARKER));
    assertThat(nested.get("map")).isEqualTo(Map.of("k", OVERFLOW_MARKER, OVERFLOW_MARKER, 1));
  }

  @Test
  void aToStringThatReturnsNullBindsAMarkerInsteadOfRemovingTheKey() {
    Object bad = new ReturnsNull();
    try (Scope outer = LogContext.with("field", "outer")) {
      try (Scope scope = LogContext.with("field", bad).and("other", bad)) {
        LegacyBindings.put("legacy", bad);
        assertThat(LogContext.fields())
            .containsExactly(
                Map.entry("field", NULL_MARKER),
                Map.entry("other", NULL_MARKER),
                Map.entry("legacy", NULL_MARKER));
      }
    }
    Snapshot nested =
        Snapshot.empty()
            .with("list", java.util.Arrays.asList(bad, null))
            .with("map", Map.of("k", bad, bad, 1));
    assertThat(nested.get("list"))
        .as("a null element stays null, a null toString() becomes the marker")
        .isEqualTo(java.util.Arrays.asList(NULL_MARKER, null));
    assertThat(nested.get("map")).isEqualTo(Map.of("k", NULL_MARKER, NULL_MARKER, 1));
  }
}
