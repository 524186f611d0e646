package dev.logcontext.concurrent;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Executors that carry the submitter's context: every task runs in the snapshot that was current
 * where it was submitted, and the worker thread's own context is restored afterwards, even when the
 * task throws or leaves a scope open. Works the same for platform and virtual threads.
 *
 * <pre>{@code
 * ExecutorService pool = ContextExecutors.propagating(Executors.newFixedThreadPool(4));
 * try (Scope scope = LogContext.with("request_id", id)) {
 *   pool.submit(() -> log.info("has request_id"));
 * }
 * }</pre>
 *
 * <p>Periodic tasks ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}) run every time in
 * the snapshot captured when they were scheduled; to run one without context, schedule it inside
 * {@code Snapshot.empty().run(..)}. Shutting a wrapper down shuts the delegate down; {@code
 * shutdownNow()} returns the wrapped tasks.
 *
 * <p>Thread-safety: the wrappers are as thread-safe as their delegates. Bad input: null delegates
 * or tasks throw {@link NullPointerException}. Wrapping a wrapper returns it unchanged.
 */
public final class ContextExecutors {
  private ContextExecutors() {}

  /** Returns an executor that runs each task in the context captured at {@code execute}. */
  // Executor and ThreadFactory are both functional interfaces: a lambda argument would be
  // ambiguous, so pass a method reference or a typed variable; executors and factories are.
  @SuppressWarnings("overloads")
  public static Executor propagating(Executor executor) {
    if (executor instanceof ScheduledExecutorService scheduled) {
      return propagating(scheduled);
    }
    if (executor instanceof ExecutorService service) {
      return propagating(service);
    }
    return executor instanceof PropagatingExecutor ? executor : new PropagatingExecutor(executor);
  }

  /**
   * Returns an executor service whose {@code execute}, {@code submit}, {@code invokeAll} and {@code
   * invokeAny} run each task in the context captured at the call.
   */
  public static ExecutorService propagating(ExecutorService executor) {
    if (executor instanceof ScheduledExecutorService scheduled) {
      return propagating(scheduled);
    }
    return executor instanceof PropagatingExecutorService
        ? executor
        : new PropagatingExecutorService(executor);
  }

  /**
   * Returns a scheduled executor service that runs each task in the context captured when it was
   * submitted or scheduled; periodic tasks use that snapshot for every run.
   */
  public static ScheduledExecutorService propagating(ScheduledExecutorService executor) {
    return executor instanceof PropagatingScheduledExecutorService
        ? executor
        : new PropagatingScheduledExecutorService(executor);
  }

  /**
   * Returns a thread factory whose threads start in the snapshot that was current where each thread
   * was created ({@code newThread}, not {@code start}), and run their whole life in it. Wrap {@code
   * Thread.ofVirtual().factory()} or any {@code Thread.Builder}'s factory this way, or hand it to
   * {@code StructuredTaskScope.open(joiner, cfg -> cfg.withThreadFactory(factory))} (Java 25):
   * every subtask then sees the fields of the thread that forked it.
   *
   * <p>Not for thread pools: a pool creates a worker on some submitter's thread and keeps it for
   * many tasks, which would all run in that submitter's snapshot. Wrap the pool itself with {@link
   * #propagating(ExecutorService)} instead.
   */
  @SuppressWarnings("overloads")
  public static ThreadFactory propagating(ThreadFactory threadFactory) {
    return threadFactory instanceof PropagatingThreadFactory
        ? threadFactory
        : new PropagatingThreadFactory(threadFactory);
  }

  /**
   * Returns {@link ForkJoinPool#commonPool()} wrapped to propagate; shutting it down does nothing,
   * as for the common pool itself.
   *
   * <p>A wrapped {@code ForkJoinPool} (this one, or {@code propagating(new ForkJoinPool(..))})
   * carries the context into the tasks handed to it ({@code execute}, {@code submit}, {@code
   * invoke*}), not into the {@code ForkJoinTask}s those tasks {@code fork()}: forked subtasks, and
   * so parallel streams, run on other workers in the worker's own context, which is empty. Carry it
   * explicitly where it is needed, with the snapshot's wrappers: {@code
   * list.parallelStream().map(LogContext.capture().wrapFunction(this::price))}.
   */
  public static ExecutorService commonPool() {
    return CommonPoolHolder.COMMON_POOL;
  }

  private static final class CommonPoolHolder {
    static final ExecutorService COMMON_POOL = propagating(ForkJoinPool.commonPool());
  }
}
