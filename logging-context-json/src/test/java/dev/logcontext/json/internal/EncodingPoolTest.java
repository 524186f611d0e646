package dev.logcontext.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.json.JsonFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodingPoolTest {
  private final EventEncoder encoder = new EventEncoder(JsonFormat.defaults());

  @Test
  void releasedEncodingIsReused() {
    EncodingPool pool = new EncodingPool(encoder, 4);
    Encoding first = pool.acquire();
    pool.release(first);
    assertThat(pool.acquire()).isSameAs(first);
  }

  @Test
  void emptyPoolCreatesFreshEncodings() {
    EncodingPool pool = new EncodingPool(encoder, 2);
    Encoding a = pool.acquire();
    Encoding b = pool.acquire();
    assertThat(a).isNotSameAs(b);
  }

  @Test
  void poolKeepsAtMostItsSize() {
    EncodingPool pool = new EncodingPool(encoder, 3);
    List<Encoding> taken = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      taken.add(pool.acquire());
    }
    taken.forEach(pool::release);
    assertThat(pool.pooled()).isEqualTo(3);
  }

  @Test
  void oversizedBuffersAreNotKept() {
    EncodingPool pool = new EncodingPool(encoder, 1);
    Encoding encoding = pool.acquire();
    encoding.out.writeString("x".repeat(500_000), Integer.MAX_VALUE);
    encoding.frameKey.append("y".repeat(500_000));
    pool.release(encoding);
    Encoding again = pool.acquire();
    assertThat(again).isSameAs(encoding);
    assertThat(again.out.array().length).isLessThanOrEqualTo(Encoding.MAX_RETAINED_BYTES);
    assertThat(again.frameKey.capacity()).isLessThanOrEqualTo(Encoding.MAX_RETAINED_CHARS);
  }

  @Test
  void defaultSizeIsSmallAndBounded() {
    assertThat(EncodingPool.defaultSize()).isBetween(2, 16);
  }
}
