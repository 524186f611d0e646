package dev.logcontext.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeySetTest {
  @Test
  void addIfAbsentAddsOnceAndFindsEqualStrings() {
    KeySet keys = new KeySet();
    assertThat(keys.addIfAbsent("request_id")).isTrue();
    assertThat(keys.addIfAbsent(new String("request_id"))).isFalse();
    assertThat(keys.contains("request_id")).isTrue();
    assertThat(keys.contains("user_id")).isFalse();
  }

  @Test
  void collidingHashesAreDistinctKeys() {
    KeySet keys = new KeySet();
    assertThat(keys.addIfAbsent("Aa")).isTrue();
    assertThat(keys.addIfAbsent("BB")).isTrue();
    assertThat(keys.addIfAbsent("Aa")).isFalse();
    assertThat(keys.addIfAbsent("BB")).isFalse();
    assertThat(keys.contains("AaBB")).isFalse();
  }

  @Test
  void growsAndClearsWithBothWaysOfAdding() {
    KeySet keys = new KeySet();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 500; i++) {
        if (i % 2 == 0) {
          assertThat(keys.addIfAbsent("k" + i)).as("k%d", i).isTrue();
        } else {
          keys.add("k" + i);
        }
      }
      for (int i = 0; i < 500; i++) {
        assertThat(keys.contains("k" + i)).isTrue();
        assertThat(keys.addIfAbsent("k" + i)).isFalse();
      }
      assertThat(keys.contains("k500")).isFalse();
      if (round == 0) {
        keys.clear();
      } else {
        keys.trim();
      }
      assertThat(keys.contains("k1")).isFalse();
    }
  }
}
