package dev.logcontext.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PropagatingThreadFactoryTest {
  private final ThreadFactory factory =
      ContextExecutors.propagating(Executors.defaultThreadFactory());

  @Test
  void eachThreadStartsInTheSnapshotCurrentWhereItWasCreated() throws Exception {
    Map<Integer, String> failures = new ConcurrentHashMap<>();
    AtomicInteger checked = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      int id = i;
      Runnable check =
          () -> {
            Map<String, Object> wanted = id % 5 == 0 ? Map.of() : Map.of("thread_no", id);
            if (!LogContext.fields().equals(wanted)) {
              failures.put(id, "saw " + LogContext.fields());
            }
            checked.incrementAndGet();
          };
      if (id % 5 == 0) {
        threads.add(factory.newThread(check)); // created outside any scope: starts empty
      } else {
        try (Scope scope = LogContext.with("thread_no", id)) {
          threads.add(factory.newThread(check));
        }
      }
    }
    // Started only now, after every scope closed: what counts is where each thread was created.
    for (Thread thread : threads) {
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(checked).as("threads that ran their check").hasValue(500);
    assertThat(failures).isEmpty();
  }

  @Test
  void wrappingAWrapperReturnsIt() {
    assertThat(ContextExecutors.propagating(factory)).isSameAs(factory);
  }

  @Test
  void aForkJoinPoolCarriesTheContextIntoTheTasksHandedToItAndAParallelStreamThroughWrapFunction()
      throws Exception {
    ExecutorService pool = ContextExecutors.propagating(new ForkJoinPool(4));
    try (Scope scope = LogContext.with("request_id", "r-1")) {
      assertThat(pool.submit(() -> LogContext.get("request_id")).get(10, TimeUnit.SECONDS))
          .isEqualTo("r-1");
      Snapshot request = LogContext.capture();
      List<Object> seen =
          IntStream.range(0, 2_000)
              .boxed()
              .parallel()
              .map(request.wrapFunction(i -> LogContext.get("request_id")))
              .collect(Collectors.toList());
      assertThat(seen).hasSize(2_000).containsOnly("r-1");
    } finally {
      pool.shutdown();
    }
    // No worker of the common pool keeps the request's fields afterwards.
    List<Object> after =
        IntStream.range(0, 2_000)
            .boxed()
            .parallel()
            .map(i -> LogContext.get("request_id"))
            .collect(Collectors.toList());
    assertThat(after).containsOnlyNulls();
  }
}
