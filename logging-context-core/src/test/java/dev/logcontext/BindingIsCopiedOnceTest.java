package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.logcontext.concurrent.ContextExecutors;
import java.lang.management.ManagementFactory;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bound map is validated and deep-copied once, whichever way it is bound: the map handed in is
 * read once, and binding it allocates about one copy, not two (the thread state and scopes used to
 * apply their already normalized bindings through the public {@code Snapshot.with}, which copied
 * them again). Allocation is measured with the JVM's per-thread counter.
 */
class BindingIsCopiedOnceTest {
  private static final int ENTRIES = 1_000;

  /** A copy of more than one copy's size means the value was copied again. */
  private static final double MORE_THAN_ONE_COPY = 1.5;

  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = ContextExecutors.propagating(Executors.newSingleThreadExecutor());
  }

  @AfterAll
  static void stopPool() throws InterruptedException {
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void logContextWithCopiesAMapOnce() {
    assertCopiedOnce(
        "LogContext.with",
        map -> {
          try (Scope scope = LogContext.with("order", map)) {
            assertCopy(LogContext.get("order"));
          }
        });
  }

  @Test
  void aTypedKeyCopiesAMapOnce() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    ContextKey<Map<String, Object>> order = (ContextKey) ContextKey.of("order", Map.class);
    assertCopiedOnce(
        "ContextKey.set",
        map -> {
          try (Scope scope = order.set(map)) {
            assertCopy(order.get());
          }
        });
  }

  @Test
  void scopeAndCopiesAMapOnce() {
    assertCopiedOnce(
        "Scope.and",
        map -> {
          try (Scope scope = LogContext.with("request_id", "r-1").and("order", map)) {
            assertCopy(LogContext.get("order"));
          }
        });
  }

  @Test
  void andOnTheScopeOfTheCurrentSnapshotAtTopLevelCopiesAMapOnce() {
    assertCopiedOnce(
        "Scope.and at the thread's top level",
        map -> {
          try (Scope scope = LogContext.capture().attach()) {
            scope.and("order", map);
            assertCopy(LogContext.get("order"));
          } finally {
            LegacyBindings.clear(); // a binding at top level outlives the no-op scope
          }
        });
  }

  @Test
  void logContextWithAMapOfFieldsCopiesEachValueOnce() {
    assertCopiedOnce(
        "LogContext.with(Map)",
        map -> {
          try (Scope scope = LogContext.with(Map.of("order", map))) {
            assertCopy(LogContext.get("order"));
          }
        });
  }

  @Test
  void snapshotWithCopiesAMapOnce() {
    assertCopiedOnce(
        "Snapshot.with", map -> assertCopy(Snapshot.empty().with("order", map).get("order")));
  }

  @Test
  void legacyPutCopiesAMapOnce() {
    assertCopiedOnce(
        "LegacyBindings.put at top level",
        map -> {
          LegacyBindings.put("order", map);
          try {
            assertCopy(LogContext.get("order"));
          } finally {
            LegacyBindings.clear();
          }
        });
    assertCopiedOnce(
        "LegacyBindings.put inside a scope",
        map -> {
          try (Scope scope = LogContext.with("request_id", "r-1")) {
            LegacyBindings.put("order", map);
            assertCopy(LogContext.get("order"));
          }
        });
    assertCopiedOnce(
        "LegacyBindings.putAll",
        map -> {
          try (Scope scope = LogContext.with("request_id", "r-1")) {
            LegacyBindings.putAll(Map.of("order", map));
            assertCopy(LogContext.get("order"));
          }
        });
  }

  @Test
  void aTaskOfAPropagatingExecutorSeesTheSubmittersCopyAndCopiesWhatItBindsOnce() throws Exception {
    threadAllocation(); // skips the test here, not inside the task, when the JVM cannot count
    CountingMap map = CountingMap.filled();
    try (Scope scope = LogContext.with("order", map)) {
      Object submitted = LogContext.get("order");
      Object seen = pool.submit(() -> LogContext.get("order")).get(10, TimeUnit.SECONDS);
      assertThat(seen).as("the task sees the submitter's copy, not a new one").isSameAs(submitted);
    }
    assertThat(map.entrySetCalls).isEqualTo(1);

    pool.submit(
            () ->
                assertCopiedOnce(
                    "LogContext.with in a propagated task",
                    m -> {
                      try (Scope scope = LogContext.with("order", m)) {
                        assertCopy(LogContext.get("order"));
                      }
                    }))
        .get(30, TimeUnit.SECONDS);
  }

  /** Checks that {@code stored} is a whole copy, without reading the map bound (equals would). */
  private static void assertCopy(Object stored) {
    assertThat(stored).isInstanceOf(Map.class).isNotInstanceOf(CountingMap.class);
    assertThat(((Map<?, ?>) stored).size()).isEqualTo(ENTRIES);
  }

  /**
   * Binds a fresh counting map through {@code bind} and checks that the map was read once and that
   * the binding allocated less than one and a half copies of it.
   */
  private static void assertCopiedOnce(String path, Consumer<Map<String, Object>> bind) {
    for (int warmUp = 0; warmUp < 3; warmUp++) { // load classes, settle the key caches
      bind.accept(CountingMap.filled());
      Values.normalize(CountingMap.filled());
    }
    CountingMap map = CountingMap.filled();
    bind.accept(map);
    assertThat(map.entrySetCalls).as("reads of the map bound through " + path).isEqualTo(1);

    com.sun.management.ThreadMXBean threads = threadAllocation();
    long oneCopy = Long.MAX_VALUE;
    long binding = Long.MAX_VALUE;
    for (int run = 0; run < 5; run++) { // the least of several runs: nothing else counted
      CountingMap a = CountingMap.filled();
      long before = threads.getCurrentThreadAllocatedBytes();
      Values.normalize(a);
      oneCopy = Math.min(oneCopy, threads.getCurrentThreadAllocatedBytes() - before);

      CountingMap b = CountingMap.filled();
      before = threads.getCurrentThreadAllocatedBytes();
      bind.accept(b);
      binding = Math.min(binding, threads.getCurrentThreadAllocatedBytes() - before);
    }
    assertThat(binding)
        .as("bytes allocated binding a map through %s; one copy is %d bytes", path, oneCopy)
        .isLessThan((long) (oneCopy * MORE_THAN_ONE_COPY));
  }

  private static com.sun.management.ThreadMXBean threadAllocation() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean sun
            && sun.isThreadAllocatedMemorySupported()
            && sun.isThreadAllocatedMemoryEnabled(),
        "this JVM counts allocated bytes per thread");
    return (com.sun.management.ThreadMXBean) bean;
  }

  /** A map that counts how often its entries are read. */
  private static final class CountingMap extends AbstractMap<String, Object> {
    private final Map<String, Object> entries = new LinkedHashMap<>();
    int entrySetCalls;

    static CountingMap filled() {
      CountingMap map = new CountingMap();
      for (int i = 0; i < ENTRIES; i++) {
        map.entries.put("k" + i, i);
      }
      return map;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      entrySetCalls++;
      return entries.entrySet();
    }

    @Override
    public int size() {
      return entries.size();
    }
  }
}
