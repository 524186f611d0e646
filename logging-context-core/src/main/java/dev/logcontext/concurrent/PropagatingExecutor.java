package dev.logcontext.concurrent;

import dev.logcontext.LogContext;
import java.util.Objects;
import java.util.concurrent.Executor;

/** An {@link Executor} that runs each task in the snapshot current at {@code execute}. */
final class PropagatingExecutor implements Executor {
  private final Executor delegate;

  PropagatingExecutor(Executor delegate) {
    this.delegate = Objects.requireNonNull(delegate, "executor");
  }

  @Override
  public void execute(Runnable task) {
    delegate.execute(LogContext.capture().wrap(task));
  }

  @Override
  public String toString() {
    return "ContextExecutors.propagating(" + delegate + ")";
  }
}
