package dev.logcontext.concurrent;

import dev.logcontext.LogContext;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} that runs each task in the snapshot current when it was
 * scheduled; periodic tasks reuse that snapshot for every run.
 */
final class PropagatingScheduledExecutorService extends PropagatingExecutorService
    implements ScheduledExecutorService {
  private final ScheduledExecutorService delegate;

  PropagatingScheduledExecutorService(ScheduledExecutorService delegate) {
    super(delegate);
    this.delegate = delegate;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
    return delegate.schedule(LogContext.capture().wrap(task), delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
    return delegate.schedule(LogContext.capture().wrap(task), delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable task, long initialDelay, long period, TimeUnit unit) {
    return delegate.scheduleAtFixedRate(
        LogContext.capture().wrap(task), initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable task, long initialDelay, long delay, TimeUnit unit) {
    return delegate.scheduleWithFixedDelay(
        LogContext.capture().wrap(task), initialDelay, delay, unit);
  }
}
