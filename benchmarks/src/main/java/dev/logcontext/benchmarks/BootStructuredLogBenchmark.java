package dev.logcontext.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.logcontext.logback.LogContextMDCAdapter;
import dev.logcontext.spring.boot.logging.LogContextLogbackFormatter;
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
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * Spring Boot 4's structured logging on the design's encoder workload ({@link EncoderWorkload}):
 * one {@code StructuredLogEncoder.encode(event)} call — the encoder Boot puts in its console and
 * file appenders for {@code logging.structured.format.console} — on an event built once in set-up
 * (as in {@link LogbackEncoderBenchmark}), with Boot's {@code ecs} and {@code logstash} formats
 * beside ours ({@link LogContextLogbackFormatter}, what {@code logcontext} selects), all created by
 * Boot's {@code StructuredLogFormatterFactory} from a default environment.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsPrepend = "-Dslf4j.provider=dev.logcontext.logback.LogContextServiceProvider")
public class BootStructuredLogBenchmark {

  /** Boot's encoder with one format, and one prebuilt event. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class FormatState {
    /** The value of {@code logging.structured.format.console}. */
    @Param({"logcontext", "ecs", "logstash"})
    public String format;

    /** Whether the event carries the 20-frame exception. */
    @Param({"false", "true"})
    public boolean exception;

    StructuredLogEncoder encoder;
    ILoggingEvent event;
    private LoggerContext context;

    @Setup
    public void setUp() {
      context = LogbackEncoderBenchmark.loggerContext(new LogContextMDCAdapter());
      context.putObject(Environment.class.getName(), new StandardEnvironment());
      event = LogbackEncoderBenchmark.logContextEvent(context, exception);
      encoder = new StructuredLogEncoder();
      encoder.setContext(context);
      encoder.setFormat(
          format.equals("logcontext") ? LogContextLogbackFormatter.class.getName() : format);
      encoder.start();
      LogbackEncoderBenchmark.checkNoErrors(context, format);
      String line = EncoderWorkload.text(encoder.encode(event));
      EncoderWorkload.checkEvent(
          format, line, format.equals("logcontext") ? "\"user_id\":42," : null, exception);
    }

    @TearDown
    public void tearDown() {
      encoder.stop();
      context.stop();
    }
  }

  @Benchmark
  public byte[] encode(FormatState state) {
    return state.encoder.encode(state.event);
  }
}
