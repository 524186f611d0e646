package dev.logcontext.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logcontext.LegacyBindings;
import dev.logcontext.LogContext;
import dev.logcontext.NoContextLeftBehind;
import dev.logcontext.Scope;
import dev.logcontext.ScopeChecks;
import dev.logcontext.ScopeMisuseException;
import dev.logcontext.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PropagatingExecutorsTest {
  private static final int THREADS = 4;
  private ExecutorService plain;
  private ExecutorService pool;

  @BeforeEach
  void startPool() {
    plain = Executors.newFixedThreadPool(THREADS);
    pool = ContextExecutors.propagating(plain);
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Runs a probe on every worker thread at once and returns what each worker holds. */
  private List<String> workerStates(ExecutorService workers) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(THREADS);
    List<Callable<String>> probes = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      probes.add(
          () -> {
            barrier.await(10, TimeUnit.SECONDS);
            return LogContext.capture() + "/" + NoContextLeftBehind.openScopes();
          });
    }
    List<String> states = new ArrayList<>();
    for (Future<String> state : workers.invokeAll(probes)) {
      states.add(state.get());
    }
    return states;
  }

  @Test
  void twentyThousandTasksWithRandomNestingEachSeeExactlyTheirOwnFields() throws Exception {
    int tasks = 20_000;
    List<ScopeMisuseException> reports = new CopyOnWriteArrayList<>();
    ScopeChecks.setHandler(reports::add);
    int expectedReports = 0;
    Random random = new Random(42);
    Map<Integer, String> failures = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(tasks);
    for (int i = 0; i < tasks; i++) {
      int id = i;
      int depth = random.nextInt(4);
      int leftOpen = random.nextInt(10) == 0 ? 1 : 0;
      expectedReports += leftOpen;
      try (Scope scope = LogContext.with("task", id).and("request_id", "req-" + id)) {
        pool.execute(
            () -> {
              try {
                check(
                    failures,
                    id,
                    LogContext.fields(),
                    Map.of("task", id, "request_id", "req-" + id));
                nest(failures, id, depth);
                if (leftOpen == 1) {
                  LogContext.with("forgotten", id); // never closed: the wrapper must clean up
                }
              } finally {
                done.countDown();
              }
            });
      }
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(failures).as("tasks that saw foreign or missing fields").isEmpty();
    assertThat(workerStates(plain)).containsOnly("{}/0");
    assertThat(reports)
        .as("the 1st, 10th, 100th, ... task that left a scope open, with the count")
        .extracting(ScopeMisuseException::occurrences)
        .containsExactlyInAnyOrderElementsOf(powersOfTenUpTo(expectedReports));
    assertThat(reports).allMatch(e -> e.getMessage().contains("(scope fields: [forgotten])"));
  }

  private static List<Long> powersOfTenUpTo(long n) {
    List<Long> powers = new ArrayList<>();
    for (long power = 1; power <= n; power *= 10) {
      powers.add(power);
    }
    return powers;
  }

  private static void nest(Map<Integer, String> failures, int id, int depth) {
    if (depth == 0) {
      return;
    }
    Snapshot before = LogContext.capture();
    try (Scope scope = LogContext.with("level_" + depth, id)) {
      LegacyBindings.put("legacy_" + depth, id);
      nest(failures, id, depth - 1);
      if (!Integer.valueOf(id).equals(LogContext.get("level_" + depth))) {
        failures.put(id, "lost level_" + depth + ": " + LogContext.fields());
      }
    }
    if (LogContext.capture() != before) {
      failures.put(id, "scope did not restore: " + LogContext.fields());
    }
  }

  private static void check(
      Map<Integer, String> failures, int id, Map<String, Object> seen, Map<String, Object> wanted) {
    if (!seen.equals(wanted)) {
      failures.put(id, "saw " + seen + ", wanted " + wanted);
    }
  }

  @Test
  void aPlainPoolSeesNothing() throws Exception {
    try (Scope scope = LogContext.with("request_id", "r1")) {
      assertThat(plain.submit(() -> LogContext.capture().isEmpty()).get()).isTrue();
      assertThat(pool.submit(() -> LogContext.get("request_id")).get()).isEqualTo("r1");
    }
  }

  @Test
  void theSnapshotIsTheOneCurrentAtSubmissionNotAtExecution() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Future<Object> seen;
    try (Scope scope = LogContext.with("phase", "submitted")) {
      pool.execute(() -> awaitQuietly(gate));
      seen = pool.submit(() -> LogContext.get("phase"));
      scope.and("phase", "changed later");
    }
    gate.countDown();
    assertThat(seen.get()).isEqualTo("submitted");
  }

  @Test
  void workersAreRestoredAfterTasksThatThrowOrLeaveScopesOpen() throws Exception {
    List<ScopeMisuseException> reports = new CopyOnWriteArrayList<>();
    ScopeChecks.setHandler(reports::add);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      try (Scope scope = LogContext.with("n", n)) {
        futures.add(
            pool.submit(
                () -> {
                  LegacyBindings.put("dirty", n);
                  LogContext.with("open", n);
                  if (n % 2 == 0) {
                    throw new IllegalStateException("task " + n);
                  }
                }));
      }
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException expected) {
        assertThat(expected).hasCauseInstanceOf(IllegalStateException.class);
      }
    }
    assertThat(workerStates(plain)).containsOnly("{}/0");
    assertThat(reports)
        .allMatch(e -> e.kind() == ScopeMisuseException.Kind.LEFT_OPEN)
        .extracting(ScopeMisuseException::occurrences)
        .containsExactlyInAnyOrder(1L, 10L, 100L);
  }

  @Test
  void aWorkersOwnContextIsRestoredAfterEachTask() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      single.submit(() -> LegacyBindings.put("worker_own", "w")).get();
      ExecutorService propagating = ContextExecutors.propagating(single);
      try (Scope scope = LogContext.with("request_id", "r1")) {
        assertThat(propagating.submit(() -> LogContext.fields()).get())
            .isEqualTo(Map.of("request_id", "r1"));
      }
      assertThat(single.submit(() -> LogContext.fields()).get())
          .isEqualTo(Map.of("worker_own", "w"));
      single.submit(LegacyBindings::clear).get();
    } finally {
      single.shutdown();
    }
  }

  @Test
  void invokeAllAndInvokeAnyPropagate() throws Exception {
    List<Callable<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tasks.add(() -> LogContext.get("batch"));
    }
    try (Scope scope = LogContext.with("batch", "b7")) {
      for (Future<Object> result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isEqualTo("b7");
      }
      for (Future<Object> result : pool.invokeAll(tasks, 10, TimeUnit.SECONDS)) {
        assertThat(result.get()).isEqualTo("b7");
      }
      assertThat(pool.invokeAny(tasks)).isEqualTo("b7");
      assertThat(pool.invokeAny(tasks, 10, TimeUnit.SECONDS)).isEqualTo("b7");
    }
  }

  @Test
  void plainExecutorWrapperPropagates() throws Exception {
    Executor executor =
        ContextExecutors.propagating((Executor) command -> new Thread(command).start());
    CompletableFutureProbe probe = new CompletableFutureProbe();
    try (Scope scope = LogContext.with("via", "executor")) {
      executor.execute(probe);
    }
    assertThat(probe.seen.get(10, TimeUnit.SECONDS)).isEqualTo("executor");
  }

  private static final class CompletableFutureProbe implements Runnable {
    final java.util.concurrent.CompletableFuture<Object> seen =
        new java.util.concurrent.CompletableFuture<>();

    @Override
    public void run() {
      seen.complete(LogContext.get("via"));
    }
  }

  @Test
  void wrappingTwiceReturnsTheSameWrapper() {
    assertThat(ContextExecutors.propagating(pool)).isSameAs(pool);
    assertThat(ContextExecutors.propagating((Executor) pool)).isSameAs(pool);
  }

  @Test
  void scheduledTasksRunInTheSnapshotOfSchedulingAndPeriodicTasksReuseIt() throws Exception {
    ScheduledExecutorService scheduler =
        ContextExecutors.propagating(Executors.newScheduledThreadPool(2));
    try {
      ScheduledFuture<Object> delayed;
      List<Object> periodicSeen = new CopyOnWriteArrayList<>();
      CountDownLatch fiveRuns = new CountDownLatch(5);
      ScheduledFuture<?> periodic;
      try (Scope scope = LogContext.with("job", "nightly")) {
        delayed = scheduler.schedule(() -> LogContext.get("job"), 10, TimeUnit.MILLISECONDS);
        periodic =
            scheduler.scheduleAtFixedRate(
                () -> {
                  periodicSeen.add(LogContext.fields());
                  LegacyBindings.put("accumulated", periodicSeen.size());
                  fiveRuns.countDown();
                },
                0,
                5,
                TimeUnit.MILLISECONDS);
      }
      assertThat(delayed.get(10, TimeUnit.SECONDS)).isEqualTo("nightly");
      assertThat(fiveRuns.await(10, TimeUnit.SECONDS)).isTrue();
      periodic.cancel(false);
      assertThat(periodicSeen).allMatch(fields -> fields.equals(Map.of("job", "nightly")));
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void commonPoolPropagatesAndCannotBeShutDown() throws Exception {
    ExecutorService common = ContextExecutors.commonPool();
    try (Scope scope = LogContext.with("pool", "common")) {
      assertThat(common.submit(() -> LogContext.get("pool")).get()).isEqualTo("common");
    }
    common.shutdown();
    assertThat(common.isShutdown()).isFalse();
  }

  @Test
  void nullDelegatesAreRejected() {
    assertThatThrownBy(() -> ContextExecutors.propagating((Executor) null))
        .isInstanceOf(NullPointerException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
