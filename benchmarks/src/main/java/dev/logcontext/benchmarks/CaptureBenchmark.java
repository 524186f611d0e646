package dev.logcontext.benchmarks;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.slf4j.MDC;

/**
 * Capturing the current context with five fields bound: logging-context's {@code capture()} (a
 * reference read), OpenTelemetry's {@code Context.current()} (a reference read), MDC's copy of the
 * map and Micrometer's {@code captureAll()} over the MDC accessor. Also attaching the snapshot that
 * is already current, which must not allocate.
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
public class CaptureBenchmark {
  private final ContextSnapshotFactory micrometer =
      ContextSnapshotFactory.builder()
          .contextRegistry(
              new ContextRegistry().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor()))
          .build();

  @Benchmark
  public Snapshot logContextCapture(FiveFieldsState fields) {
    return LogContext.capture();
  }

  @Benchmark
  public Context otelCurrent(FiveFieldsState fields) {
    return Context.current();
  }

  @Benchmark
  public Map<String, String> mdcGetCopyOfContextMap(FiveFieldsState fields) {
    return MDC.getCopyOfContextMap();
  }

  @Benchmark
  public ContextSnapshot micrometerCaptureAll(FiveFieldsState fields) {
    return micrometer.captureAll();
  }

  /** {@code capture().attach()} + close when the snapshot is already current: must be 0 B/op. */
  @Benchmark
  public void logContextAttachCurrent(FiveFieldsState fields, Blackhole bh) {
    try (Scope scope = LogContext.capture().attach()) {
      bh.consume(scope);
    }
  }

  /** OpenTelemetry's counterpart: {@code Context.current().makeCurrent()} + close. */
  @Benchmark
  public void otelMakeCurrentCurrent(FiveFieldsState fields, Blackhole bh) {
    try (io.opentelemetry.context.Scope scope = Context.current().makeCurrent()) {
      bh.consume(scope);
    }
  }
}
