package dev.logcontext.benchmarks;

import dev.logcontext.ContextKey;
import dev.logcontext.LogContext;
import io.opentelemetry.context.Context;
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

/** Reading one of five bound fields ({@code tenant}, the fourth) from the current context. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Logback's own SLF4J provider: the jar also holds ours (for the encoder benchmarks).
@Fork(
    value = 1,
    jvmArgsPrepend = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider")
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class ReadBenchmark {
  private static final ContextKey<String> TENANT = ContextKey.of(Fields.TENANT, String.class);

  @Benchmark
  public Object logContextGet(FiveFieldsState fields) {
    return LogContext.get(Fields.TENANT);
  }

  @Benchmark
  public String contextKeyGet(FiveFieldsState fields) {
    return TENANT.get();
  }

  @Benchmark
  public String otelGet(FiveFieldsState fields) {
    return Context.current().get(Fields.OTEL_TENANT);
  }

  @Benchmark
  public String mdcGet(FiveFieldsState fields) {
    return MDC.get(Fields.TENANT);
  }
}
