package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyAndValueRulesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"request_id", "a", "@timestamp", "user.id", "x-forwarded-for", "A_9.@-z", "_"})
  void validKeysAreAccepted(String key) {
    assertThat(ContextKey.isValidName(key)).isTrue();
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
    assertThat(ContextKey.isValidName(key)).isFalse();
    assertThatThrownBy(() -> LogContext.with(key, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid context key \"")
        .hasMessageContaining(Keys.quote(key));
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void thePublishedKeyRuleAgreesWithValidationForEveryCharacter() {
    for (char c = 0; c < 0x3000; c++) {
      for (String name : new String[] {String.valueOf(c), "a" + c}) {
        boolean accepted;
        try {
          Snapshot.empty().with(name, 1);
          accepted = true;
        } catch (IllegalArgumentException e) {
          accepted = false;
        }
        assertThat(ContextKey.isValidName(name))
            .as("isValidName(%s)", Keys.quote(name))
            .isEqualTo(accepted);
        boolean expected =
            (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || c == '_'
                || c == '.'
                || c == '@'
                || c == '-'
                || (c >= '0' && c <= '9' && name.length() == 2);
        assertThat(accepted).as("%s is a key", Keys.quote(name)).isEqualTo(expected);
      }
    }
    assertThat(ContextKey.isValidName(null)).isFalse();
    assertThat(ContextKey.isValidName("k".repeat(64))).isTrue();
    assertThat(ContextKey.isValidName("k".repeat(65))).isFalse();
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
  void aStructureThatContainsItselfBindsACycleMarkerWhereItRepeats() {
    List<Object> thrice = new ArrayList<>();
    thrice.add(thrice);
    thrice.add(thrice);
    thrice.add(thrice);
    assertThat(Snapshot.empty().with("cycle", thrice).get("cycle"))
        .isEqualTo(List.of(Values.CYCLE, Values.CYCLE, Values.CYCLE));

    Map<String, Object> map = new LinkedHashMap<>();
    List<Object> list = new ArrayList<>(List.of("x"));
    map.put("list", list);
    list.add(map);
    Object[] array = {null};
    array[0] = array;
    map.put("array", array);
    assertThat(Snapshot.empty().with("map", map).get("map"))
        .isEqualTo(Map.of("list", List.of("x", Values.CYCLE), "array", List.of(Values.CYCLE)));
  }

  @Test
  void aSharedValueThatIsNotACycleIsCopiedWhereverItOccurs() {
    List<Object> shared = List.of(1, 2);
    assertThat(
            Snapshot.empty().with("twice", List.of(shared, Map.of("again", shared))).get("twice"))
        .isEqualTo(List.of(List.of(1, 2), Map.of("again", List.of(1, 2))));
  }

  @Test
  void nestingDeeperThanTheLimitBindsTheDepthMarker() {
    List<Object> deepest = new ArrayList<>();
    Object value = deepest;
    for (int i = 0; i < 10_000; i++) {
      value = List.of(value);
    }
    Object stored = Snapshot.empty().with("deep", value).get("deep");
    int depth = 0;
    while (stored instanceof List) {
      stored = ((List<?>) stored).get(0);
      depth++;
    }
    assertThat(depth).isEqualTo(Values.MAX_DEPTH);
    assertThat(stored).isEqualTo(Values.TOO_DEEP);
  }

  /**
   * A list that counts the elements handed out through all its copies together, and stops (with an
   * exception and a flag) at ten times the bind budget, so that unbounded work fails fast.
   */
  private static final class CountingList extends AbstractList<Object> {
    private final AtomicLong handedOut;
    private final AtomicBoolean exceeded;
    private final Object element;
    private final int size;

    CountingList(AtomicLong handedOut, AtomicBoolean exceeded, Object element, int size) {
      this.handedOut = handedOut;
      this.exceeded = exceeded;
      this.element = element;
      this.size = size;
    }

    @Override
    public Object get(int index) {
      if (handedOut.incrementAndGet() > 10L * Values.MAX_ELEMENTS) {
        exceeded.set(true);
        throw new IllegalStateException("unbounded work");
      }
      return element;
    }

    @Override
    public int size() {
      return size;
    }
  }

  @Test
  void bindingATreeThatSharesItsBranchesDoesBoundedWork() {
    AtomicLong handedOut = new AtomicLong();
    AtomicBoolean exceeded = new AtomicBoolean();
    Object tree = "leaf";
    for (int level = 0; level < 16; level++) { // 3^16 paths to the leaf
      tree = new CountingList(handedOut, exceeded, tree, 3);
    }
    Object stored = Snapshot.empty().with("tree", tree).get("tree");
    assertThat(exceeded).as("visited more than ten times the budget").isFalse();
    assertThat(handedOut.get()).isLessThanOrEqualTo(Values.MAX_ELEMENTS);
    assertThat(countElements(stored)).isLessThanOrEqualTo(Values.MAX_ELEMENTS + Values.MAX_DEPTH);
    assertThat(stored.toString()).contains(Values.TRUNCATED);
  }

  @Test
  void bindingAWideOrEndlessStructureKeepsTheFirstElementsAndATruncationMarker() {
    List<Integer> wide = new ArrayList<>();
    for (int i = 0; i < 1_000_000; i++) {
      wide.add(i);
    }
    @SuppressWarnings("unchecked")
    List<Object> stored = (List<Object>) Snapshot.empty().with("wide", wide).get("wide");
    assertThat(stored).hasSize(Values.MAX_ELEMENTS + 1);
    assertThat(stored.subList(0, 3)).containsExactly(0, 1, 2);
    assertThat(stored.get(Values.MAX_ELEMENTS)).isEqualTo(Values.TRUNCATED);

    @SuppressWarnings("unchecked")
    List<Object> array =
        (List<Object>) Snapshot.empty().with("array", new long[1_000_000]).get("array");
    assertThat(array).hasSize(Values.MAX_ELEMENTS + 1).endsWith(Values.TRUNCATED);

    AtomicLong handedOut = new AtomicLong();
    Map<Object, Object> endless = new EndlessMap(handedOut);
    try (Scope scope = LogContext.with("endless", endless)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> copy = (Map<String, Object>) LogContext.get("endless");
      assertThat(copy).hasSize(Values.MAX_ELEMENTS + 1);
      assertThat(copy.get(Values.TRUNCATED_KEY)).isEqualTo(Values.TRUNCATED);
      assertThat(handedOut.get()).isEqualTo(Values.MAX_ELEMENTS);
    }
  }

  /** A map that claims the largest size and whose entries never end. */
  private static final class EndlessMap extends AbstractMap<Object, Object> {
    private final AtomicLong handedOut;

    EndlessMap(AtomicLong handedOut) {
      this.handedOut = handedOut;
    }

    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<Object, Object>> iterator() {
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return true;
            }

            @Override
            public Map.Entry<Object, Object> next() {
              long n = handedOut.incrementAndGet();
              return new SimpleImmutableEntry<>(n, n);
            }
          };
        }

        @Override
        public int size() {
          return Integer.MAX_VALUE;
        }
      };
    }
  }

  @Test
  void aStructureWhoseIterationThrowsBindsAMarkerNamingTheException() {
    List<Object> hostile =
        new AbstractList<>() {
          @Override
          public Object get(int index) {
            throw new java.util.ConcurrentModificationException();
          }

          @Override
          public int size() {
            return 2;
          }
        };
    Object stored = Snapshot.empty().with("outer", List.of("kept", hostile)).get("outer");
    assertThat(stored)
        .isEqualTo(
            List.of(
                "kept",
                "[copy of "
                    + hostile.getClass().getName()
                    + " threw java.util.ConcurrentModificationException]"));
  }

  private static long countElements(Object value) {
    if (value instanceof List) {
      long n = 0;
      for (Object element : (List<?>) value) {
        n += 1 + countElements(element);
      }
      return n;
    }
    if (value instanceof Map) {
      long n = 0;
      for (Object element : ((Map<?, ?>) value).values()) {
        n += 1 + countElements(element);
      }
      return n;
    }
    return 0;
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
