package dev.logcontext.benchmarks;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import dev.logcontext.concurrent.ContextExecutors;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

/**
 * The propagation cost of an executor hop with five fields: capture on the submitting side, then on
 * the worker side run the task in the captured context and restore the worker's own. Both sides run
 * on the benchmark thread, one after the other, so that the pool's own cost is not measured.
 *
 * <p>Because both sides share one thread, the worker's context at run time is the captured one.
 * logging-context's {@code Snapshot.run} and Micrometer's {@code setThreadLocals} do the full swap
 * and restore anyway; OpenTelemetry skips the swap when the context to attach is already current,
 * so {@code otelWrapRun} is a lower bound. The {@code *WorkerContext} variants first make an empty
 * context current (as on a fresh worker) with the library's own API, so both sides do the full
 * swap. The MDC worker is a second {@link LogbackMDCAdapter}: the same code on its own thread-local
 * maps, so that its {@code clear()} does not wipe the submitter's five fields.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Logback's own SLF4J provider: the jar also holds ours (for the encoder benchmarks).
@Fork(
    value = 1,
    jvmArgsPrepend = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider")
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class HopBenchmark {
  private final ContextSnapshotFactory micrometer =
      ContextSnapshotFactory.builder()
          .contextRegistry(
              new ContextRegistry().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor()))
          .build();

  /** The worker thread's MDC: Logback's adapter, separate from the submitter's. */
  private final LogbackMDCAdapter workerMdc = new LogbackMDCAdapter();

  /** logging-context's executor wrapper around a direct executor: capture at execute, run now. */
  private final Executor propagatingDirect = ContextExecutors.propagating((Executor) Runnable::run);

  /** OpenTelemetry's executor wrapper around a direct executor. */
  private final Executor otelTaskWrappingDirect = Context.taskWrapping((Executor) Runnable::run);

  /** {@code capture()} + {@code Snapshot.run(task)} (runs, then restores the thread's context). */
  @Benchmark
  public void logContextCaptureRun(FiveFieldsState fields) {
    Snapshot snapshot = LogContext.capture();
    snapshot.run(fields.task);
  }

  /** {@code capture().wrap(task)} on the submitter, {@code run()} on the worker. */
  @Benchmark
  public void logContextWrapRun(FiveFieldsState fields) {
    Runnable wrapped = LogContext.capture().wrap(fields.task);
    wrapped.run();
  }

  /** {@code ContextExecutors.propagating(direct executor).execute(task)}. */
  @Benchmark
  public void logContextPropagatingExecutor(FiveFieldsState fields) {
    propagatingDirect.execute(fields.task);
  }

  /** As {@link #logContextCaptureRun}, on a worker whose own context is empty. */
  @Benchmark
  public void logContextCaptureRunWorkerContext(FiveFieldsState fields) {
    Snapshot snapshot = LogContext.capture();
    Scope worker = Snapshot.empty().attach();
    try {
      snapshot.run(fields.task);
    } finally {
      worker.close();
    }
  }

  /** {@code Context.current().wrap(task).run()}; attaching is skipped (already current). */
  @Benchmark
  public void otelWrapRun(FiveFieldsState fields) {
    Context.current().wrap(fields.task).run();
  }

  /** {@code Context.taskWrapping(direct executor).execute(task)}. */
  @Benchmark
  public void otelTaskWrappingExecutor(FiveFieldsState fields) {
    otelTaskWrappingDirect.execute(fields.task);
  }

  /** As {@link #otelWrapRun}, on a worker whose own context is the root context. */
  @Benchmark
  public void otelWrapRunWorkerContext(FiveFieldsState fields) {
    Runnable wrapped = Context.current().wrap(fields.task);
    io.opentelemetry.context.Scope worker = Context.root().makeCurrent();
    try {
      wrapped.run();
    } finally {
      worker.close();
    }
  }

  /**
   * {@code MDC.getCopyOfContextMap()} on the submitter; {@code setContextMap(copy)}, the task and
   * {@code clear()} on the worker's adapter.
   */
  @Benchmark
  public void mdcCopySetClear(FiveFieldsState fields) {
    Map<String, String> copy = MDC.getCopyOfContextMap();
    workerMdc.setContextMap(copy);
    try {
      fields.task.run();
    } finally {
      workerMdc.clear();
    }
  }

  /**
   * Micrometer with the whole-MDC {@code Slf4jThreadLocalAccessor}: {@code captureAll()} (copies
   * the MDC), then {@code setThreadLocals()} (copies the current MDC as the previous value, sets
   * the captured one), the task, and {@code Scope.close()} (sets the previous MDC back).
   */
  @Benchmark
  public void micrometerCaptureSetRestore(FiveFieldsState fields) {
    ContextSnapshot snapshot = micrometer.captureAll();
    ContextSnapshot.Scope scope = snapshot.setThreadLocals();
    try {
      fields.task.run();
    } finally {
      scope.close();
    }
  }
}
