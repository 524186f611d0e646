package dev.logcontext.internal;

import java.util.Objects;
import java.util.concurrent.Executor;

/** An {@link Executor} that runs each task in the snapshot current at {@code execute}. */
public final class PropagatingExecutor implements Executor {
  private final Executor delegate;

  public PropagatingExecutor(Executor delegate) {
    this.delegate = Objects.requireNonNull(delegate, "executor");
  }

  @Override
  public void execute(Runnable task) {
    delegate.execute(ContextStorage.current().wrap(task));
  }

  @Override
  public String toString() {
    return "ContextExecutors.propagating(" + delegate + ")";
  }
}
