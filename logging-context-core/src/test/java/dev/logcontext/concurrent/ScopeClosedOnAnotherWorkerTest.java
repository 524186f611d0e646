package dev.logcontext.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.LegacyBindings;
import dev.logcontext.LogContext;
import dev.logcontext.NoContextLeftBehind;
import dev.logcontext.Scope;
import dev.logcontext.ScopeChecks;
import dev.logcontext.ScopeMisuseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A scope opened on one worker and closed on another, as when a coroutine resumes elsewhere: the
 * owner worker unwinds it at its next context operation or task boundary, so nothing bound in it
 * reaches a later, unrelated task on that worker.
 */
class ScopeClosedOnAnotherWorkerTest {
  private static final int ITERATIONS = 500;
  private ExecutorService worker1;
  private ExecutorService worker2;
  private final List<ScopeMisuseException> reports = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    worker1 = Executors.newSingleThreadExecutor(r -> new Thread(r, "worker-1"));
    worker2 = Executors.newSingleThreadExecutor(r -> new Thread(r, "worker-2"));
    ScopeChecks.setHandler(reports::add);
  }

  @AfterEach
  void stop() throws InterruptedException {
    worker1.shutdownNow();
    worker2.shutdownNow();
    assertThat(worker1.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(worker2.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** What a task sees: its fields and how many scopes are open on its thread. */
  private static String seen() {
    return LogContext.capture() + "/" + NoContextLeftBehind.openScopes();
  }

  private Scope openOnWorker1(int i) throws Exception {
    return worker1.submit(() -> LogContext.with("inner", "x" + i)).get();
  }

  private void closeOnWorker2(Scope scope) throws Exception {
    worker2.submit(scope::close).get();
  }

  @Test
  void aScopeClosedOnAnotherWorkerIsGoneForTheNextPlainTaskOnItsOwnWorker() throws Exception {
    for (int i = 0; i < ITERATIONS; i++) {
      Scope scope = openOnWorker1(i);
      assertThat(worker1.submit(() -> LogContext.get("inner")).get())
          .as("open until closed")
          .isEqualTo("x" + i);
      closeOnWorker2(scope);
      assertThat(worker1.submit(ScopeClosedOnAnotherWorkerTest::seen).get())
          .as("iteration %d: an unrelated task on worker 1", i)
          .isEqualTo("{}/0");
      assertThat(worker2.submit(ScopeClosedOnAnotherWorkerTest::seen).get()).isEqualTo("{}/0");
    }
    assertThat(reports)
        .allMatch(e -> e.kind() == ScopeMisuseException.Kind.WRONG_THREAD)
        .extracting(ScopeMisuseException::occurrences)
        .containsExactlyInAnyOrder(1L, 10L, 100L);
  }

  @Test
  void anIdleOwnerUnwindsAtTheNextTaskOfAPropagatingExecutor() throws Exception {
    ExecutorService propagating = ContextExecutors.propagating(worker1);
    for (int i = 0; i < ITERATIONS; i++) {
      Scope scope = openOnWorker1(i);
      closeOnWorker2(scope);
      try (Scope request = LogContext.with("request", i)) {
        assertThat(propagating.submit(ScopeClosedOnAnotherWorkerTest::seen).get())
            .as("iteration %d: the task sees the submitter's snapshot only", i)
            .isEqualTo("{request=" + i + "}/0");
      }
      assertThat(worker1.submit(ScopeClosedOnAnotherWorkerTest::seen).get())
          .as("iteration %d: worker 1 after the propagating task", i)
          .isEqualTo("{}/0");
    }
  }

  @Test
  void aLegacyPutOnTheOwnerAfterTheCloseDoesNotKeepTheClosedScopesFields() throws Exception {
    for (int i = 0; i < ITERATIONS; i++) {
      Scope scope = openOnWorker1(i);
      closeOnWorker2(scope);
      int n = i;
      assertThat(
              worker1
                  .submit(
                      () -> {
                        LegacyBindings.put("mdc", n);
                        String result = seen();
                        LegacyBindings.remove("mdc");
                        return result;
                      })
                  .get())
          .isEqualTo("{mdc=" + i + "}/0");
    }
  }

  @Test
  void aCloseElsewhereWhileTheOwnerRunsAPropagatedTaskChangesNothingUntilTheTaskEnds()
      throws Exception {
    ExecutorService propagating = ContextExecutors.propagating(worker1);
    for (int i = 0; i < 100; i++) {
      Scope scope = openOnWorker1(i);
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch closed = new CountDownLatch(1);
      Future<List<String>> task;
      try (Scope request = LogContext.with("request", i)) {
        task =
            propagating.submit(
                () -> {
                  List<String> views = new ArrayList<>();
                  views.add(seen());
                  running.countDown();
                  assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
                  views.add(seen());
                  try (Scope own = LogContext.with("own", 1)) {
                    views.add(seen());
                  }
                  views.add(seen());
                  return views;
                });
      }
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      closeOnWorker2(scope);
      closed.countDown();
      // openScopes counts the scope opened before the task until the task ends
      assertThat(task.get())
          .as("iteration %d: the task's own context is untouched", i)
          .containsExactly(
              "{request=" + i + "}/1",
              "{request=" + i + "}/1",
              "{request=" + i + ", own=1}/2",
              "{request=" + i + "}/1");
      assertThat(worker1.submit(ScopeClosedOnAnotherWorkerTest::seen).get()).isEqualTo("{}/0");
    }
  }

  /**
   * Coroutine-like hops on a real pool: each "coroutine" opens a scope on some worker, suspends
   * (its continuation is submitted to the pool and may land on any worker) and closes the scope
   * there. After every round, every worker is probed at once.
   */
  @Test
  void coroutineLikeHopsOnAPoolLeaveNoWorkerWithAClosedScopesFields() throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Random random = new Random(9);
      for (int round = 0; round < 200; round++) {
        List<CompletableFuture<String>> coroutines = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
          String id = round + "-" + c;
          boolean nested = random.nextBoolean();
          CompletableFuture<String> done = new CompletableFuture<>();
          coroutines.add(done);
          pool.execute(
              () -> {
                Scope scope = LogContext.with("inner", id);
                Scope deeper = nested ? LogContext.with("deeper", id) : null;
                pool.execute(
                    () -> { // the resumption, on whichever worker is free
                      if (deeper != null) {
                        deeper.close();
                      }
                      scope.close();
                      Object left = LogContext.get("inner");
                      done.complete(id.equals(left) ? "still sees its own inner" : "ok");
                    });
              });
        }
        for (CompletableFuture<String> coroutine : coroutines) {
          assertThat(coroutine.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        }
        assertThat(probeEveryWorker(pool, threads)).as("round %d", round).containsOnly("{}/0");
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static List<String> probeEveryWorker(ExecutorService pool, int threads) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(threads);
    List<Callable<String>> probes = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      probes.add(
          () -> {
            barrier.await(10, TimeUnit.SECONDS);
            return seen();
          });
    }
    List<String> states = new ArrayList<>();
    for (Future<String> state : pool.invokeAll(probes)) {
      states.add(state.get());
    }
    return states;
  }

  @Test
  void inStrictModeTheWrongThreadCloseThrowsAndTheOwnerStillUnwinds() throws Exception {
    ScopeChecks.setStrict(true);
    Scope scope = openOnWorker1(0);
    Future<Throwable> thrown =
        worker2.submit(
            () -> {
              try {
                scope.close();
                return null;
              } catch (ScopeMisuseException e) {
                return e;
              }
            });
    assertThat(thrown.get())
        .isInstanceOf(ScopeMisuseException.class)
        .hasMessageContaining("opened on thread worker-1 closed on thread worker-2");
    assertThat(worker1.submit(() -> LogContext.fields()).get()).isEqualTo(Map.of());
  }
}
