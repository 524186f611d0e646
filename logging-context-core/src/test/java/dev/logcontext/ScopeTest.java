package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScopeTest {
  @Test
  void closingAScopeRestoresThePreviousContext() {
    try (Scope outer = LogContext.with("request_id", "r1")) {
      Snapshot before = LogContext.capture();
      try (Scope inner = LogContext.with("user_id", 42L)) {
        assertThat(LogContext.fields())
            .containsExactly(Map.entry("request_id", "r1"), Map.entry("user_id", 42L));
      }
      assertThat(LogContext.capture()).isSameAs(before);
    }
    assertThat(LogContext.capture()).isSameAs(Snapshot.empty());
  }

  @Test
  void closingANestedRebindingRestoresTheOuterValueInsteadOfRemovingTheKey() {
    try (Scope outer = LogContext.with("user", "alice")) {
      try (Scope inner = LogContext.with("user", "bob")) {
        assertThat(LogContext.get("user")).isEqualTo("bob");
      }
      assertThat(LogContext.get("user")).isEqualTo("alice");
    }
  }

  @Test
  void captureReturnsTheSameSnapshotUntilSomethingBinds() {
    try (Scope scope = LogContext.with("a", 1)) {
      Snapshot first = LogContext.capture();
      assertThat(LogContext.capture()).isSameAs(first);
      scope.and("b", 2);
      assertThat(LogContext.capture()).isNotSameAs(first);
      assertThat(first.asMap()).containsOnlyKeys("a");
    }
  }

  @Test
  void manyBindingsInOneScopeKeepTheirOrderAndLastValue() {
    try (Scope scope =
        LogContext.with("f1", 1)
            .and("f2", 2)
            .and("f3", 3)
            .and("f4", 4)
            .and("f5", 5)
            .and("f1", 10)) {
      assertThat(LogContext.fields().keySet()).containsExactly("f1", "f2", "f3", "f4", "f5");
      assertThat(LogContext.get("f1")).isEqualTo(10);
      scope.and("f6", 6).and("f2", null);
      assertThat(LogContext.fields().keySet()).containsExactly("f1", "f3", "f4", "f5", "f6");
    }
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void bindingsMadeOnAnOuterScopeInsideATaskDoNotOutliveTheTask() {
    try (Scope scope = LogContext.with("outer", 1)) {
      Snapshot.empty().with("task", 1).run(() -> scope.and("inside", 2));
      assertThat(LogContext.fields()).containsOnlyKeys("outer");
    }
  }

  @Test
  void aKeyIsCheckedEveryTimeUnlessItIsTheVerySameValidString() {
    try (Scope scope = LogContext.with("ok", 1)) {
      assertThatThrownBy(() -> scope.and("not ok", 2)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> scope.and("not ok", 2)).isInstanceOf(IllegalArgumentException.class);
      scope.and(new String("ok"), 3);
      assertThat(LogContext.get("ok")).isEqualTo(3);
    }
  }

  @Test
  void closeIsIdempotent() {
    Scope outer = LogContext.with("a", 1);
    Scope inner = LogContext.with("b", 2);
    inner.close();
    inner.close();
    assertThat(LogContext.fields()).containsOnlyKeys("a");
    outer.close();
    outer.close();
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void scopeIsRestoredWhenTheBodyThrows() {
    assertThatThrownBy(
            () -> {
              try (Scope scope = LogContext.with("a", 1)) {
                throw new IllegalStateException("inside");
              }
            })
        .hasMessage("inside");
    assertThat(LogContext.capture().isEmpty()).isTrue();
    assertThatThrownBy(
            () ->
                LogContext.with("b", 2)
                    .run(
                        () -> {
                          throw new IllegalArgumentException("run");
                        }))
        .hasMessage("run");
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void runAndCallExecuteInsideTheScopeThenCloseIt() throws Exception {
    AtomicReference<Object> seen = new AtomicReference<>();
    LogContext.with("a", 1).and("b", 2).run(() -> seen.set(LogContext.fields()));
    assertThat(seen.get()).isEqualTo(Map.of("a", 1, "b", 2));
    assertThat(LogContext.with("c", 3).call(() -> LogContext.get("c"))).isEqualTo(3);
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void bindingNullInAScopeRemovesTheKeyUntilItCloses() {
    try (Scope outer = LogContext.with("a", 1).and("b", 2)) {
      try (Scope inner = LogContext.with("a", null)) {
        assertThat(LogContext.fields()).containsOnlyKeys("b");
      }
      assertThat(LogContext.fields()).containsOnlyKeys("a", "b");
    }
  }

  @Test
  void andOnAClosedScopeFailsNamingTheKey() {
    Scope scope = LogContext.with("a", 1);
    scope.close();
    assertThatThrownBy(() -> scope.and("late", 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("\"late\"");
  }

  @Test
  void outOfOrderCloseUnwindsToTheStateBeforeTheClosedScopeAndReportsOnce() {
    MisuseRecorder recorder = MisuseRecorder.install();
    Scope a = LogContext.with("a", 1);
    Scope b = LogContext.with("b", 2);
    Scope c = LogContext.with("c", 3);

    a.close();
    assertThat(LogContext.capture().isEmpty()).as("A closed: nothing of A, B, C remains").isTrue();
    assertThat(ContextStorage.openScopes()).isZero();
    assertThat(recorder.reports).hasSize(1);
    assertThat(recorder.reports.get(0).kind()).isEqualTo(ScopeMisuseException.Kind.OUT_OF_ORDER);
    assertThat(recorder.reports.get(0)).hasMessageContaining("[a]").hasMessageContaining("[c]");

    b.close();
    c.close();
    a.close();
    assertThat(LogContext.capture().isEmpty()).isTrue();
    assertThat(recorder.reports).as("retired scopes close silently").hasSize(1);
  }

  @Test
  void theClassicLeakOpenAOpenBCloseACloseBLeavesNothingBound() {
    MisuseRecorder recorder = MisuseRecorder.install();
    try (Scope outer = LogContext.with("outer", "kept")) {
      Scope a = LogContext.with("a", 1);
      Scope b = LogContext.with("b", 2);
      a.close();
      b.close();
      assertThat(LogContext.fields()).containsOnlyKeys("outer");
    }
    assertThat(recorder.reports).hasSize(1);
  }

  @Test
  void outOfOrderCloseInsideAnOuterScopeKeepsTheOuterScopeUsable() {
    MisuseRecorder.install();
    Scope outer = LogContext.with("outer", 1);
    Scope a = LogContext.with("a", 1);
    LogContext.with("b", 2);
    a.close();
    assertThat(LogContext.fields()).containsOnlyKeys("outer");
    assertThat(ContextStorage.openScopes()).isEqualTo(1);
    outer.close();
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void strictModeThrowsWithTheOpeningAndClosingStackTracesAfterRestoring() {
    MisuseRecorder recorder = MisuseRecorder.install();
    ScopeChecks.setStrict(true);
    Scope a = openScopeA();
    Scope b = LogContext.with("b", 2);

    assertThatThrownBy(a::close)
        .isInstanceOfSatisfying(
            ScopeMisuseException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ScopeMisuseException.Kind.OUT_OF_ORDER);
              assertThat(e.getCause()).hasMessage("scope opened here");
              assertThat(e.getCause().getStackTrace()[0].getMethodName()).isEqualTo("openScopeA");
              assertThat(e.getStackTrace()).isNotEmpty();
              assertThat(e.getSuppressed()).hasSize(1);
            });
    assertThat(LogContext.capture().isEmpty()).isTrue();
    assertThat(recorder.reports).hasSize(1);
    b.close();
  }

  private static Scope openScopeA() {
    return LogContext.with("a", 1);
  }

  @Test
  void systemPropertyTurnsOnStrictModeAtStart() throws Exception {
    String saved = System.getProperty("logcontext.strict");
    try {
      System.setProperty("logcontext.strict", "true");
      Class<?> fresh =
          new java.net.URLClassLoader(
                  new java.net.URL[] {
                    ScopeChecks.class.getProtectionDomain().getCodeSource().getLocation()
                  },
                  null)
              .loadClass("dev.logcontext.ScopeChecks");
      assertThat(fresh.getMethod("isStrict").invoke(null)).isEqualTo(true);
    } finally {
      if (saved == null) {
        System.clearProperty("logcontext.strict");
      } else {
        System.setProperty("logcontext.strict", saved);
      }
    }
  }

  @Test
  void closingOnAnotherThreadIsReportedAndTheOwnerUnwindsTheScopeAtItsNextOperation()
      throws Exception {
    MisuseRecorder recorder = MisuseRecorder.install();
    try (Scope outer = LogContext.with("outer", 0)) {
      Scope scope = LogContext.with("a", 1);
      Scope later = LogContext.with("b", 2);
      Thread other = new Thread(scope::close);
      other.start();
      other.join();
      assertThat(recorder.reports).hasSize(1);
      assertThat(recorder.reports.get(0).kind()).isEqualTo(ScopeMisuseException.Kind.WRONG_THREAD);
      assertThat(LogContext.fields())
          .as("the scope and the one opened after it are gone")
          .containsOnlyKeys("outer");
      assertThat(ContextStorage.openScopes()).isEqualTo(1);
      later.close();
      scope.close();
      assertThat(LogContext.fields()).containsOnlyKeys("outer");
      assertThatThrownBy(() -> scope.and("c", 3)).isInstanceOf(IllegalStateException.class);
    }
    assertThat(recorder.reports).as("reported once, by the closing thread").hasSize(1);
  }

  @Test
  void closingOnAnotherThreadThrowsInStrictMode() throws Exception {
    MisuseRecorder.install();
    ScopeChecks.setStrict(true);
    Scope scope = LogContext.with("a", 1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              try {
                scope.close();
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    other.start();
    other.join();
    assertThat(thrown.get())
        .isInstanceOf(ScopeMisuseException.class)
        .hasMessageContaining("closed on thread");
    assertThat(LogContext.get("a")).as("unwound on its own thread all the same").isNull();
    scope.close();
  }

  @Test
  void aThrowingHandlerDoesNotBreakTheClose() {
    ScopeChecks.setHandler(
        e -> {
          throw new IllegalStateException("handler broken");
        });
    Scope a = LogContext.with("a", 1);
    LogContext.with("b", 2);
    a.close();
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void aMisuseDuringAReportIsNotReportedRecursively() {
    MisuseRecorder recorder = new MisuseRecorder();
    ScopeChecks.setHandler(
        e -> {
          recorder.reports.add(e);
          Scope x = LogContext.with("x", 1);
          LogContext.with("y", 2);
          x.close(); // out of order again, while reporting
        });
    Scope a = LogContext.with("a", 1);
    LogContext.with("b", 2);
    a.close();
    assertThat(recorder.reports).hasSize(1);
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void attachingTheCurrentSnapshotReturnsTheSharedNoOpScope() {
    try (Scope scope = LogContext.with("a", 1)) {
      Scope first = LogContext.capture().attach();
      Scope second = LogContext.capture().attach();
      assertThat(first).isSameAs(second);
      first.close();
      assertThat(LogContext.get("a")).isEqualTo(1);
    }
  }

  @Test
  void attachingAnotherSnapshotReplacesTheContextUntilClosed() {
    Snapshot captured = Snapshot.empty().with("from", "elsewhere");
    try (Scope outer = LogContext.with("mine", 1)) {
      try (Scope attached = captured.attach()) {
        assertThat(LogContext.fields()).containsOnlyKeys("from");
      }
      assertThat(LogContext.fields()).containsOnlyKeys("mine");
    }
  }

  @Test
  void emptySnapshotRunsInAnIsolatedContextAndChangesDoNotEscape() {
    MisuseRecorder recorder = MisuseRecorder.install();
    try (Scope scope = LogContext.with("outer", 1)) {
      Snapshot.empty()
          .run(
              () -> {
                assertThat(LogContext.capture().isEmpty()).isTrue();
                LegacyBindings.put("inner", 2);
                LogContext.with("scoped", 3);
              });
      assertThat(LogContext.fields()).containsOnlyKeys("outer");
    }
    assertThat(recorder.reports)
        .singleElement()
        .extracting(ScopeMisuseException::kind)
        .isEqualTo(ScopeMisuseException.Kind.LEFT_OPEN);
  }

  @Test
  void aNewPlainThreadStartsWithAnEmptyContext() throws Exception {
    AtomicReference<Snapshot> seen = new AtomicReference<>();
    try (Scope scope = LogContext.with("request_id", "r1")) {
      Thread thread = new Thread(() -> seen.set(LogContext.capture()));
      thread.start();
      thread.join();
    }
    assertThat(seen.get().isEmpty()).isTrue();
  }

  @Test
  void withMapOpensOneScopeForAllFields() {
    try (Scope scope = LogContext.with(Map.of("a", 1))) {
      assertThat(ContextStorage.openScopes()).isEqualTo(1);
      assertThat(LogContext.get("a")).isEqualTo(1);
    }
  }

  @Test
  void aScopeLeftOpenByATaskIsReportedNamingTheFieldsItLeftOpen() {
    MisuseRecorder recorder = MisuseRecorder.install();
    try (Scope outer = LogContext.with("outer", 1)) {
      Snapshot.empty()
          .with("task", 1)
          .run(
              () -> {
                LogContext.with("left", 1).and("also_left", 2);
                LogContext.with("deeper", 3);
              });
      assertThat(LogContext.fields()).containsOnlyKeys("outer");
    }
    assertThat(recorder.reports)
        .singleElement()
        .satisfies(
            e -> assertThat(e).hasMessageContaining("(scope fields: [left, also_left, deeper])"));
  }

  @Test
  void aScopeLeftOpenByATaskInStrictModeThrowsAfterRestoringTheCallersContext() {
    MisuseRecorder.install();
    ScopeChecks.setStrict(true);
    try (Scope outer = LogContext.with("mine", 1)) {
      Snapshot task = Snapshot.empty().with("task", 1);
      assertThatThrownBy(() -> task.run(() -> LogContext.with("left", 1)))
          .isInstanceOfSatisfying(
              ScopeMisuseException.class,
              e -> assertThat(e.kind()).isEqualTo(ScopeMisuseException.Kind.LEFT_OPEN));
      assertThat(LogContext.fields()).as("not the task's context").containsOnlyKeys("mine");
      assertThat(ContextStorage.openScopes()).isEqualTo(1);
    }
  }

  @Test
  void aTaskThatClosesAnOuterScopeAndOpensAnotherLeavesNothingOpen() {
    MisuseRecorder recorder = MisuseRecorder.install();
    Scope outer = LogContext.with("outer", 1);
    LogContext.capture()
        .run(
            () -> {
              outer.close(); // closes a scope opened before the task: out of order
              LogContext.with("opened_after", 2);
            });
    assertThat(ContextStorage.openScopes()).isZero();
    assertThat(LogContext.fields()).doesNotContainKey("opened_after");
    LegacyBindings.clear();
    assertThat(recorder.reports)
        .extracting(ScopeMisuseException::kind)
        .contains(ScopeMisuseException.Kind.LEFT_OPEN);
  }

  @Test
  void aMisuseRepeatedAtOneCallSiteIsReportedAtTheFirstTenthAndHundredthTimeWithTheCount() {
    MisuseRecorder recorder = MisuseRecorder.install();
    for (int i = 0; i < 1000; i++) {
      Scope a = LogContext.with("a", i);
      LogContext.with("b", i);
      a.close(); // the same call site every time
    }
    assertThat(recorder.reports)
        .extracting(ScopeMisuseException::occurrences)
        .containsExactly(1L, 10L, 100L, 1000L);
    assertThat(recorder.reports.get(0))
        .hasMessageContaining("[first time at dev.logcontext.ScopeTest.")
        .hasMessageContaining("reported at the 10th, 100th");
    assertThat(recorder.reports.get(3)).hasMessageContaining("[1000 times at dev.logcontext.");

    Scope a = LogContext.with("a", 1);
    LogContext.with("b", 2);
    a.close(); // another call site: reported at once
    assertThat(recorder.reports).hasSize(5);
    assertThat(recorder.reports.get(4).occurrences()).isEqualTo(1);
  }

  @Test
  void installingAHandlerStartsTheCountsAfresh() {
    for (int round = 0; round < 2; round++) {
      MisuseRecorder recorder = MisuseRecorder.install();
      for (int i = 0; i < 5; i++) {
        Scope a = LogContext.with("a", i);
        LogContext.with("b", i);
        a.close();
      }
      assertThat(recorder.reports).as("round %d", round).hasSize(1);
    }
  }

  @Test
  void misuseAtMoreCallSitesThanTheRegistryHoldsIsCountedTogetherBeyondIt() {
    MisuseRecorder recorder = MisuseRecorder.install();
    int sites = Misuse.MAX_SITES + 1000;
    for (int i = 0; i < sites; i++) {
      String key = "left_" + i; // a scope left open with other fields counts apart
      Snapshot.empty().run(() -> LogContext.with(key, 1));
    }
    assertThat(recorder.reports)
        .as("one per counted site, then the 1st, 10th, 100th and 1000th of the shared count")
        .hasSize(Misuse.MAX_SITES + 4);
    assertThat(recorder.reports.get(recorder.reports.size() - 1))
        .hasMessageContaining("[1000 times at ")
        .hasMessageContaining("and other call sites beyond the first 1024]");
  }
}
