package dev.logcontext.json;

import static dev.logcontext.json.TestEvent.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int EVENTS = 5_000;

  private static TestEvent eventFor(int thread, int seq) {
    TestEvent e =
        event()
            .thread("worker-" + thread)
            .message("event " + thread + "/" + seq)
            .with("thread_no", thread)
            .with("seq", seq)
            .with("request_id", "req-" + thread + "-" + seq)
            .kv("echo", thread * 1_000_000L + seq);
    if (seq % 500 == 0) {
      // Now and then a huge event, so that oversized buffers are dropped under contention.
      e.kv("big", "b".repeat(100_000));
    }
    if (seq % 97 == 0) {
      e.thrown(new IllegalStateException("failure " + thread + "/" + seq));
    }
    return e;
  }

  @Test
  void eightThreadsShareOneWriterWithoutCrossTalk() throws Exception {
    JsonEventWriter writer = JsonEventWriter.create(JsonFormat.defaults());
    ByteArrayOutputStream shared = new ByteArrayOutputStream();
    OutputStream synchronizedOut =
        new OutputStream() {
          @Override
          public synchronized void write(int b) {
            shared.write(b);
          }

          @Override
          public synchronized void write(byte[] b, int off, int len) {
            shared.write(b, off, len);
          }
        };
    List<List<byte[]>> returned = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<List<byte[]>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  List<byte[]> lines = new ArrayList<>();
                  for (int seq = 0; seq < EVENTS; seq++) {
                    TestEvent e = eventFor(thread, seq);
                    if (seq % 2 == 0) {
                      writer.encode(e, synchronizedOut);
                    } else {
                      lines.add(writer.encode(e));
                    }
                  }
                  return lines;
                }));
      }
      start.countDown();
      for (Future<List<byte[]>> future : futures) {
        returned.add(future.get());
      }
    } finally {
      pool.shutdownNow();
    }

    BitSet seen = new BitSet(THREADS * EVENTS);
    for (List<byte[]> lines : returned) {
      for (byte[] line : lines) {
        check(Lines.parse(line), seen);
      }
    }
    byte[] all = shared.toByteArray();
    int from = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        check(Lines.parse(Arrays.copyOfRange(all, from, i + 1)), seen);
        from = i + 1;
      }
    }
    assertThat(from).as("no trailing partial line").isEqualTo(all.length);
    assertThat(seen.cardinality()).as("every event exactly once").isEqualTo(THREADS * EVENTS);
  }

  private static void check(ObjectNode json, BitSet seen) {
    int thread = json.get("thread_no").asInt();
    int seq = json.get("seq").asInt();
    assertThat(json.get("thread_name").asText()).isEqualTo("worker-" + thread);
    assertThat(json.get("message").asText()).isEqualTo("event " + thread + "/" + seq);
    assertThat(json.get("request_id").asText()).isEqualTo("req-" + thread + "-" + seq);
    assertThat(json.get("echo").asLong()).isEqualTo(thread * 1_000_000L + seq);
    assertThat(json.has("big")).isEqualTo(seq % 500 == 0);
    if (seq % 97 == 0) {
      assertThat(json.get("stack_trace").asText())
          .startsWith("java.lang.IllegalStateException: failure " + thread + "/" + seq + "\n");
    } else {
      assertThat(json.has("stack_trace")).isFalse();
    }
    int index = thread * EVENTS + seq;
    assertThat(seen.get(index)).as("duplicate line %d/%d", thread, seq).isFalse();
    seen.set(index);
  }

  @Test
  void writerSurvivesFailingSink() {
    JsonEventWriter writer = JsonEventWriter.create(JsonFormat.defaults());
    OutputStream failing =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };
    for (int i = 0; i < 100; i++) {
      try {
        writer.encode(event(), failing);
      } catch (IOException expected) {
        assertThat(expected).hasMessage("disk full");
      }
    }
    Lines.parse(writer, event());
    assertThat(writer.pooledBuffers()).isBetween(1, 16);
  }
}
