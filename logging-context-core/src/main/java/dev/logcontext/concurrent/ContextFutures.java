package dev.logcontext.concurrent;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@link CompletableFuture}s that carry context: every stage added to them, async or not, with or
 * without an explicit executor, runs in the snapshot that was current where the stage was added,
 * and the thread that runs it gets its own context back afterwards. Dependent futures behave the
 * same, so a whole chain carries context.
 *
 * <pre>{@code
 * try (Scope scope = LogContext.with("request_id", id)) {
 *   ContextFutures.supplyAsync(() -> load(order))     // runs with request_id
 *       .thenApply(this::price)                       // so does every later stage
 *       .thenAcceptAsync(log::info, ioPool);
 * }
 * }</pre>
 *
 * <p>Plain {@code CompletableFuture.supplyAsync(..)} cannot be changed from outside; use these
 * factories instead, or {@link #from(CompletionStage)} for a future made elsewhere. Parallel
 * streams and raw {@code ForkJoinTask}s are not covered.
 *
 * <p>Thread-safety: as {@link CompletableFuture}. Bad input: null arguments throw {@link
 * NullPointerException}.
 */
public final class ContextFutures {
  private ContextFutures() {}

  /** Returns a new incomplete context-carrying future. */
  public static <T> CompletableFuture<T> newFuture() {
    return new ContextCompletableFuture<>();
  }

  /** Runs {@code supplier} on the default async pool in the current context. */
  public static <T> CompletableFuture<T> supplyAsync(Supplier<T> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return new ContextCompletableFuture<T>().completeAsync(supplier);
  }

  /** Runs {@code supplier} on {@code executor} in the current context. */
  public static <T> CompletableFuture<T> supplyAsync(Supplier<T> supplier, Executor executor) {
    Objects.requireNonNull(supplier, "supplier");
    return new ContextCompletableFuture<T>().completeAsync(supplier, executor);
  }

  /** Runs {@code task} on the default async pool in the current context. */
  public static CompletableFuture<Void> runAsync(Runnable task) {
    Objects.requireNonNull(task, "task");
    return supplyAsync(
        () -> {
          task.run();
          return null;
        });
  }

  /** Runs {@code task} on {@code executor} in the current context. */
  public static CompletableFuture<Void> runAsync(Runnable task, Executor executor) {
    Objects.requireNonNull(task, "task");
    return supplyAsync(
        () -> {
          task.run();
          return null;
        },
        executor);
  }

  /** Returns a context-carrying future completed with {@code value}. */
  public static <T> CompletableFuture<T> completedFuture(T value) {
    CompletableFuture<T> future = new ContextCompletableFuture<>();
    future.complete(value);
    return future;
  }

  /** Returns a context-carrying future completed exceptionally with {@code failure}. */
  public static <T> CompletableFuture<T> failedFuture(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    CompletableFuture<T> future = new ContextCompletableFuture<>();
    future.completeExceptionally(failure);
    return future;
  }

  /** Returns a context-carrying future that completes as {@code stage} does. */
  public static <T> CompletableFuture<T> from(CompletionStage<T> stage) {
    if (stage instanceof ContextCompletableFuture<T> future) {
      return future;
    }
    CompletableFuture<T> future = new ContextCompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            future.completeExceptionally(failure);
          } else {
            future.complete(value);
          }
        });
    return future;
  }

  /** Like {@link CompletableFuture#allOf}, returning a context-carrying future. */
  public static CompletableFuture<Void> allOf(CompletableFuture<?>... futures) {
    return from(CompletableFuture.allOf(futures));
  }

  /** Like {@link CompletableFuture#anyOf}, returning a context-carrying future. */
  public static CompletableFuture<Object> anyOf(CompletableFuture<?>... futures) {
    return from(CompletableFuture.anyOf(futures));
  }
}
