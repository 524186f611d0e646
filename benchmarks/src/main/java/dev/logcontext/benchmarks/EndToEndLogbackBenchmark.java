package dev.logcontext.benchmarks;

import ch.qos.logback.classic.LoggerContext;
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
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The workloads of {@link EndToEndBenchmark} with Logback's own SLF4J provider and MDC ({@code
 * LogbackMDCAdapter}, checked in set-up) and the competitors' encoders in Logback's {@code
 * OutputStreamAppender} (see {@link EndToEnd}):
 *
 * <ul>
 *   <li>{@link #line}: one {@code logger.info("Order {} placed for {}", a, b)} with the five fields
 *       in the MDC (as strings) for the whole trial.
 *   <li>{@link #request}: {@code MDC.put} ×5, 10 such lines, {@code MDC.remove} ×5.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsPrepend = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider")
public class EndToEndLogbackBenchmark {

  /** The logger context, configured once per trial. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class Backend {
    /**
     * {@code pattern}: Logback's {@code PatternLayoutEncoder}; {@code logstash}:
     * logstash-logback-encoder 9.0 {@code LogstashEncoder}; {@code logback-json}: Logback's {@code
     * JsonEncoder}.
     */
    @Param({"pattern", "logstash", "logback-json"})
    public String encoder;

    final EncoderWorkload.NullOutputStream out = new EncoderWorkload.NullOutputStream();
    org.slf4j.Logger logger;

    @Setup
    public void setUp() {
      Fields.logbackAdapter();
      LoggerContext context = context();
      if (context.getMDCAdapter() != MDC.getMDCAdapter()) {
        throw new IllegalStateException("Logback and SLF4J do not share the MDC adapter");
      }
      EndToEnd.configure(context, encoder, out);
      logger = EndToEnd.logger();
    }

    @TearDown
    public void tearDown() {
      LogbackEncoderBenchmark.checkNoErrors(context(), "end-to-end " + encoder);
      context().reset();
      if (out.bytes == 0) {
        throw new IllegalStateException("nothing was written end to end");
      }
    }

    private static LoggerContext context() {
      return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
  }

  /** The benchmark thread, named as in the workload, with an empty MDC. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Worker {
    private String threadName;

    @Setup
    public void setUp(Backend backend) {
      threadName = Thread.currentThread().getName();
      Thread.currentThread().setName(EncoderWorkload.THREAD);
      checkMdcEmpty();
      EndToEnd.checkWrites(
          backend.out,
          backend.encoder,
          false,
          EndToEnd.LINES_PER_REQUEST,
          () -> request(backend.logger));
      checkMdcEmpty();
    }

    @TearDown
    public void tearDown() {
      Thread.currentThread().setName(threadName);
      checkMdcEmpty();
    }
  }

  /** The benchmark thread, named as in the workload, with the five fields in the MDC. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class BoundWorker {
    private String threadName;

    @Setup
    public void setUp(Backend backend) {
      threadName = Thread.currentThread().getName();
      Thread.currentThread().setName(EncoderWorkload.THREAD);
      checkMdcEmpty();
      put();
      EndToEnd.checkWrites(
          backend.out, backend.encoder, false, 1, () -> EndToEnd.logLine(backend.logger));
    }

    @TearDown
    public void tearDown() {
      remove();
      Thread.currentThread().setName(threadName);
      checkMdcEmpty();
    }
  }

  private static void put() {
    for (int i = 0; i < Fields.NAMES.length; i++) {
      MDC.put(Fields.NAMES[i], Fields.VALUES[i]);
    }
  }

  private static void remove() {
    for (int i = 0; i < Fields.NAMES.length; i++) {
      MDC.remove(Fields.NAMES[i]);
    }
  }

  private static void checkMdcEmpty() {
    java.util.Map<String, String> mdc = MDC.getCopyOfContextMap();
    if (mdc != null && !mdc.isEmpty()) {
      throw new IllegalStateException("MDC not empty: " + mdc);
    }
  }

  static void request(org.slf4j.Logger logger) {
    put();
    try {
      EndToEnd.logRequestLines(logger);
    } finally {
      remove();
    }
  }

  /** One line with the five fields in the MDC. */
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

  /** {@code MDC.put} ×5, ten lines, {@code MDC.remove} ×5. */
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
