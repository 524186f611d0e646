package dev.logcontext.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContextFuturesTest {
  private ExecutorService executor;
  private final List<String> failures = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    executor = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private void expect(String stage, String wanted) {
    Object seen = LogContext.get("stage");
    if (!wanted.equals(seen)) {
      failures.add(stage + " saw " + seen + ", wanted " + wanted);
    }
  }

  @Test
  void everyKindOfStageRunsInTheSnapshotCapturedWhereItWasAdded() throws Exception {
    CompletableFuture<String> source = ContextFutures.newFuture();
    CompletableFuture<String> other = ContextFutures.completedFuture("other");
    List<CompletableFuture<?>> stages = new java.util.ArrayList<>();
    try (Scope scope = LogContext.with("stage", "A")) {
      stages.add(
          source.thenApply(
              v -> {
                expect("thenApply", "A");
                return v;
              }));
      stages.add(
          source.thenApplyAsync(
              v -> {
                expect("thenApplyAsync", "A");
                return v;
              }));
      stages.add(
          source.thenApplyAsync(
              v -> {
                expect("thenApplyAsync(ex)", "A");
                return v;
              },
              executor));
      stages.add(source.thenAccept(v -> expect("thenAccept", "A")));
      stages.add(source.thenAcceptAsync(v -> expect("thenAcceptAsync", "A")));
      stages.add(source.thenRun(() -> expect("thenRun", "A")));
      stages.add(source.thenRunAsync(() -> expect("thenRunAsync(ex)", "A"), executor));
      stages.add(
          source.thenCombine(
              other,
              (a, b) -> {
                expect("thenCombine", "A");
                return a;
              }));
      stages.add(source.thenAcceptBoth(other, (a, b) -> expect("thenAcceptBoth", "A")));
      stages.add(source.runAfterBoth(other, () -> expect("runAfterBoth", "A")));
      stages.add(
          source.applyToEither(
              source,
              v -> {
                expect("applyToEither", "A");
                return v;
              }));
      stages.add(source.acceptEither(source, v -> expect("acceptEither", "A")));
      stages.add(source.runAfterEither(source, () -> expect("runAfterEither", "A")));
      stages.add(
          source.thenCompose(
              v -> {
                expect("thenCompose", "A");
                return other;
              }));
      stages.add(
          source.handle(
              (v, e) -> {
                expect("handle", "A");
                return v;
              }));
      stages.add(source.whenComplete((v, e) -> expect("whenComplete", "A")));
      stages.add(source.whenCompleteAsync((v, e) -> expect("whenCompleteAsync", "A"), executor));
    }
    try (Scope scope = LogContext.with("stage", "B")) {
      stages.add(
          source.thenApply(
              v -> {
                expect("thenApply in B", "B");
                return v;
              }));
    }
    // Complete on a pool thread with a context of its own: stages must not see it.
    executor
        .submit(() -> LogContext.with("stage", "completer").run(() -> source.complete("v")))
        .get();
    CompletableFuture.allOf(stages.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
    assertThat(failures).isEmpty();
  }

  @Test
  void exceptionalStagesRunInTheirSnapshotToo() throws Exception {
    CompletableFuture<String> failing = ContextFutures.newFuture();
    CompletableFuture<String> recovered;
    CompletableFuture<String> composed;
    try (Scope scope = LogContext.with("stage", "E")) {
      recovered =
          failing.exceptionally(
              e -> {
                expect("exceptionally", "E");
                return "r";
              });
      composed =
          failing.exceptionallyComposeAsync(
              e -> {
                expect("exceptionallyComposeAsync", "E");
                return ContextFutures.completedFuture("c");
              },
              executor);
    }
    executor.submit(() -> failing.completeExceptionally(new IllegalStateException("x"))).get();
    assertThat(recovered.get(10, TimeUnit.SECONDS)).isEqualTo("r");
    assertThat(composed.get(10, TimeUnit.SECONDS)).isEqualTo("c");
    assertThat(failures).isEmpty();
  }

  @Test
  void chainsCarryTheSnapshotOfEachStageAndDependentsAreContextFuturesToo() throws Exception {
    CompletableFuture<Map<String, Object>> chain;
    try (Scope scope = LogContext.with("request_id", "r1")) {
      chain =
          ContextFutures.supplyAsync(() -> LogContext.get("request_id"))
              .thenApplyAsync(v -> v + "+" + LogContext.get("request_id"), executor)
              .thenApply(Function.identity())
              .thenApplyAsync(v -> Map.of("v", v, "fields", LogContext.fields()));
    }
    Map<String, Object> result = chain.get(10, TimeUnit.SECONDS);
    assertThat(result.get("v")).isEqualTo("r1+r1");
    assertThat(result.get("fields")).isEqualTo(Map.of("request_id", "r1"));
  }

  @Test
  void staticFactoriesRunInTheCallersContext() throws Exception {
    try (Scope scope = LogContext.with("stage", "F")) {
      CompletableFuture<Void> run = ContextFutures.runAsync(() -> expect("runAsync", "F"));
      CompletableFuture<Void> runOn =
          ContextFutures.runAsync(() -> expect("runAsync(ex)", "F"), executor);
      CompletableFuture<Object> supplied =
          ContextFutures.supplyAsync(() -> LogContext.get("stage"), executor);
      assertThat(supplied.get(10, TimeUnit.SECONDS)).isEqualTo("F");
      run.get(10, TimeUnit.SECONDS);
      runOn.get(10, TimeUnit.SECONDS);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void fromAdaptsAPlainFutureSoLaterStagesCarryContext() throws Exception {
    CompletableFuture<String> plain = new CompletableFuture<>();
    CompletableFuture<Object> seen;
    try (Scope scope = LogContext.with("stage", "P")) {
      seen = ContextFutures.from(plain).thenApply(v -> LogContext.get("stage"));
    }
    executor.submit(() -> plain.complete("done")).get();
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("P");
    assertThat(ContextFutures.allOf(ContextFutures.completedFuture(1)).get()).isNull();
    assertThat(ContextFutures.anyOf(ContextFutures.completedFuture(1)).get()).isEqualTo(1);
  }

  @Test
  void theCompletingThreadKeepsItsOwnContext() throws Exception {
    CompletableFuture<String> source = ContextFutures.newFuture();
    try (Scope scope = LogContext.with("stage", "S")) {
      source.thenRun(() -> expect("thenRun", "S"));
    }
    Object after =
        executor
            .submit(
                () ->
                    LogContext.with("stage", "own")
                        .call(
                            () -> {
                              source.complete("x");
                              return LogContext.get("stage");
                            }))
            .get();
    assertThat(after).isEqualTo("own");
    assertThat(failures).isEmpty();
  }
}
