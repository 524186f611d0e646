package dev.logcontext.concurrent;

import dev.logcontext.LogContext;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/** A {@link ThreadFactory} whose threads run in the snapshot current at {@code newThread}. */
final class PropagatingThreadFactory implements ThreadFactory {
  private final ThreadFactory delegate;

  PropagatingThreadFactory(ThreadFactory delegate) {
    this.delegate = Objects.requireNonNull(delegate, "threadFactory");
  }

  @Override
  public Thread newThread(Runnable task) {
    return delegate.newThread(LogContext.capture().wrap(task));
  }

  @Override
  public String toString() {
    return "ContextExecutors.propagating(" + delegate + ")";
  }
}
