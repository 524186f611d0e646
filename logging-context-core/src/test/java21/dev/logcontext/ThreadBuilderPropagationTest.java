package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.concurrent.ContextExecutors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Compiled and run only on JDK 21 or newer (Maven profile "virtual-threads"). */
class ThreadBuilderPropagationTest {
  @Test
  void virtualAndPlatformThreadsFromAWrappedBuilderFactorySeeTheCreatorsFields() throws Exception {
    List<ThreadFactory> factories =
        List.of(
            ContextExecutors.propagating(Thread.ofVirtual().name("v-", 0).factory()),
            ContextExecutors.propagating(Thread.ofPlatform().name("p-", 0).factory()));
    Map<String, String> failures = new ConcurrentHashMap<>();
    AtomicInteger checked = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (ThreadFactory factory : factories) {
      for (int i = 0; i < 2_000; i++) {
        int id = i;
        try (Scope scope = LogContext.with("thread_no", id)) {
          threads.add(
              factory.newThread(
                  () -> {
                    try {
                      Thread.sleep(1); // a virtual thread may come back on another carrier
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    if (!LogContext.fields().equals(Map.of("thread_no", id))) {
                      failures.put(Thread.currentThread().getName(), "saw " + LogContext.fields());
                    }
                    checked.incrementAndGet();
                  }));
        }
      }
    }
    for (Thread thread : threads) {
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(checked).as("threads that ran their check").hasValue(2 * 2_000);
    assertThat(failures).isEmpty();
  }
}
