package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.json.ByteSink;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sanity check of the encoder's steady-state allocation; counts bytes, never time. */
class EncoderAllocationTest {
  private static final ByteSink<long[]> COUNT =
      (target, bytes, offset, length) -> target[0] += length;

  private final LoggerContext context = new LoggerContext();
  private final LogContextJsonEncoder encoder = new LogContextJsonEncoder();

  @AfterEach
  void stop() {
    encoder.stop();
    context.stop();
  }

  @Test
  void encodingIntoASinkAllocatesNothingPerEventAndTheArrayPathOnlyTheLine() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(
        threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    context.setMDCAdapter(new LogContextMDCAdapter());
    encoder.setContext(context);
    encoder.setStaticFields("service=orders");
    encoder.start();
    LoggingEvent event;
    try (Scope scope =
        LogContext.with("request_id", "9f1c2d3e-4b5a-6789-0abc-def012345678")
            .and("correlation_id", "c-0001")
            .and("user_id", 42L)
            .and("tenant", "acme")
            .and("session", "s-77")) {
      event =
          new LoggingEvent(
              "fqcn",
              context.getLogger("com.example.OrderService"),
              Level.INFO,
              "Order {} placed for {}",
              null,
              new Object[] {1001, "alice"});
      event.prepareForDeferredProcessing();
    }
    int length = encoder.encode(event).length;
    long[] written = {0};
    long threadId = Thread.currentThread().getId();
    for (int i = 0; i < 50_000; i++) {
      encoder.encode(event, written, COUNT);
      encoder.encode(event);
    }
    int events = 20_000;
    long before = threads.getThreadAllocatedBytes(threadId);
    for (int i = 0; i < events; i++) {
      encoder.encode(event, written, COUNT);
    }
    long intoSink = (threads.getThreadAllocatedBytes(threadId) - before) / events;
    before = threads.getThreadAllocatedBytes(threadId);
    for (int i = 0; i < events; i++) {
      encoder.encode(event);
    }
    long asArray = (threads.getThreadAllocatedBytes(threadId) - before) / events;

    assertThat(intoSink).as("bytes allocated per event into a sink").isLessThan(8);
    assertThat(asArray)
        .as("bytes allocated per event as an array of %d bytes", length)
        .isBetween((long) length, length + 32L);
    assertThat(written[0]).isEqualTo((50_000L + events) * length);
  }
}
