package dev.logcontext.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Java 25 {@link ScopedValue}, beside the bind and read workloads (compiled only on JDK 25+).
 *
 * <p>A scoped value is bound only while a {@code run}/{@code call} executes, so a read cannot be
 * measured one per invocation: {@link #read1of5} binds the five fields once and reads {@code
 * tenant} {@value #READS} times inside, with a volatile read per iteration (as the JMH loop does)
 * so that the JIT cannot hoist the read out of the loop. The bind cost is spread over the reads
 * (about {@code bind5AndRead / 1000}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ScopedValueBenchmark {
  static final int READS = 1000;

  private static final ScopedValue<String> A = ScopedValue.newInstance();
  private static final ScopedValue<String> B = ScopedValue.newInstance();
  private static final ScopedValue<String> C = ScopedValue.newInstance();
  private static final ScopedValue<String> REQUEST_ID = ScopedValue.newInstance();
  private static final ScopedValue<String> CORRELATION_ID = ScopedValue.newInstance();
  private static final ScopedValue<String> USER_ID = ScopedValue.newInstance();
  private static final ScopedValue<String> TENANT = ScopedValue.newInstance();
  private static final ScopedValue<String> SESSION = ScopedValue.newInstance();

  private final String valueA = "order-1234";
  private final String valueB = "payment-5678";
  private final String valueC = "3";

  private final ScopedValue.Carrier fiveFields =
      ScopedValue.where(REQUEST_ID, Fields.VALUES[0])
          .where(CORRELATION_ID, Fields.VALUES[1])
          .where(USER_ID, Fields.VALUES[2])
          .where(TENANT, Fields.VALUES[3])
          .where(SESSION, Fields.VALUES[4]);

  private volatile int readsPerInvocation = READS;
  private long runs;
  private final Runnable task = this::count;
  private Blackhole blackhole;
  private final Runnable readLoop = this::readLoop;

  /** Bind 3 + unbind: {@code where}×3 and {@code run(task)}; the bindings end when run returns. */
  @Benchmark
  public void bind3() {
    ScopedValue.where(A, valueA).where(B, valueB).where(C, valueC).run(task);
  }

  /** Reads {@code tenant} (one of five bound) {@value #READS} times per invocation. */
  @Benchmark
  @OperationsPerInvocation(READS)
  public void read1of5(Blackhole bh) {
    blackhole = bh;
    fiveFields.run(readLoop);
  }

  /** Binding five fields (pre-built carrier) and reading one once. */
  @Benchmark
  public String bind5AndRead() {
    return fiveFields.call(TENANT::get);
  }

  private void count() {
    runs++;
  }

  private void readLoop() {
    Blackhole bh = blackhole;
    for (int i = 0; i < readsPerInvocation; i++) {
      bh.consume(TENANT.get());
    }
  }
}
