package dev.logcontext.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.logback.LogContextBufferingAppender;
import dev.logcontext.logback.LogContextConsoleAppender;
import dev.logcontext.logback.LogContextJsonEncoder;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What per-request buffering and the lost-context diagnostic cost when they do nothing visible: the
 * {@link EndToEndBenchmark} request (bind the five fields, {@code correlation_id} among them, ten
 * INFO lines, close) through SLF4J, {@code LogContextServiceProvider} and our encoder in our
 * console appender, into a stream that drops the bytes.
 *
 * <ul>
 *   <li>{@code plain}: root → the JSON appender, as in {@link EndToEndBenchmark};
 *   <li>{@code buffering}: root → {@code LogContextBufferingAppender} (defaults: trigger ERROR,
 *       hold DEBUG, key {@code correlation_id}) → the same appender; nothing is held or triggered,
 *       every line passes, and closing the request's scope ends it ({@code RequestEnd});
 *   <li>{@code required-fields}: {@code plain} with the encoder's {@code requiredFields} set to
 *       {@code correlation_id,request_id}, present on every line (the check runs, nothing is
 *       flagged).
 * </ul>
 *
 * <p>{@link #bindClose} is bind three fields + close without logging: with {@code buffering} a
 * {@code RequestEnd} listener is registered, so it shows what the end-of-request hook costs a
 * scope's close; with the others there is none, the normal path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsPrepend = "-Dslf4j.provider=dev.logcontext.logback.LogContextServiceProvider")
public class BufferingBenchmark {
  /** The logger context, configured once per trial. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class Backend {
    /** See the class description. */
    @Param({"plain", "buffering", "required-fields"})
    public String setup;

    final EncoderWorkload.NullOutputStream out = new EncoderWorkload.NullOutputStream();
    org.slf4j.Logger logger;

    @Setup
    public void setUp() {
      LoggerContext context = LogbackEncoderBenchmark.checkedProviderContext();
      context.reset();
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.setLevel(Level.INFO);
      LogContextJsonEncoder encoder = new LogContextJsonEncoder();
      encoder.setContext(context);
      if (setup.equals("required-fields")) {
        encoder.setRequiredFields("correlation_id,request_id");
      }
      encoder.start();
      LogContextConsoleAppender json = new LogContextConsoleAppender();
      json.setContext(context);
      json.setName("json");
      json.setEncoder(encoder);
      json.start(); // on System.out, then onto the null stream
      json.setOutputStream(out);
      if (setup.equals("buffering")) {
        LogContextBufferingAppender buffer = new LogContextBufferingAppender();
        buffer.setContext(context);
        buffer.setName("buffer");
        buffer.addAppender(json);
        buffer.start();
        root.addAppender(buffer);
      } else {
        root.addAppender(json);
      }
      LogbackEncoderBenchmark.checkNoErrors(context, "buffering " + setup);
      logger = EndToEnd.logger();
      EndToEnd.checkWrites(
          out, "logcontext", true, EndToEnd.LINES_PER_REQUEST, () -> request(logger));
    }

    @TearDown
    public void tearDown() {
      LoggerContext context = LogbackEncoderBenchmark.checkedProviderContext();
      LogbackEncoderBenchmark.checkNoErrors(context, "buffering " + setup);
      context.reset();
      if (out.bytes == 0) {
        throw new IllegalStateException("nothing was written");
      }
      if (LogContext.capture().size() != 0) {
        throw new IllegalStateException("context left behind after the trial");
      }
    }
  }

  /** The benchmark thread, named as in the workload. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class Worker {
    private String threadName;

    @Setup
    public void setUp() {
      threadName = Thread.currentThread().getName();
      Thread.currentThread().setName(EncoderWorkload.THREAD);
    }

    @TearDown
    public void tearDown() {
      Thread.currentThread().setName(threadName);
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

  /** Bind five fields, ten lines, unbind. */
  @Benchmark
  public void request(Backend backend, Worker worker) {
    request(backend.logger);
  }

  /** Bind three fields and close, no logging. */
  @Benchmark
  @SuppressWarnings("try") // the scope only binds
  public void bindClose(Backend backend) {
    try (Scope scope = LogContext.with("a", "1").and("b", "2").and("c", "3")) {
      // nothing inside
    }
  }
}
