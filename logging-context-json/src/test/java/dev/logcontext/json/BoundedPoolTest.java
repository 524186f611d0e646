package dev.logcontext.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedPoolTest {
  @Test
  void releasedObjectsAreResetReusedAndTheSizeStaysBounded() {
    List<StringBuilder> resets = new ArrayList<>();
    BoundedPool<StringBuilder> pool =
        new BoundedPool<>(
            StringBuilder::new,
            sb -> {
              sb.setLength(0);
              resets.add(sb);
            });
    StringBuilder first = pool.acquire().append("used");
    pool.release(first);
    assertThat(resets).containsExactly(first);
    assertThat(first).isEmpty();
    assertThat(pool.acquire()).isSameAs(first);
    assertThat(pool.acquire()).isNotSameAs(first);
    for (int i = 0; i < 100; i++) {
      pool.release(new StringBuilder());
    }
    assertThat(pool.pooled()).isBetween(2, 16);
  }

  @Test
  void releasedObjectIsReused() {
    BoundedPool<StringBuilder> pool = new BoundedPool<>(StringBuilder::new, sb -> {}, 4);
    StringBuilder first = pool.acquire();
    pool.release(first);
    assertThat(pool.acquire()).isSameAs(first);
  }

  @Test
  void emptyPoolCreatesFreshObjects() {
    BoundedPool<StringBuilder> pool = new BoundedPool<>(StringBuilder::new, sb -> {}, 2);
    assertThat(pool.acquire()).isNotSameAs(pool.acquire());
  }

  @Test
  void poolKeepsAtMostItsSize() {
    BoundedPool<StringBuilder> pool = new BoundedPool<>(StringBuilder::new, sb -> {}, 3);
    List<StringBuilder> taken = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      taken.add(pool.acquire());
    }
    taken.forEach(pool::release);
    assertThat(pool.pooled()).isEqualTo(3);
  }
}
