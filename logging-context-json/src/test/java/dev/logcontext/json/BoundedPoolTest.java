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
}
