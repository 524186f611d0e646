package dev.logcontext.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logcontext.Snapshot;
import dev.logcontext.ValueConverter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JacksonValueConverterTest {
  @AfterEach
  void backToTheServiceLoaderDefault() {
    ValueConverter.install(null);
  }

  @Test
  void theServiceLoaderFindsTheConverterAndARecordBecomesNestedMaps() {
    Object stored = Snapshot.empty().with("order", Order.sample()).get("order");

    assertThat(stored).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> order = (Map<String, Object>) stored;
    assertThat(order)
        .containsEntry("id", 42L)
        .containsEntry("customer", Map.of("name", "Ada", "vip", true))
        .containsEntry("coupon", "WELCOME")
        .containsEntry("note", null)
        .containsEntry("total", new BigDecimal("39.900"))
        .doesNotContainKey("cardNumber");
    assertThat(((BigDecimal) order.get("total")).toPlainString())
        .as("the exact decimal, scale included")
        .isEqualTo("39.900");
    assertThat(order.get("lines"))
        .isEqualTo(
            List.of(
                Map.of("sku", "A-1", "quantity", 2L, "price", new BigDecimal("19.90")),
                Map.of("sku", "B-7", "quantity", 1L, "price", new BigDecimal("0.10"))));
  }

  @Test
  void aJsonNodeIsConvertedWithoutTheMapper() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("big", new BigInteger("123456789012345678901234567890"));
    node.put("small", 7);
    node.put("ratio", 0.25d);
    node.putArray("tags").add("a").addNull().add(false);

    assertThat(Snapshot.empty().with("n", node).get("n"))
        .isEqualTo(
            Map.of(
                "big",
                new BigInteger("123456789012345678901234567890"),
                "small",
                7L,
                "ratio",
                0.25d,
                "tags",
                java.util.Arrays.asList("a", null, false)));
  }

  @Test
  void anInstalledMapperIsUsed() {
    ObjectMapper mapper =
        new ObjectMapper()
            .findAndRegisterModules()
            .setPropertyNamingStrategy(
                com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
    JacksonValueConverter.install(mapper);

    record Named(String firstName) {}

    assertThat(Snapshot.empty().with("p", new Named("Ada")).get("p"))
        .isEqualTo(Map.of("first_name", "Ada"));
  }

  /** A node with a reference to itself: Jackson refuses it. */
  static final class Node {
    public Node next = this;
  }

  /** Two nodes referring to each other: Jackson recurses until its nesting limit. */
  static final class Ping {
    public Pong pong;
  }

  static final class Pong {
    public Ping ping;
  }

  @Test
  void aCyclicGraphGivesAMarker() {
    Ping ping = new Ping();
    ping.pong = new Pong();
    ping.pong.ping = ping;

    assertThat(Snapshot.empty().with("self", new Node()).get("self"))
        .asString()
        .startsWith("[conversion of " + Node.class.getName() + " threw ");
    assertThat(Snapshot.empty().with("ping", ping).get("ping"))
        .asString()
        .startsWith("[conversion of " + Ping.class.getName() + " threw ");
  }

  record Fragile(String name) {
    @Override
    public String name() {
      throw new IllegalStateException("not loaded");
    }
  }

  @Test
  void aThrowingGetterGivesAMarker() {
    assertThat(Snapshot.empty().with("f", new Fragile("x")).get("f"))
        .isEqualTo(
            "[conversion of "
                + Fragile.class.getName()
                + " threw java.lang.IllegalArgumentException]");
  }

  @Test
  void aValueWithNoPropertiesBecomesItsToString() {
    Object plain = new Object();

    assertThat(Snapshot.empty().with("o", plain).get("o")).isEqualTo(plain.toString());
  }

  record Bag(List<Integer> items) {}

  @Test
  void aHugeTreeIsCutWithAMarker() {
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      items.add(i);
    }
    Object converted = JacksonValueConverter.using(new ObjectMapper()).convert(new Bag(items));

    List<?> list = (List<?>) ((Map<?, ?>) converted).get("items");
    assertThat(list).hasSize(JacksonValueConverter.MAX_NODES);
    assertThat(list.get(list.size() - 1)).isEqualTo(JacksonValueConverter.TRUNCATED);

    Object stored = Snapshot.empty().with("bag", new Bag(items)).get("bag");
    assertThat(((List<?>) ((Map<?, ?>) stored).get("items")).size())
        .as("what the core keeps of it")
        .isLessThanOrEqualTo(4097);
  }

  @Test
  void aMapperThatFailsOnEmptyBeansDisabledWritesAnEmptyObject() {
    JacksonValueConverter.install(
        new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS));

    assertThat(Snapshot.empty().with("o", new Object()).get("o")).isEqualTo(Map.of());
  }

  @Test
  void jdkClassesWrittenOnlyAsBeansBecomeTheirToString() {
    IllegalStateException exception = new IllegalStateException("boom");

    assertThat(Snapshot.empty().with("e", exception).get("e")).isEqualTo(exception.toString());
    assertThat(Snapshot.empty().with("t", Thread.currentThread()).get("t"))
        .isEqualTo(Thread.currentThread().toString());
  }

  @Test
  void jdkClassesWithASerializerOfTheirOwnUseIt() {
    assertThat(Snapshot.empty().with("o", java.util.Optional.of(3)).get("o")).isEqualTo(3L);
    assertThat(Snapshot.empty().with("u", java.net.URI.create("http://example.com/a")).get("u"))
        .isEqualTo("http://example.com/a");
  }
}
