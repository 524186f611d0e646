package dev.logcontext.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.LegacyBindings;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.ScopeChecks;
import dev.logcontext.ScopeMisuseException;
import dev.logcontext.Snapshot;
import dev.logcontext.concurrent.ContextExecutors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.Events;

class LogContextExtensionTest {
  @AfterEach
  void cleanThread() {
    LegacyBindings.clear();
  }

  @Test
  void aTestThatLeavesAFieldBehindFailsNamingTheKeyAndTheThread() {
    Events events = Kit.run(LeavesAField.class);

    assertThat(events.succeeded().count()).as("the test that cleans up").isEqualTo(1);
    List<Throwable> failures = Kit.failures(events);
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("[leaked]")
        .hasMessageContaining("\"" + Thread.currentThread().getName() + "\"");
    assertThat(LogContext.capture().isEmpty()).as("the thread is cleared after the leak").isTrue();
  }

  @Test
  void aScopeLeftOpenFailsTheTestNamingItsKey() {
    var previous = ScopeChecks.setHandler(misuse -> {});
    List<Throwable> failures;
    try {
      failures = Kit.failures(Kit.run(LeavesAScopeOpen.class));
    } finally {
      ScopeChecks.setHandler(previous);
    }

    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).hasMessageContaining("[open]");
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void aScopeThatBindsNothingLeftOpenFailsTheTest() {
    var previous = ScopeChecks.setHandler(misuse -> {});
    List<Throwable> failures;
    try {
      failures = Kit.failures(Kit.run(LeavesAnEmptyScopeOpen.class));
    } finally {
      ScopeChecks.setHandler(previous);
    }

    assertThat(failures).hasSize(1);
    assertThat(failures.get(0))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("a scope it opened was still open")
        .hasCauseInstanceOf(ScopeMisuseException.class);
  }

  @Test
  void theExtensionIsFoundByAutodetection() {
    List<Throwable> failures = Kit.failures(Kit.runAutodetected(LeavesAFieldUnregistered.class));

    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).hasMessageContaining("[unregistered]");
  }

  @Test
  void withoutTheExtensionNothingIsChecked() {
    Events events = Kit.run(LeavesAFieldUnregistered.class);

    assertThat(events.failed().count()).isZero();
    assertThat(LogContext.get("unregistered")).isEqualTo("yes");
  }

  @Test
  void everyTestStartsWithAnEmptyContextEvenWhenItsThreadHoldsFields() {
    LegacyBindings.put("from_outside", "x");

    Events events = Kit.run(RecordsWhatItSees.class);

    assertThat(events.succeeded().count()).isEqualTo(1);
    assertThat(RecordsWhatItSees.seen.isEmpty()).isTrue();
  }

  @Test
  void scopeChecksAreStrictInsideATestAndRestoredAfterIt() {
    boolean before = ScopeChecks.isStrict();

    Kit.run(RecordsWhatItSees.class);

    assertThat(RecordsWhatItSees.strict).isTrue();
    assertThat(ScopeChecks.isStrict()).isEqualTo(before);
  }

  @Test
  void aScopeClosedOutOfOrderFailsTheTestWithTheMisuse() {
    var previous = ScopeChecks.setHandler(misuse -> {});
    List<Throwable> failures;
    try {
      failures = Kit.failures(Kit.run(ClosesOutOfOrder.class));
    } finally {
      ScopeChecks.setHandler(previous);
    }

    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).isInstanceOf(ScopeMisuseException.class);
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void fieldsBoundInATaskOnAPropagatingPoolDoNotStayOnTheWorker() throws Exception {
    ExecutorService pool = ContextExecutors.propagating(Executors.newSingleThreadExecutor());
    try {
      PoolTask.pool = pool;
      Events events = Kit.run(PoolTask.class);

      assertThat(events.succeeded().count()).isEqualTo(1);
      Snapshot onWorker = pool.submit(LogContext::capture).get(10, TimeUnit.SECONDS);
      assertThat(onWorker.isEmpty()).as("worker context after the test: %s", onWorker).isTrue();
    } finally {
      PoolTask.pool = null;
      pool.shutdownNow();
    }
  }

  @Test
  void aTestWhoseTasksOnAPlainPoolLeaveFieldsFailsNamingEveryKeyAndTheWorkers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3, PlainPoolTasks::worker);
    try {
      PlainPoolTasks.pool = pool;
      Events events = Kit.run(PlainPoolTasks.class);

      List<Throwable> failures = Kit.failures(events);
      assertThat(failures).as("only the test that leaked fails").hasSize(1);
      assertThat(events.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()))
          .containsExactly("aLeaks()");
      assertThat(failures.get(0)).isInstanceOf(AssertionError.class);
      String message = failures.get(0).getMessage();
      for (int i = 0; i < PlainPoolTasks.TASKS; i++) {
        assertThat(message).contains("task_" + i);
      }
      assertThat(message).contains("\"plain-worker-").doesNotContain("tidy");
      assertThat(events.succeeded().count())
          .as("the tests after it, on the same workers, are not blamed for the same leftover")
          .isEqualTo(2);
    } finally {
      PlainPoolTasks.pool = null;
      pool.shutdownNow();
    }
  }

  @Test
  void aTestWhoseTaskOnAPropagatingPoolLeavesAScopeOpenFailsNamingItsField() throws Exception {
    ExecutorService pool = ContextExecutors.propagating(Executors.newFixedThreadPool(2));
    var previous = ScopeChecks.setHandler(misuse -> {});
    try {
      PropagatingPoolTask.pool = pool;
      List<Throwable> failures = Kit.failures(Kit.run(PropagatingPoolTask.class));

      assertThat(failures).hasSize(1);
      assertThat(failures.get(0))
          .as("strict mode: the task's future fails with the misuse")
          .isInstanceOf(java.util.concurrent.ExecutionException.class)
          .cause()
          .isInstanceOf(ScopeMisuseException.class)
          .hasMessageContaining("[left_open]")
          .hasMessageContaining("scope still open");
      for (int i = 0; i < 20; i++) {
        Snapshot onWorker = pool.submit(LogContext::capture).get(10, TimeUnit.SECONDS);
        assertThat(onWorker.isEmpty()).as("a worker after the test: %s", onWorker).isTrue();
      }
    } finally {
      ScopeChecks.setHandler(previous);
      PropagatingPoolTask.pool = null;
      pool.shutdownNow();
    }
  }

  @ExtendWith(LogContextExtension.class)
  static class PropagatingPoolTask {
    static volatile ExecutorService pool;

    @Test
    @SuppressWarnings("resource")
    void leavesAScopeOpenInATask() throws Exception {
      pool.submit(() -> LogContext.with("left_open", 1L)).get(10, TimeUnit.SECONDS);
    }
  }

  @ExtendWith(LogContextExtension.class)
  @TestMethodOrder(MethodOrderer.MethodName.class)
  static class PlainPoolTasks {
    static final int TASKS = 60;
    static final AtomicInteger WORKERS = new AtomicInteger();
    static volatile ExecutorService pool;

    static Thread worker(Runnable task) {
      return new Thread(task, "plain-worker-" + WORKERS.incrementAndGet());
    }

    @Test
    void aLeaks() throws Exception {
      List<Future<?>> tasks = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        String key = "task_" + i;
        tasks.add(pool.submit(() -> LegacyBindings.put(key, "left")));
      }
      for (Future<?> task : tasks) {
        task.get(10, TimeUnit.SECONDS);
      }
    }

    @Test
    void bCleansUpWhatItBinds() throws Exception {
      List<Future<?>> tasks = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        tasks.add(pool.submit(() -> LogContext.with("tidy", 1L).run(() -> {})));
      }
      for (Future<?> task : tasks) {
        task.get(10, TimeUnit.SECONDS);
      }
    }

    @Test
    void cUsesNoPool() {}
  }

  @ExtendWith(LogContextExtension.class)
  static class LeavesAField {
    @Test
    void leaves() {
      LegacyBindings.put("leaked", "yes");
    }

    @Test
    void cleansUp() {
      LegacyBindings.put("tidy", "yes");
      LegacyBindings.remove("tidy");
    }
  }

  @ExtendWith(LogContextExtension.class)
  static class LeavesAScopeOpen {
    @Test
    @SuppressWarnings("resource")
    void leaves() {
      Scope unclosed = LogContext.with("open", 1L);
      assertThat(unclosed).isNotNull();
    }
  }

  @ExtendWith(LogContextExtension.class)
  static class LeavesAnEmptyScopeOpen {
    @Test
    @SuppressWarnings("resource")
    void leaves() {
      Scope unclosed = LogContext.with(java.util.Map.of());
      assertThat(unclosed).isNotNull();
    }
  }

  static class LeavesAFieldUnregistered {
    @Test
    void leaves() {
      LegacyBindings.put("unregistered", "yes");
    }
  }

  @ExtendWith(LogContextExtension.class)
  static class RecordsWhatItSees {
    static volatile Snapshot seen;
    static volatile boolean strict;

    @Test
    void records() {
      seen = LogContext.capture();
      strict = ScopeChecks.isStrict();
    }
  }

  @ExtendWith(LogContextExtension.class)
  static class ClosesOutOfOrder {
    @Test
    void closesOuterFirst() {
      Scope outer = LogContext.with("outer", 1L);
      Scope inner = LogContext.with("inner", 2L);
      try {
        outer.close();
      } finally {
        inner.close();
      }
    }
  }

  @ExtendWith(LogContextExtension.class)
  static class PoolTask {
    static volatile ExecutorService pool;

    @Test
    void bindsOnTheWorker() throws Exception {
      pool.submit(() -> LegacyBindings.put("on_worker", "yes")).get(10, TimeUnit.SECONDS);
    }
  }
}
