package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.concurrent.ContextExecutors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadWatchTest {
  private static final int TASKS = 400;

  /** Waits until {@code thread} waits (idle in its pool), so that what it holds is settled. */
  private static void awaitIdle(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (thread.getState() != Thread.State.WAITING
        && thread.getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime()).as("%s never became idle", thread).isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  @Test
  void everyFieldThatTasksOnAPlainPoolLeftIsSeenOnTheWorkerThatHoldsIt() throws Exception {
    ScopeChecks.watchNewThreads();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Thread>> done = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        String key = "task_" + i;
        done.add(
            pool.submit(
                () -> {
                  LegacyBindings.put(key, "left");
                  return Thread.currentThread();
                }));
      }
      Set<Thread> workers = new HashSet<>();
      for (Future<Thread> task : done) {
        workers.add(task.get(30, TimeUnit.SECONDS));
      }
      for (Thread worker : workers) {
        awaitIdle(worker);
      }

      Map<Thread, Snapshot> left = ScopeChecks.contextOnWatchedThreads();

      Set<String> keys = new HashSet<>();
      for (Thread worker : workers) {
        assertThat(left).as("worker %s", worker.getName()).containsKey(worker);
        keys.addAll(left.get(worker).asMap().keySet());
      }
      assertThat(keys).as("every task's field, on the worker that ran it").hasSize(TASKS);
      assertThat(left)
          .as("the calling thread is never listed")
          .doesNotContainKey(Thread.currentThread());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @SuppressWarnings("resource")
  void aScopeATaskLeftOpenIsSeenWithTheFieldItBinds() throws Exception {
    ScopeChecks.watchNewThreads();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Thread worker =
          pool.submit(
                  () -> {
                    LogContext.with("open", 1L);
                    return Thread.currentThread();
                  })
              .get(30, TimeUnit.SECONDS);
      awaitIdle(worker);

      assertThat(ScopeChecks.contextOnWatchedThreads().get(worker).get("open")).isEqualTo(1L);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTaskOfAPropagatingPoolIsNotListedWhileItRunsNorAfterIt() throws Exception {
    ScopeChecks.watchNewThreads();
    ExecutorService pool = ContextExecutors.propagating(Executors.newSingleThreadExecutor());
    CountDownLatch bound = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      Future<Thread> task =
          pool.submit(
              () -> {
                LegacyBindings.put("inside", "task");
                bound.countDown();
                release.await();
                return Thread.currentThread();
              });
      assertThat(bound.await(30, TimeUnit.SECONDS)).isTrue();
      Map<Thread, Snapshot> whileRunning = ScopeChecks.contextOnWatchedThreads();
      release.countDown();
      Thread worker = task.get(30, TimeUnit.SECONDS);
      awaitIdle(worker);

      for (Snapshot held : whileRunning.values()) {
        assertThat(held.contains("inside")).as("a running task's own context").isFalse();
      }
      assertThat(ScopeChecks.contextOnWatchedThreads()).doesNotContainKey(worker);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aThreadThatEndedIsNotListed() throws Exception {
    ScopeChecks.watchNewThreads();
    Thread thread = new Thread(() -> LegacyBindings.put("gone", "soon"), "ends");
    thread.start();
    thread.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(ScopeChecks.contextOnWatchedThreads()).doesNotContainKey(thread);
  }
}
