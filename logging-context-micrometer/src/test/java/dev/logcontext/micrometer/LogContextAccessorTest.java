package dev.logcontext.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.LegacyBindings;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.ScopeChecks;
import dev.logcontext.ScopeMisuseException;
import dev.logcontext.Snapshot;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogContextAccessorTest {
  private final ContextSnapshotFactory factory =
      ContextSnapshotFactory.builder()
          .contextRegistry(
              new ContextRegistry().registerThreadLocalAccessor(new LogContextAccessor()))
          .build();

  private final ContextSnapshotFactory clearing =
      ContextSnapshotFactory.builder()
          .contextRegistry(
              new ContextRegistry().registerThreadLocalAccessor(new LogContextAccessor()))
          .clearMissing(true)
          .build();

  private final List<ScopeMisuseException> misuse = new ArrayList<>();
  private Consumer<? super ScopeMisuseException> previousHandler;

  @BeforeEach
  void collectMisuse() {
    previousHandler = ScopeChecks.setHandler(misuse::add);
  }

  @AfterEach
  void contextIsEmptyAgain() {
    ScopeChecks.setHandler(previousHandler);
    assertThat(LogContext.capture().isEmpty()).as("test thread's context").isTrue();
  }

  @Test
  void theGlobalRegistryLoadsTheAccessorFromTheJar() {
    assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
        .anySatisfy(accessor -> assertThat(accessor).isInstanceOf(LogContextAccessor.class));
    assertThat(new LogContextAccessor().key()).isEqualTo("dev.logcontext");
  }

  @Test
  void capturesTheSnapshotByReferenceAndNothingWhenEmpty() {
    LogContextAccessor accessor = new LogContextAccessor();
    assertThat(accessor.getValue()).as("empty context: nothing to propagate").isNull();
    Snapshot bound;
    ContextSnapshot snapshot;
    try (Scope scope = LogContext.with("user_id", 42L)) {
      bound = LogContext.capture();
      assertThat(accessor.getValue()).isSameAs(bound);
      snapshot = factory.captureAll();
    }
    try (ContextSnapshot.Scope hop = snapshot.setThreadLocals()) {
      assertThat(LogContext.capture()).as("the same snapshot, typed").isSameAs(bound);
    }
    ContextSnapshot nothing = factory.captureAll(); // empty here: the key is left out
    try (Scope own = LogContext.with("own", 1)) {
      Snapshot before = LogContext.capture();
      try (ContextSnapshot.Scope hop = nothing.setThreadLocals()) {
        assertThat(LogContext.capture()).isSameAs(before);
      }
    }
  }

  @Test
  void aWorkerSeesTheTypedFieldsAndGetsItsOwnContextBack() throws Exception {
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      // The worker has a context of its own, bound at its top level.
      worker.submit(() -> LegacyBindings.put("worker", "w1")).get();
      ContextSnapshot captured;
      try (Scope scope = LogContext.with("user_id", 42L).and("request_id", "r-1")) {
        captured = factory.captureAll();
      }
      Snapshot[] seen = new Snapshot[2];
      worker
          .submit(
              () -> {
                try (ContextSnapshot.Scope hop = captured.setThreadLocals()) {
                  seen[0] = LogContext.capture();
                }
                seen[1] = LogContext.capture();
              })
          .get();
      assertThat(seen[0].asMap())
          .containsExactly(Map.entry("user_id", 42L), Map.entry("request_id", "r-1"));
      assertThat(seen[1].asMap()).containsExactly(Map.entry("worker", "w1"));
      worker.submit(LegacyBindings::clear).get();
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void clearMissingMakesTheContextEmptyForTheHopOnly() {
    ContextSnapshot empty = clearing.captureAll();
    try (Scope own = LogContext.with("own", 1)) {
      Snapshot before = LogContext.capture();
      try (ContextSnapshot.Scope hop = empty.setThreadLocals()) {
        assertThat(LogContext.capture().isEmpty()).isTrue();
      }
      assertThat(LogContext.capture()).isSameAs(before);
    }
  }

  @Test
  void nestedHopsRestoreInOrder() {
    ContextSnapshot outer;
    ContextSnapshot inner;
    try (Scope scope = LogContext.with("hop", "outer")) {
      outer = factory.captureAll();
    }
    try (Scope scope = LogContext.with("hop", "inner")) {
      inner = factory.captureAll();
    }
    try (ContextSnapshot.Scope first = outer.setThreadLocals()) {
      try (ContextSnapshot.Scope second = inner.setThreadLocals()) {
        assertThat(LogContext.get("hop")).isEqualTo("inner");
      }
      assertThat(LogContext.get("hop")).isEqualTo("outer");
    }
    assertThat(misuse).isEmpty();
  }

  @Test
  void aScopeLeftOpenInsideTheHopIsEndedByTheRestore() {
    ContextSnapshot captured;
    try (Scope scope = LogContext.with("user_id", 7L)) {
      captured = factory.captureAll();
    }
    ContextSnapshot.Scope hop = captured.setThreadLocals();
    @SuppressWarnings("unused")
    Scope leftOpen = LogContext.with("inner", "x"); // never closed: misuse inside the hop
    hop.close();
    assertThat(LogContext.capture().isEmpty()).as("nothing of the hop stays").isTrue();
    assertThat(misuse).hasSize(1);
    leftOpen.close(); // retired by the restore: does nothing now
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void aScopeOfTheHopClosedOnAnotherThreadLeavesNothingOnTheWorker() throws Exception {
    ContextSnapshot captured;
    try (Scope scope = LogContext.with("user_id", 7L)) {
      captured = factory.captureAll();
    }
    ContextSnapshot.Scope hop = captured.setThreadLocals();
    Scope openedInHop = LogContext.with("inner", "x");
    hop.close();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Future<?> closed = other.submit(openedInHop::close);
      closed.get();
    } finally {
      other.shutdownNow();
    }
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void aLegacyWriteDuringAHopOverTheSameSnapshotIsUndone() {
    try (Scope scope = LogContext.with("user_id", 42L)) {
      Snapshot own = LogContext.capture();
      ContextSnapshot captured = factory.captureAll();
      try (ContextSnapshot.Scope hop = captured.setThreadLocals()) { // attaches what is current
        LegacyBindings.put("user_id", "42");
      }
      assertThat(LogContext.capture()).isSameAs(own);
    }
  }

  @Test
  void unpairedCallsNeitherLeakNorGrow() {
    LogContextAccessor accessor = new LogContextAccessor();
    Snapshot a = Snapshot.empty().with("hop", "a");
    Snapshot b = Snapshot.empty().with("hop", "b");
    for (int i = 0; i < 1_000; i++) {
      accessor.setValue(a);
      accessor.setValue(b); // never restored on its own
      accessor.restore(); // restores to the empty context from before a
      assertThat(LogContext.capture().isEmpty()).isTrue();
    }
    accessor.restore(a); // a restore without a set: makes the value current
    assertThat(LogContext.capture()).isSameAs(a);
    accessor.restore(); // and back
    assertThat(LogContext.capture().isEmpty()).isTrue();
    assertThat(misuse).isEmpty();
  }

  @Test
  void nullValuesMeanTheEmptyContext() {
    LogContextAccessor accessor = new LogContextAccessor();
    try (Scope scope = LogContext.with("own", 1)) {
      Snapshot own = LogContext.capture();
      accessor.setValue(null);
      assertThat(LogContext.capture().isEmpty()).isTrue();
      accessor.restore(own);
      assertThat(LogContext.capture()).isSameAs(own);
    }
  }
}
