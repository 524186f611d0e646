package dev.logcontext.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.json.JsonFormat;
import org.junit.jupiter.api.Test;

class EncodingReuseTest {
  private final EventEncoder encoder = new EventEncoder(JsonFormat.defaults());

  @Test
  void oversizedBuffersAreNotKeptForReuse() {
    Encoding encoding = encoder.newEncoding();
    encoding.out.writeString("x".repeat(500_000), Integer.MAX_VALUE);
    encoding.frameKey.append("y".repeat(500_000));
    encoding.trimForReuse();
    assertThat(encoding.out.array().length).isLessThanOrEqualTo(Encoding.MAX_RETAINED_BYTES);
    assertThat(encoding.frameKey.capacity()).isLessThanOrEqualTo(Encoding.MAX_RETAINED_CHARS);
  }
}
