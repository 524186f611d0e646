package dev.logcontext.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end with logging-context: SLF4J with {@code LogContextServiceProvider} (checked in
 * set-up), Logback's {@code LoggerContext} configured in code, our encoder in a synchronous
 * appender, into a stream that drops the bytes (see {@link EndToEnd}). {@link
 * EndToEndLogbackBenchmark} runs the same workloads with Logback's own provider and MDC.
 *
 * <ul>
 *   <li>{@link #line}: one {@code logger.info("Order {} placed for {}", a, b)} with the five fields
 *       bound in LogContext for the whole trial ({@code user_id} a {@code Long}).
 *   <li>{@link #request}: bind the five fields ({@code LogContext.with(..).and(..)}), 10 such
 *       lines, close the scope.
 * </ul>
 *
 * <p>The {@code TwoThreads} variants run the same on two threads at once, into the same appender.
 * Every state checks in set-up what is written (the number of lines, and each line's content).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsPrepend = "-Dslf4j.provider=dev.logcontext.logback.LogContextServiceProvider")
public class EndToEndBenchmark {
  /** The logger context, configured once per trial. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class Backend {
    /** {@code logcontext-direct}: our appender; {@code logcontext}: Logback's appender. */
    @Param({"logcontext-direct", "logcontext"})
    public String encoder;

    final EncoderWorkload.NullOutputStream out = new EncoderWorkload.NullOutputStream();
    org.slf4j.Logger logger;

    @Setup
    public void setUp() {
      LoggerContext context = LogbackEncoderBenchmark.checkedProviderContext();
      EndToEnd.configure(context, encoder, out);
      logger = EndToEnd.logger();
    }

    @TearDown
    public void tearDown() {
      LoggerContext context = LogbackEncoderBenchmark.checkedProviderContext();
      LogbackEncoderBenchmark.checkNoErrors(context, "end-to-end " + encoder);
      context.reset();
      if (out.bytes == 0) {
        throw new IllegalStateException("nothing was written end to end");
      }
    }
  }

  /** The benchmark thread, named as in the workload. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Worker {
    private String threadName;

    @Setup
    public void setUp(Backend backend) {
      threadName = Thread.currentThread().getName();
      Thread.currentThread().setName(EncoderWorkload.THREAD);
      if (LogContext.capture().size() != 0) {
        throw new IllegalStateException("context bound before the trial");
      }
      EndToEnd.checkWrites(
          backend.out,
          backend.encoder,
          true,
          EndToEnd.LINES_PER_REQUEST,
          () -> request(backend.logger));
      if (LogContext.capture().size() != 0) {
        throw new IllegalStateException("a request left its context behind");
      }
    }

    @TearDown
    public void tearDown() {
      Thread.currentThread().setName(threadName);
      if (LogContext.capture().size() != 0) {
        throw new IllegalStateException("context left behind after the trial");
      }
    }
  }

  /** The benchmark thread, named as in the workload, with the five fields bound for the trial. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class BoundWorker {
    private String threadName;
    private Scope fields;

    @Setup
    public void setUp(Backend backend) {
      threadName = Thread.currentThread().getName();
      Thread.currentThread().setName(EncoderWorkload.THREAD);
      fields = EncoderWorkload.bind();
      EndToEnd.checkWrites(
          backend.out, backend.encoder, true, 1, () -> EndToEnd.logLine(backend.logger));
    }

    @TearDown
    public void tearDown() {
      fields.close();
      Thread.currentThread().setName(threadName);
      if (LogContext.capture().size() != 0) {
        throw new IllegalStateException("context left behind after the trial");
      }
    }
  }

  static void request(org.slf4j.Logger logger) {
    Scope fields = EncoderWorkload.bind();
    try {
      EndToEnd.logRequestLines(logger);
    } finally {
      fields.close();
    }
  }

  /** One line with the five fields bound. */
  @Benchmark
  public void line(Backend backend, BoundWorker worker) {
    EndToEnd.logLine(backend.logger);
  }

  /** {@link #line} on two threads at once. */
  @Benchmark
  @Threads(2)
  public void lineTwoThreads(Backend backend, BoundWorker worker) {
    EndToEnd.logLine(backend.logger);
  }

  /** Bind five fields, ten lines, unbind. */
  @Benchmark
  public void request(Backend backend, Worker worker) {
    request(backend.logger);
  }

  /** {@link #request} on two threads at once. */
  @Benchmark
  @Threads(2)
  public void requestTwoThreads(Backend backend, Worker worker) {
    request(backend.logger);
  }
}
