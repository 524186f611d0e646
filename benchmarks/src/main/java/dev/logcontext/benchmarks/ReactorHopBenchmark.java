package dev.logcontext.benchmarks;

import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import dev.logcontext.micrometer.LogContextAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.util.context.Context;

/**
 * The propagation cost of a Reactor {@code publishOn} hop with five fields, as Reactor's automatic
 * propagation does it through context-propagation: {@code contextCapture()} when subscribing
 * ({@code captureAll()} written into the Reactor {@code Context}), then at each hop, on the worker,
 * {@code setThreadLocalsFrom(context)} (read through Reactor's {@code ContextAccessor}), the task,
 * and the scope's close. Each side has a registry with one accessor: {@link LogContextAccessor}, or
 * Micrometer's {@link Slf4jThreadLocalAccessor} over Logback's own MDC.
 *
 * <p>Both sides run on the benchmark thread, so the scheduler's own hand-off (the same for both) is
 * not measured. On one thread, the context to attach would already be current, which makes
 * logging-context's attach a no-op; {@code logContextAccessor} therefore first makes the empty
 * context current, as on a fresh worker, and pays for that switch. The MDC accessor copies the maps
 * whatever they hold, so its worker keeps the five fields (its restore copies five fields back
 * instead of none, a little more work than on a fresh worker). Reactor captures once per
 * subscription and sets the thread-locals at every hop (each signal delivered on another thread):
 * {@code *Hop} is the per-hop cost, {@code *Capture} the per-subscription one, and {@code
 * *CaptureAndHop} both, for a pipeline with one hop.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Logback's own SLF4J provider and MDC: what Micrometer's accessor is used with.
@Fork(
    value = 1,
    jvmArgsPrepend = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider")
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class ReactorHopBenchmark {
  private final ContextSnapshotFactory logContext =
      ContextSnapshotFactory.builder()
          .contextRegistry(
              new ContextRegistry()
                  .loadContextAccessors() // Reactor's, from reactor-core's META-INF/services
                  .registerThreadLocalAccessor(new LogContextAccessor()))
          .build();

  private final ContextSnapshotFactory mdc =
      ContextSnapshotFactory.builder()
          .contextRegistry(
              new ContextRegistry()
                  .loadContextAccessors()
                  .registerThreadLocalAccessor(new Slf4jThreadLocalAccessor()))
          .build();

  /**
   * The Reactor contexts captured at subscription, at the first call (while the fields are bound);
   * a hop attaches them whichever thread captured them.
   */
  private Context capturedLogContext;

  private Context capturedMdc;

  /** The worker side of one hop with {@link LogContextAccessor}, on a fresh worker. */
  @Benchmark
  public void logContextHop(FiveFieldsState fields) {
    if (capturedLogContext == null) {
      capturedLogContext = logContextCapture(fields);
    }
    Scope freshWorker = Snapshot.empty().attach();
    try {
      hop(logContext, capturedLogContext, fields);
    } finally {
      freshWorker.close();
    }
  }

  /** The worker side of one hop with {@code Slf4jThreadLocalAccessor}. */
  @Benchmark
  public void micrometerSlf4jHop(FiveFieldsState fields) {
    if (capturedMdc == null) {
      capturedMdc = micrometerSlf4jCapture(fields);
    }
    hop(mdc, capturedMdc, fields);
  }

  /** {@code contextCapture()} with {@link LogContextAccessor}: once per subscription. */
  @Benchmark
  public Context logContextCapture(FiveFieldsState fields) {
    return logContext.captureAll().updateContext(Context.empty());
  }

  /** {@code contextCapture()} with {@code Slf4jThreadLocalAccessor}. */
  @Benchmark
  public Context micrometerSlf4jCapture(FiveFieldsState fields) {
    return mdc.captureAll().updateContext(Context.empty());
  }

  /** Subscription and one hop with {@link LogContextAccessor}, on a fresh worker. */
  @Benchmark
  public void logContextCaptureAndHop(FiveFieldsState fields) {
    Context captured = logContext.captureAll().updateContext(Context.empty());
    Scope freshWorker = Snapshot.empty().attach();
    try {
      hop(logContext, captured, fields);
    } finally {
      freshWorker.close();
    }
  }

  /** Subscription and one hop with {@code Slf4jThreadLocalAccessor}. */
  @Benchmark
  public void micrometerSlf4jCaptureAndHop(FiveFieldsState fields) {
    hop(mdc, mdc.captureAll().updateContext(Context.empty()), fields);
  }

  private static void hop(
      ContextSnapshotFactory factory, Context captured, FiveFieldsState fields) {
    ContextSnapshot.Scope scope = factory.setThreadLocalsFrom(captured);
    try {
      fields.task.run();
    } finally {
      scope.close();
    }
  }
}
