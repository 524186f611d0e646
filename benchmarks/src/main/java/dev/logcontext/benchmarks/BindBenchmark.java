package dev.logcontext.benchmarks;

import dev.logcontext.ContextKey;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.slf4j.MDC;

/**
 * Binding three fields on an empty context and restoring it: logging-context's scope, OpenTelemetry
 * {@code with}×3 + {@code makeCurrent} + close, MDC {@code put}×3 + {@code remove}×3, and
 * Micrometer context-propagation setting three MDC values from a snapshot and restoring them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Logback's own SLF4J provider: the jar also holds ours (for the encoder benchmarks).
@Fork(
    value = 1,
    jvmArgsPrepend = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider")
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class BindBenchmark {
  private static final ContextKey<String> A = ContextKey.of("a", String.class);
  private static final ContextKey<String> B = ContextKey.of("b", String.class);
  private static final ContextKey<String> C = ContextKey.of("c", String.class);
  private static final io.opentelemetry.context.ContextKey<String> OTEL_A =
      io.opentelemetry.context.ContextKey.named("a");
  private static final io.opentelemetry.context.ContextKey<String> OTEL_B =
      io.opentelemetry.context.ContextKey.named("b");
  private static final io.opentelemetry.context.ContextKey<String> OTEL_C =
      io.opentelemetry.context.ContextKey.named("c");

  private final String valueA = "order-1234";
  private final String valueB = "payment-5678";
  private final String valueC = "3";

  /** Micrometer's snapshot of the three MDC values, captured once in set-up. */
  private ContextSnapshot micrometerSnapshot;

  @Setup(Level.Iteration)
  public void setUp() {
    Fields.logbackAdapter();
    ContextSnapshotFactory factory =
        ContextSnapshotFactory.builder()
            .contextRegistry(
                new ContextRegistry()
                    .registerThreadLocalAccessor(new Slf4jThreadLocalAccessor("a", "b", "c")))
            .build();
    MDC.put("a", valueA);
    MDC.put("b", valueB);
    MDC.put("c", valueC);
    micrometerSnapshot = factory.captureAll();
    MDC.clear();
    checkEmpty();
  }

  @TearDown(Level.Iteration)
  public void checkEmpty() {
    if (LogContext.capture().size() != 0
        || Context.current() != Context.root()
        || MDC.get("a") != null) {
      throw new IllegalStateException("a benchmark left context behind");
    }
  }

  @Benchmark
  public void logContext(Blackhole bh) {
    try (Scope scope = LogContext.with("a", valueA).and("b", valueB).and("c", valueC)) {
      bh.consume(scope);
    }
  }

  /** The same with typed keys. */
  @Benchmark
  public void logContextTypedKeys(Blackhole bh) {
    try (Scope scope = A.set(valueA).and(B, valueB).and(C, valueC)) {
      bh.consume(scope);
    }
  }

  /** One scope from the start: {@code Snapshot.with}×3 on the captured snapshot, then attach. */
  @Benchmark
  public void logContextSnapshotAttach(Blackhole bh) {
    try (Scope scope =
        LogContext.capture().with("a", valueA).with("b", valueB).with("c", valueC).attach()) {
      bh.consume(scope);
    }
  }

  /** Breakdown: one field bound and closed. */
  @Benchmark
  public void logContextBind1(Blackhole bh) {
    try (Scope scope = LogContext.with("a", valueA)) {
      bh.consume(scope);
    }
  }

  /** Breakdown: building the three-field snapshot only, no scope. */
  @Benchmark
  public Snapshot snapshotWith3() {
    return Snapshot.empty().with("a", valueA).with("b", valueB).with("c", valueC);
  }

  /** Breakdown: OpenTelemetry building the three-field context only, no scope. */
  @Benchmark
  public Context otelWith3() {
    return Context.root().with(OTEL_A, valueA).with(OTEL_B, valueB).with(OTEL_C, valueC);
  }

  @Benchmark
  public void otel(Blackhole bh) {
    try (io.opentelemetry.context.Scope scope =
        Context.current()
            .with(OTEL_A, valueA)
            .with(OTEL_B, valueB)
            .with(OTEL_C, valueC)
            .makeCurrent()) {
      bh.consume(scope);
    }
  }

  @Benchmark
  public void mdc(Blackhole bh) {
    MDC.put("a", valueA);
    MDC.put("b", valueB);
    MDC.put("c", valueC);
    bh.consume(valueA);
    MDC.remove("a");
    MDC.remove("b");
    MDC.remove("c");
  }

  /**
   * Micrometer with {@code Slf4jThreadLocalAccessor("a", "b", "c")}: {@code setThreadLocals()} on a
   * snapshot of the three values (it saves the previous values and calls {@code MDC.put}×3), then
   * {@code Scope.close()} (it restores them: {@code MDC.remove}×3 here). Capturing the values is
   * not measured.
   */
  @Benchmark
  public void micrometer(Blackhole bh) {
    try (ContextSnapshot.Scope scope = micrometerSnapshot.setThreadLocals()) {
      bh.consume(scope);
    }
  }
}
