package dev.logcontext.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.Status;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.json.ByteSink;
import dev.logcontext.logback.LogContextConsoleAppender;
import dev.logcontext.logback.LogContextFileAppender;
import dev.logcontext.logback.LogContextJsonEncoder;
import dev.logcontext.logback.LogContextMDCAdapter;
import dev.logcontext.logback.LogContextServiceProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
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
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logback encoders on the design's encoder workload ({@link EncoderWorkload}).
 *
 * <p>{@link #encode}: one {@code Encoder.encode(event)} call on an event built once in set-up, with
 * its MDC and formatted message captured ({@code prepareForDeferredProcessing()}), so what is
 * measured is the encoding alone. The event's MDC was captured through our {@link
 * LogContextMDCAdapter} with {@code user_id} a {@code Long}: our encoder writes the typed snapshot
 * behind it, the others read it as the strings of a {@code Map<String, String>}. The {@code
 * *-logback-mdc} variants give the same encoder an event whose MDC Logback's own {@link
 * LogbackMDCAdapter} captured (the same five fields as strings), which is how those encoders are
 * used without our provider.
 *
 * <p>{@link #encodeIntoStream}: our encoder on the same event, writing the line from its pooled
 * buffer into a stream instead of returning an array, as our appenders do.
 *
 * <p>{@link #endToEnd}: {@code logger.info("Order {} placed for {}", a, b)} with the five fields
 * bound, through SLF4J with our provider, a synchronous {@code OutputStreamAppender} (ours for
 * {@code logcontext-direct}) and the encoder, into an output stream that drops the bytes.
 *
 * <p>logstash-logback-encoder 9.0 (on Jackson 3) is the version measured: 8.1, the last on Jackson
 * 2, has the same package names and cannot share this jar.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsPrepend = "-Dslf4j.provider=dev.logcontext.logback.LogContextServiceProvider")
public class LogbackEncoderBenchmark {

  /** One encoder and one prebuilt event. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class EncoderState {
    /**
     * {@code logcontext}: our {@code LogContextJsonEncoder}; {@code pattern}: {@code
     * PatternLayoutEncoder} with {@link EncoderWorkload#PATTERN}; {@code logback-json}: Logback's
     * {@code JsonEncoder} writing the formatted message (not the raw pattern and arguments), as our
     * encoder does; {@code logstash}: logstash-logback-encoder's {@code LogstashEncoder}, defaults.
     */
    @Param({
      "logcontext",
      "pattern",
      "logback-json",
      "logstash",
      "logback-json-logback-mdc",
      "logstash-logback-mdc"
    })
    public String encoder;

    /** Whether the event carries the 20-frame exception. */
    @Param({"false", "true"})
    public boolean exception;

    Encoder<ILoggingEvent> target;
    ILoggingEvent event;
    private LoggerContext context;

    @Setup
    public void setUp() {
      boolean logbackMdc = encoder.endsWith("-logback-mdc");
      String kind = logbackMdc ? encoder.substring(0, encoder.length() - 12) : encoder;
      context = loggerContext(logbackMdc ? new LogbackMDCAdapter() : new LogContextMDCAdapter());
      event =
          logbackMdc ? logbackMdcEvent(context, exception) : logContextEvent(context, exception);
      target = newEncoder(kind, context);
      String line = EncoderWorkload.text(target.encode(event));
      checkOutput(kind, line, !logbackMdc, exception);
    }

    @TearDown
    public void tearDown() {
      target.stop();
      context.stop();
    }
  }

  /**
   * Our encoder writing the line from its pooled buffer into a stream ({@code encode(event, target,
   * sink)}), as {@link LogContextFileAppender} and {@link LogContextConsoleAppender} do: the same
   * bytes as {@link #encode} without the array Logback's {@code Encoder} API returns.
   */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class IntoStreamState {
    /** Whether the event carries the 20-frame exception. */
    @Param({"false", "true"})
    public boolean exception;

    LogContextJsonEncoder encoder;
    ILoggingEvent event;
    final EncoderWorkload.NullOutputStream out = new EncoderWorkload.NullOutputStream();
    private LoggerContext context;

    @Setup
    public void setUp() {
      context = loggerContext(new LogContextMDCAdapter());
      event = logContextEvent(context, exception);
      encoder = (LogContextJsonEncoder) newEncoder("logcontext", context);
      out.capture(true);
      encoder.encode(event, out, INTO_STREAM);
      String line = out.captured();
      out.capture(false);
      checkOutput("logcontext", line, true, exception);
      if (!line.equals(EncoderWorkload.text(encoder.encode(event)))) {
        throw new IllegalStateException("the stream and the array differ: " + line);
      }
    }

    @TearDown
    public void tearDown() {
      encoder.stop();
      context.stop();
    }
  }

  private static final ByteSink<OutputStream> INTO_STREAM =
      (out, bytes, offset, length) -> {
        try {
          out.write(bytes, offset, length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };

  /** The whole logging path, with the provider checked. */
  @State(org.openjdk.jmh.annotations.Scope.Thread)
  public static class EndToEndState {
    /**
     * The encoder of the appender; see {@link EncoderState#encoder}. {@code logcontext-direct}: our
     * encoder in {@link LogContextConsoleAppender} (its stream replaced by the null stream), which
     * writes lines without an array per event; the others are in an {@code OutputStreamAppender}.
     */
    @Param({"logcontext", "logcontext-direct", "logstash", "logback-json", "pattern"})
    public String encoder;

    org.slf4j.Logger logger;
    private final EncoderWorkload.NullOutputStream out = new EncoderWorkload.NullOutputStream();
    private OutputStreamAppender<ILoggingEvent> appender;
    private Scope fields;
    private String threadName;

    /** Runs on the benchmark thread: binds the fields there and names it like the workload. */
    @Setup
    public void setUp() {
      LoggerContext context = checkedProviderContext();
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.detachAndStopAllAppenders();
      root.setLevel(Level.INFO);
      boolean direct = encoder.equals("logcontext-direct");
      String kind = direct ? "logcontext" : encoder;
      appender = direct ? new LogContextConsoleAppender() : new OutputStreamAppender<>();
      appender.setContext(context);
      appender.setName("benchmark");
      appender.setEncoder(newEncoder(kind, context));
      if (direct) {
        appender.start(); // on System.out, then onto the null stream
        appender.setOutputStream(out);
      } else {
        appender.setOutputStream(out);
        appender.start();
      }
      root.addAppender(appender);
      logger = LoggerFactory.getLogger(EncoderWorkload.LOGGER);

      threadName = Thread.currentThread().getName();
      Thread.currentThread().setName(EncoderWorkload.THREAD);
      fields = EncoderWorkload.bind();
      out.capture(true);
      logger.info(EncoderWorkload.MESSAGE, EncoderWorkload.ORDER, EncoderWorkload.CUSTOMER);
      checkOutput(kind, out.captured(), true, false);
      out.capture(false);
      checkNoErrors(context, "end-to-end " + encoder);
    }

    @TearDown
    public void tearDown() {
      fields.close();
      Thread.currentThread().setName(threadName);
      if (LogContext.capture().size() != 0) {
        throw new IllegalStateException("context left behind after the trial");
      }
      Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("ROOT");
      root.detachAndStopAllAppenders();
      if (out.bytes == 0) {
        throw new IllegalStateException("nothing was written end to end");
      }
    }
  }

  /** Encodes the prebuilt event; returns the bytes. */
  @Benchmark
  public byte[] encode(EncoderState state) {
    return state.target.encode(state.event);
  }

  /** Encodes the prebuilt event into a stream that drops the bytes; returns the length. */
  @Benchmark
  public int encodeIntoStream(IntoStreamState state) {
    return state.encoder.encode(state.event, state.out, INTO_STREAM);
  }

  /** Logs the workload's event through SLF4J, Logback and the appender. */
  @Benchmark
  public void endToEnd(EndToEndState state) {
    state.logger.info(EncoderWorkload.MESSAGE, EncoderWorkload.ORDER, EncoderWorkload.CUSTOMER);
  }

  static LoggerContext loggerContext(LogbackMDCAdapter mdc) {
    LoggerContext context = new LoggerContext();
    context.setName("benchmark");
    context.setMDCAdapter(mdc);
    context.start();
    return context;
  }

  /** The event with the five fields captured through our MDC adapter, as a snapshot view. */
  static ILoggingEvent logContextEvent(LoggerContext context, boolean exception) {
    LoggingEvent event;
    Scope fields = EncoderWorkload.bind();
    try {
      event = newEvent(context, exception);
    } finally {
      fields.close();
    }
    if (LogContextMDCAdapter.snapshotOf(event.getMDCPropertyMap()) == null
        || event.getMDCPropertyMap().size() != Fields.NAMES.length) {
      throw new IllegalStateException("the event's MDC did not come through LogContextMDCAdapter");
    }
    return event;
  }

  /** The event with the five fields as strings in Logback's own MDC. */
  private static ILoggingEvent logbackMdcEvent(LoggerContext context, boolean exception) {
    LogbackMDCAdapter mdc = (LogbackMDCAdapter) context.getMDCAdapter();
    for (int i = 0; i < Fields.NAMES.length; i++) {
      mdc.put(Fields.NAMES[i], Fields.VALUES[i]);
    }
    LoggingEvent event;
    try {
      event = newEvent(context, exception);
    } finally {
      mdc.clear();
    }
    if (LogContextMDCAdapter.snapshotOf(event.getMDCPropertyMap()) != null
        || event.getMDCPropertyMap().size() != Fields.NAMES.length) {
      throw new IllegalStateException("the event's MDC is not Logback's own");
    }
    return event;
  }

  private static LoggingEvent newEvent(LoggerContext context, boolean exception) {
    Logger logger = context.getLogger(EncoderWorkload.LOGGER);
    LoggingEvent event =
        new LoggingEvent(
            Logger.class.getName(),
            logger,
            Level.INFO,
            EncoderWorkload.MESSAGE,
            exception ? EncoderWorkload.exception() : null,
            new Object[] {EncoderWorkload.ORDER, EncoderWorkload.CUSTOMER});
    event.setThreadName(EncoderWorkload.THREAD);
    event.setInstant(Instant.ofEpochMilli(EncoderWorkload.TIMESTAMP));
    event.prepareForDeferredProcessing();
    if (!EncoderWorkload.FORMATTED.equals(event.getFormattedMessage())) {
      throw new IllegalStateException("unexpected message " + event.getFormattedMessage());
    }
    return event;
  }

  static Encoder<ILoggingEvent> newEncoder(String kind, LoggerContext context) {
    Encoder<ILoggingEvent> encoder;
    switch (kind) {
      case "logcontext":
        encoder = new LogContextJsonEncoder();
        break;
      case "pattern":
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setPattern(EncoderWorkload.PATTERN);
        encoder = pattern;
        break;
      case "logback-json":
        JsonEncoder json = new JsonEncoder();
        json.setWithFormattedMessage(true);
        json.setWithMessage(false);
        json.setWithArguments(false);
        encoder = json;
        break;
      case "logstash":
        encoder = new LogstashEncoder();
        break;
      default:
        throw new IllegalArgumentException("unknown encoder " + kind);
    }
    encoder.setContext(context);
    encoder.start();
    if (!encoder.isStarted()) {
      throw new IllegalStateException(kind + " did not start");
    }
    checkNoErrors(context, kind);
    return encoder;
  }

  /** Throws unless {@code line} is the workload's event as {@code kind} writes it. */
  static void checkOutput(String kind, String line, boolean typed, boolean exception) {
    String userId;
    switch (kind) {
      case "logcontext":
        userId = typed ? "\"user_id\":42," : "\"user_id\":\"42\"";
        break;
      case "logstash":
        userId = "\"user_id\":\"42\"";
        break;
      case "logback-json":
        // It nests the MDC in an object of its own ("mdc": {...}), with a space after the colon.
        EncoderWorkload.check(
            kind, line, "\"user_id\"", "\"42\"", "\"tenant\"", "\"acme\"", "\"sess-7f3a9c\"");
        userId = null;
        break;
      default:
        userId = null;
        break;
    }
    EncoderWorkload.checkEvent(kind, line, userId, exception);
  }

  /**
   * Returns SLF4J's Logback context after checking that our provider is SLF4J's, with our MDC
   * adapter on both sides: that is what the end-to-end path measures.
   */
  static LoggerContext checkedProviderContext() {
    if (!LogContextServiceProvider.class.getName().equals(System.getProperty("slf4j.provider"))) {
      throw new IllegalStateException(
          "start the fork with -Dslf4j.provider=" + LogContextServiceProvider.class.getName());
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)
        || MDC.getMDCAdapter() == null
        || MDC.getMDCAdapter().getClass() != LogContextMDCAdapter.class
        || ((LoggerContext) LoggerFactory.getILoggerFactory()).getMDCAdapter()
            != MDC.getMDCAdapter()) {
      throw new IllegalStateException(
          "SLF4J is not bound through LogContextServiceProvider: MDC adapter "
              + MDC.getMDCAdapter()
              + ", logger factory "
              + LoggerFactory.getILoggerFactory());
    }
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  static void checkNoErrors(LoggerContext context, String what) {
    for (Status status : context.getStatusManager().getCopyOfStatusList()) {
      if (status.getEffectiveLevel() >= Status.WARN) {
        throw new IllegalStateException(what + ": " + status);
      }
    }
  }
}
