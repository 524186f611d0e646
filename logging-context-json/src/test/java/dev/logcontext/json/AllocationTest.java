package dev.logcontext.json;

import static dev.logcontext.json.TestEvent.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Sanity check of steady-state allocation; counts bytes, never time. */
class AllocationTest {
  private static final OutputStream DISCARD =
      new OutputStream() {
        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
      };

  private static final ByteSink<int[]> COUNT =
      (target, bytes, offset, length) -> target[0] += length;

  @Test
  void steadyStateEncodingAllocatesAlmostNothing() throws Exception {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(
        threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

    JsonEventWriter writer =
        JsonEventWriter.create(JsonFormat.builder().staticFields("service=orders").build());
    TestEvent e =
        event()
            .with("request_id", "9f1c2d3e-4b5a-6789-0abc-def012345678")
            .with("correlation_id", "c-0001")
            .with("user_id", 42L)
            .with("tenant", "acme")
            .with("session", "s-77")
            .kv("order_id", 12345)
            .kv("amount", "19.99");
    int[] counter = {0};
    long threadId = Thread.currentThread().getId();
    for (int i = 0; i < 50_000; i++) {
      writer.encode(e, DISCARD);
      writer.encode(e, counter, COUNT);
    }
    int events = 20_000;
    long before = threads.getThreadAllocatedBytes(threadId);
    for (int i = 0; i < events; i++) {
      writer.encode(e, DISCARD);
      writer.encode(e, counter, COUNT);
    }
    long perEvent = (threads.getThreadAllocatedBytes(threadId) - before) / (2L * events);
    assertThat(perEvent).as("bytes allocated per event").isLessThan(8);
  }
}
