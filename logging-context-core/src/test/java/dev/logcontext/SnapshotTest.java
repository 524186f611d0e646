package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  @Test
  void emptySnapshotHasNoFields() {
    assertThat(Snapshot.empty().size()).isZero();
    assertThat(Snapshot.empty().asMap()).isEmpty();
    assertThat(Snapshot.empty().get("anything")).isNull();
  }

  @Test
  void withReturnsNewSnapshotAndNeverChangesTheOriginal() {
    Snapshot one = Snapshot.empty().with("a", 1);
    Snapshot two = one.with("b", 2);
    assertThat(one.asMap()).containsExactly(Map.entry("a", 1));
    assertThat(two.asMap()).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
  }

  @Test
  void bindingAnEqualValueReturnsTheSameSnapshot() {
    Snapshot snapshot = Snapshot.empty().with("user", "alice").with("n", 7L);
    assertThat(snapshot.with("user", new String("alice"))).isSameAs(snapshot);
    assertThat(snapshot.with("n", 7L)).isSameAs(snapshot);
    assertThat(snapshot.with("missing", null)).isSameAs(snapshot);
  }

  @Test
  void rebindingAKeyKeepsItsPositionInFieldOrder() {
    Snapshot snapshot = Snapshot.empty().with("a", 1).with("b", 2).with("c", 3).with("a", 10);
    assertThat(snapshot.asMap().keySet()).containsExactly("a", "b", "c");
    assertThat(snapshot.get("a")).isEqualTo(10);
  }

  @Test
  void bindingNullRemovesTheKeyAndKeepsTheOrderOfTheRest() {
    Snapshot snapshot = Snapshot.empty().with("a", 1).with("b", 2).with("c", 3).with("b", null);
    assertThat(snapshot.asMap()).containsExactly(Map.entry("a", 1), Map.entry("c", 3));
    assertThat(snapshot.contains("b")).isFalse();
  }

  @Test
  void positionalAccessWalksFieldsInBindingOrder() {
    Snapshot snapshot = Snapshot.empty().with("x", "1").with("y", 2);
    assertThat(snapshot.keyAt(0)).isEqualTo("x");
    assertThat(snapshot.valueAt(1)).isEqualTo(2);
    assertThatThrownBy(() -> snapshot.keyAt(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void largeSnapshotsFindEveryKeyThroughTheIndex() {
    Snapshot snapshot = Snapshot.empty();
    for (int i = 0; i < 64; i++) {
      snapshot = snapshot.with("key_" + i, i);
      for (int j = 0; j <= i; j++) {
        assertThat(snapshot.get("key_" + j)).as("key_%d of %d", j, i + 1).isEqualTo(j);
      }
      assertThat(snapshot.get("absent")).isNull();
    }
    Snapshot rebound = snapshot.with("key_40", "forty");
    assertThat(rebound.get("key_40")).isEqualTo("forty");
    assertThat(rebound.keyAt(40)).isEqualTo("key_40");
    Snapshot removed = rebound.with("key_3", null);
    assertThat(removed.size()).isEqualTo(63);
    assertThat(removed.get("key_3")).isNull();
    assertThat(removed.get("key_63")).isEqualTo(63);
    assertThat(removed.get("key_40")).isEqualTo("forty");
  }

  @Test
  void keysWithEqualHashCodesAreTellApartInSmallAndLargeSnapshots() {
    // "Aa" and "BB" share a hash code, so every combination of them does too.
    String[] parts = {"Aa", "BB"};
    Snapshot snapshot = Snapshot.empty();
    int count = 0;
    for (String a : parts) {
      for (String b : parts) {
        for (String c : parts) {
          for (String d : parts) {
            snapshot = snapshot.with(a + b + c + d, count++);
          }
        }
      }
    }
    assertThat(snapshot.size()).isEqualTo(16);
    count = 0;
    for (String a : parts) {
      for (String b : parts) {
        for (String c : parts) {
          for (String d : parts) {
            assertThat(snapshot.get(new String(a + b + c + d))).isEqualTo(count++);
          }
        }
      }
    }
    assertThat(snapshot.get("AaAaAaAb")).isNull();
  }

  @Test
  void withMapBindsInIterationOrderAndValidatesEveryKeyFirst() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("z", 1);
    fields.put("a", 2);
    fields.put("m", null);
    assertThat(Snapshot.empty().with(fields).asMap().keySet()).containsExactly("z", "a");

    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("good", 1);
    bad.put("bad key", 2);
    assertThatThrownBy(() -> Snapshot.empty().with(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"bad key\"");
  }

  @Test
  void asMapIsAnUnmodifiableView() {
    Map<String, Object> map = Snapshot.empty().with("a", 1).asMap();
    assertThatThrownBy(() -> map.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.entrySet().iterator().next().setValue(3))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theStringViewShowsValuesAsStringsAndLeadsBackToTheSnapshot() {
    Snapshot snapshot = Snapshot.empty().with("user_id", 42L).with("tags", java.util.List.of("a"));
    Map<String, String> strings = snapshot.asStringMap();
    assertThat(strings).containsExactly(Map.entry("user_id", "42"), Map.entry("tags", "[a]"));
    assertThat(Snapshot.behind(strings)).isSameAs(snapshot);
    assertThat(Snapshot.behind(snapshot.asMap())).isSameAs(snapshot);
    assertThat(Snapshot.behind(Map.of("user_id", "42"))).isNull();
    assertThat(Snapshot.behind(new java.util.HashMap<>(strings))).isNull();
  }

  @Test
  void snapshotsWithTheSameFieldsInTheSameOrderAreEqual() {
    Snapshot first = Snapshot.empty().with("a", 1).with("b", "x");
    Snapshot second = Snapshot.empty().with("a", 1).with("b", "x");
    Snapshot reordered = Snapshot.empty().with("b", "x").with("a", 1);
    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second).isNotEqualTo(reordered);
    assertThat(first).hasToString("{a=1, b=x}");
  }

  @Test
  void keyAtAndValueAtThrowIndexOutOfBoundsForEveryPositionOutsideTheFieldsAtEverySize() {
    Snapshot snapshot = Snapshot.empty();
    for (int size = 0; size <= 40; size++) {
      assertThat(snapshot.size()).isEqualTo(size);
      snapshot.get("absent"); // builds the index of a large snapshot, as a lookup would
      for (int position = 0; position < size; position++) {
        assertThat(snapshot.keyAt(position)).isEqualTo("k" + position);
        assertThat(snapshot.valueAt(position)).isEqualTo(position);
      }
      for (int position :
          new int[] {
            size,
            size + 1,
            size + 2,
            2 * size,
            -1,
            -2,
            Integer.MIN_VALUE,
            Integer.MAX_VALUE,
            Integer.MAX_VALUE / 2 + 1
          }) {
        Snapshot s = snapshot;
        int p = position;
        assertThatThrownBy(() -> s.keyAt(p))
            .as("keyAt(%d) of a snapshot with %d fields", p, s.size())
            .isExactlyInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.valueAt(p))
            .as("valueAt(%d) of a snapshot with %d fields", p, s.size())
            .isExactlyInstanceOf(IndexOutOfBoundsException.class);
      }
      snapshot = snapshot.with("k" + size, size);
    }
  }
}
