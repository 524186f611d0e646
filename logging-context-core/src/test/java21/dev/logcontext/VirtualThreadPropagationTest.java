package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.concurrent.ContextExecutors;
import dev.logcontext.concurrent.ContextFutures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Compiled and run only on JDK 21 or newer (Maven profile "virtual-threads"). */
class VirtualThreadPropagationTest {
  @Test
  void tenThousandVirtualThreadTasksEachSeeExactlyTheirOwnFields() throws Exception {
    Map<Integer, String> failures = new ConcurrentHashMap<>();
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      ExecutorService pool = ContextExecutors.propagating(virtual);
      for (int i = 0; i < 10_000; i++) {
        int id = i;
        try (Scope scope = LogContext.with("task", id).and("request_id", "req-" + id)) {
          futures.add(
              pool.submit(
                  () -> {
                    Map<String, Object> wanted = Map.of("task", id, "request_id", "req-" + id);
                    if (!LogContext.fields().equals(wanted)) {
                      failures.put(id, "saw " + LogContext.fields());
                    }
                    try (Scope inner = LogContext.with("step", "inner")) {
                      Thread.sleep(1); // unmount and remount, possibly on another carrier
                      if (!Integer.valueOf(id).equals(LogContext.get("task"))
                          || !"inner".equals(LogContext.get("step"))) {
                        failures.put(id, "after sleep saw " + LogContext.fields());
                      }
                    }
                    return null;
                  }));
        }
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void aNewVirtualThreadStartsEmptyAndAWrappedTaskCarriesTheSnapshot() throws Exception {
    AtomicReference<Snapshot> plain = new AtomicReference<>();
    AtomicReference<Snapshot> wrapped = new AtomicReference<>();
    try (Scope scope = LogContext.with("request_id", "r1")) {
      Thread.ofVirtual().start(() -> plain.set(LogContext.capture())).join();
      Thread.ofVirtual().start(LogContext.wrap(() -> wrapped.set(LogContext.capture()))).join();
    }
    assertThat(plain.get().isEmpty()).isTrue();
    assertThat(wrapped.get().asMap()).isEqualTo(Map.of("request_id", "r1"));
  }

  @Test
  void futureChainsOnVirtualThreadsCarryContext() throws Exception {
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<Object> chain;
      try (Scope scope = LogContext.with("request_id", "vt")) {
        chain =
            ContextFutures.supplyAsync(() -> LogContext.get("request_id"), virtual)
                .thenApplyAsync(v -> v + "/" + LogContext.get("request_id"), virtual);
      }
      assertThat(chain.get(10, TimeUnit.SECONDS)).isEqualTo("vt/vt");
    }
  }
}
