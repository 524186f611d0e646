package dev.logcontext.concurrent;

import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link CompletableFuture} whose every dependent stage, async or not, with or without an
 * explicit executor, runs in the snapshot that was current where the stage was added. Dependent
 * futures are of this class too ({@link #newIncompleteFuture()}), so the rule holds along the whole
 * chain. {@link #minimalCompletionStage()} returns a plain JDK stage.
 *
 * <p>Package-private: {@link ContextFutures} makes them. Thread-safety: as {@link
 * CompletableFuture}.
 */
final class ContextCompletableFuture<T> extends CompletableFuture<T> {
  /** Creates an incomplete future. */
  ContextCompletableFuture() {}

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new ContextCompletableFuture<>();
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
    return super.completeAsync(LogContext.capture().wrapSupplier(supplier));
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
    return super.completeAsync(LogContext.capture().wrapSupplier(supplier), executor);
  }

  @Override
  public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    Snapshot s = LogContext.capture();
    return super.thenApply(function(s, fn));
  }

  @Override
  public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
    Snapshot s = LogContext.capture();
    return super.thenApplyAsync(function(s, fn));
  }

  @Override
  public <U> CompletableFuture<U> thenApplyAsync(
      Function<? super T, ? extends U> fn, Executor executor) {
    Snapshot s = LogContext.capture();
    return super.thenApplyAsync(function(s, fn), executor);
  }

  @Override
  public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
    Snapshot s = LogContext.capture();
    return super.thenAccept(consumer(s, action));
  }

  @Override
  public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
    Snapshot s = LogContext.capture();
    return super.thenAcceptAsync(consumer(s, action));
  }

  @Override
  public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
    Snapshot s = LogContext.capture();
    return super.thenAcceptAsync(consumer(s, action), executor);
  }

  @Override
  public CompletableFuture<Void> thenRun(Runnable action) {
    Snapshot s = LogContext.capture();
    return super.thenRun(s.wrap(action));
  }

  @Override
  public CompletableFuture<Void> thenRunAsync(Runnable action) {
    Snapshot s = LogContext.capture();
    return super.thenRunAsync(s.wrap(action));
  }

  @Override
  public CompletableFuture<Void> thenRunAsync(Runnable action, Executor executor) {
    Snapshot s = LogContext.capture();
    return super.thenRunAsync(s.wrap(action), executor);
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    Snapshot s = LogContext.capture();
    return super.thenCombine(other, biFunction(s, fn));
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    Snapshot s = LogContext.capture();
    return super.thenCombineAsync(other, biFunction(s, fn));
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other,
      BiFunction<? super T, ? super U, ? extends V> fn,
      Executor executor) {
    Snapshot s = LogContext.capture();
    return super.thenCombineAsync(other, biFunction(s, fn), executor);
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    Snapshot s = LogContext.capture();
    return super.thenAcceptBoth(other, biConsumer(s, action));
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    Snapshot s = LogContext.capture();
    return super.thenAcceptBothAsync(other, biConsumer(s, action));
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other,
      BiConsumer<? super T, ? super U> action,
      Executor executor) {
    Snapshot s = LogContext.capture();
    return super.thenAcceptBothAsync(other, biConsumer(s, action), executor);
  }

  @Override
  public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    Snapshot s = LogContext.capture();
    return super.runAfterBoth(other, s.wrap(action));
  }

  @Override
  public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
    Snapshot s = LogContext.capture();
    return super.runAfterBothAsync(other, s.wrap(action));
  }

  @Override
  public CompletableFuture<Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    Snapshot s = LogContext.capture();
    return super.runAfterBothAsync(other, s.wrap(action), executor);
  }

  @Override
  public <U> CompletableFuture<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    Snapshot s = LogContext.capture();
    return super.applyToEither(other, function(s, fn));
  }

  @Override
  public <U> CompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    Snapshot s = LogContext.capture();
    return super.applyToEitherAsync(other, function(s, fn));
  }

  @Override
  public <U> CompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
    Snapshot s = LogContext.capture();
    return super.applyToEitherAsync(other, function(s, fn), executor);
  }

  @Override
  public CompletableFuture<Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    Snapshot s = LogContext.capture();
    return super.acceptEither(other, consumer(s, action));
  }

  @Override
  public CompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    Snapshot s = LogContext.capture();
    return super.acceptEitherAsync(other, consumer(s, action));
  }

  @Override
  public CompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
    Snapshot s = LogContext.capture();
    return super.acceptEitherAsync(other, consumer(s, action), executor);
  }

  @Override
  public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    Snapshot s = LogContext.capture();
    return super.runAfterEither(other, s.wrap(action));
  }

  @Override
  public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
    Snapshot s = LogContext.capture();
    return super.runAfterEitherAsync(other, s.wrap(action));
  }

  @Override
  public CompletableFuture<Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    Snapshot s = LogContext.capture();
    return super.runAfterEitherAsync(other, s.wrap(action), executor);
  }

  @Override
  public <U> CompletableFuture<U> thenCompose(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    Snapshot s = LogContext.capture();
    return super.thenCompose(function(s, fn));
  }

  @Override
  public <U> CompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    Snapshot s = LogContext.capture();
    return super.thenComposeAsync(function(s, fn));
  }

  @Override
  public <U> CompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
    Snapshot s = LogContext.capture();
    return super.thenComposeAsync(function(s, fn), executor);
  }

  @Override
  public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    Snapshot s = LogContext.capture();
    return super.handle(biFunction(s, fn));
  }

  @Override
  public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
    Snapshot s = LogContext.capture();
    return super.handleAsync(biFunction(s, fn));
  }

  @Override
  public <U> CompletableFuture<U> handleAsync(
      BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
    Snapshot s = LogContext.capture();
    return super.handleAsync(biFunction(s, fn), executor);
  }

  @Override
  public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    Snapshot s = LogContext.capture();
    return super.whenComplete(biConsumer(s, action));
  }

  @Override
  public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
    Snapshot s = LogContext.capture();
    return super.whenCompleteAsync(biConsumer(s, action));
  }

  @Override
  public CompletableFuture<T> whenCompleteAsync(
      BiConsumer<? super T, ? super Throwable> action, Executor executor) {
    Snapshot s = LogContext.capture();
    return super.whenCompleteAsync(biConsumer(s, action), executor);
  }

  @Override
  public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
    Snapshot s = LogContext.capture();
    return super.exceptionally(function(s, fn));
  }

  @Override
  public CompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
    Snapshot s = LogContext.capture();
    return super.exceptionallyAsync(function(s, fn));
  }

  @Override
  public CompletableFuture<T> exceptionallyAsync(
      Function<Throwable, ? extends T> fn, Executor executor) {
    Snapshot s = LogContext.capture();
    return super.exceptionallyAsync(function(s, fn), executor);
  }

  @Override
  public CompletableFuture<T> exceptionallyCompose(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    Snapshot s = LogContext.capture();
    return super.exceptionallyCompose(function(s, fn));
  }

  @Override
  public CompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    Snapshot s = LogContext.capture();
    return super.exceptionallyComposeAsync(function(s, fn));
  }

  @Override
  public CompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
    Snapshot s = LogContext.capture();
    return super.exceptionallyComposeAsync(function(s, fn), executor);
  }

  private static <A, R> Function<A, R> function(Snapshot s, Function<A, R> fn) {
    return s.wrapFunction(fn);
  }

  private static <A> Consumer<A> consumer(Snapshot s, Consumer<A> action) {
    return argument -> s.run(() -> action.accept(argument));
  }

  private static <A, B, R> BiFunction<A, B, R> biFunction(Snapshot s, BiFunction<A, B, R> fn) {
    // Snapshot has no call for a supplier; the wrapper is short-lived and usually scalar-replaced.
    return (a, b) -> s.wrapSupplier(() -> fn.apply(a, b)).get();
  }

  private static <A, B> BiConsumer<A, B> biConsumer(Snapshot s, BiConsumer<A, B> action) {
    return (a, b) -> s.run(() -> action.accept(a, b));
  }
}
