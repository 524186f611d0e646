package dev.logcontext.benchmarks;

import dev.logcontext.Scope;
import dev.logcontext.log4j2.LogContextJsonLayout;
import dev.logcontext.log4j2.LogContextThreadContextMap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.ContextDataInjectorFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.ByteBufferDestination;
import org.apache.logging.log4j.core.layout.ByteBufferDestinationHelper;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessageFactory;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;
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
 * Log4j2 layouts on the design's encoder workload ({@link EncoderWorkload}), on one {@code
 * Log4jLogEvent} built in set-up: {@link #toByteArray} (a new array per event) and {@link #encode}
 * (the garbage-free path Log4j's file and console appenders take, into a reusable {@code
 * ByteBufferDestination} that drops what it is given).
 *
 * <p>The event's context data is what Log4j's context data injector supplies with our plugin
 * installed ({@link LogContextThreadContextMap} selected by the plugin jar's {@code
 * log4j2.component.properties}), captured with the five fields bound in LogContext and {@code
 * user_id} a {@code Long}; every layout gets that same event. Its message was formatted once in
 * set-up (Log4j caches it), as Logback's {@code prepareForDeferredProcessing()} does on the Logback
 * side.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class Log4j2LayoutBenchmark {
  /**
   * {@code logcontext}: our {@code LogContextJsonLayout}, defaults; {@code jtl-ecs} and {@code
   * jtl-logstash}: {@code JsonTemplateLayout} with {@code classpath:EcsLayout.json} and {@code
   * classpath:LogstashJsonEventLayoutV1.json}; {@code pattern}: {@code PatternLayout} with {@link
   * EncoderWorkload#PATTERN}.
   */
  @Param({"logcontext", "jtl-ecs", "jtl-logstash", "pattern"})
  public String layout;

  /** Whether the event carries the 20-frame exception. */
  @Param({"false", "true"})
  public boolean exception;

  private Layout<?> target;
  private LogEvent event;
  private final NullDestination destination = new NullDestination();

  @Setup
  public void setUp() {
    event = newEvent(exception);
    Configuration configuration = new DefaultConfiguration();
    target = newLayout(layout, configuration);
    String array = EncoderWorkload.text(target.toByteArray(event));
    checkOutput(layout, array, exception);
    target.encode(event, destination);
    String encoded = destination.drainToString();
    if (!encoded.equals(array)) {
      throw new IllegalStateException(
          layout + ": encode and toByteArray differ:\n" + encoded + "\n" + array);
    }
  }

  @TearDown
  public void tearDown() {
    if (destination.drained == 0) {
      throw new IllegalStateException(layout + " wrote nothing");
    }
  }

  /** {@code Layout.toByteArray(event)}: the event as a new byte array. */
  @Benchmark
  public byte[] toByteArray() {
    return target.toByteArray(event);
  }

  /** {@code Layout.encode(event, destination)}; the destination is emptied after each event. */
  @Benchmark
  public int encode() {
    target.encode(event, destination);
    return destination.reset();
  }

  private static LogEvent newEvent(boolean exception) {
    if (!(ThreadContext.getThreadContextMap() instanceof LogContextThreadContextMap)) {
      throw new IllegalStateException(
          "Log4j's ThreadContextMap is "
              + ThreadContext.getThreadContextMap()
              + ", not LogContextThreadContextMap: is the plugin's log4j2.component.properties"
              + " in the jar?");
    }
    StringMap contextData;
    Scope fields = EncoderWorkload.bind();
    try {
      contextData =
          ContextDataInjectorFactory.createInjector()
              .injectContextData(null, new SortedArrayStringMap());
    } finally {
      fields.close();
    }
    if (contextData.size() != Fields.NAMES.length
        || !EncoderWorkload.USER_ID.equals(contextData.getValue("user_id"))
        || !EncoderWorkload.REQUEST_ID.equals(contextData.getValue("request_id"))) {
      throw new IllegalStateException("unexpected context data " + contextData);
    }
    Message message =
        ParameterizedMessageFactory.INSTANCE.newMessage(
            EncoderWorkload.MESSAGE, EncoderWorkload.ORDER, EncoderWorkload.CUSTOMER);
    if (!EncoderWorkload.FORMATTED.equals(message.getFormattedMessage())) {
      throw new IllegalStateException("unexpected message " + message.getFormattedMessage());
    }
    return Log4jLogEvent.newBuilder()
        .setLoggerName(EncoderWorkload.LOGGER)
        .setLoggerFqcn(org.apache.logging.log4j.spi.AbstractLogger.class.getName())
        .setLevel(Level.INFO)
        .setMessage(message)
        .setThrown(exception ? EncoderWorkload.exception() : null)
        .setTimeMillis(EncoderWorkload.TIMESTAMP)
        .setThreadName(EncoderWorkload.THREAD)
        .setThreadId(1)
        .setThreadPriority(Thread.NORM_PRIORITY)
        .setContextData(contextData)
        .setContextStack(ThreadContext.EMPTY_STACK)
        .setIncludeLocation(false)
        .build();
  }

  private static Layout<?> newLayout(String kind, Configuration configuration) {
    Layout<?> layout;
    switch (kind) {
      case "logcontext":
        layout = LogContextJsonLayout.newBuilder().setConfiguration(configuration).build();
        break;
      case "jtl-ecs":
        layout = template(configuration, "classpath:EcsLayout.json");
        break;
      case "jtl-logstash":
        layout = template(configuration, "classpath:LogstashJsonEventLayoutV1.json");
        break;
      case "pattern":
        layout =
            PatternLayout.newBuilder()
                .setConfiguration(configuration)
                .setPattern(EncoderWorkload.PATTERN)
                .build();
        break;
      default:
        throw new IllegalArgumentException("unknown layout " + kind);
    }
    if (layout == null) {
      throw new IllegalStateException(kind + " was not created");
    }
    return layout;
  }

  private static Layout<?> template(Configuration configuration, String uri) {
    return JsonTemplateLayout.newBuilder()
        .setConfiguration(configuration)
        .setEventTemplateUri(uri)
        .build();
  }

  private static void checkOutput(String kind, String line, boolean exception) {
    String userId;
    switch (kind) {
      case "logcontext":
        userId = "\"user_id\":42";
        break;
      case "jtl-ecs":
      case "jtl-logstash":
        userId = "\"user_id\":";
        break;
      default:
        userId = null;
        break;
    }
    EncoderWorkload.checkEvent(kind, line, userId, exception);
  }

  /**
   * A reusable destination that drops what it is given: the layout writes into its buffer, and a
   * full buffer is emptied in place. Single-threaded, as a benchmark state.
   */
  static final class NullDestination implements ByteBufferDestination {
    private final ByteBuffer buffer = ByteBuffer.allocate(8192);
    long drained;

    @Override
    public ByteBuffer getByteBuffer() {
      return buffer;
    }

    @Override
    public ByteBuffer drain(ByteBuffer buf) {
      drained += buf.position();
      buf.clear();
      return buf;
    }

    @Override
    public void writeBytes(ByteBuffer data) {
      ByteBufferDestinationHelper.writeToUnsynchronized(data, this);
    }

    @Override
    public void writeBytes(byte[] data, int offset, int length) {
      ByteBufferDestinationHelper.writeToUnsynchronized(data, offset, length, this);
    }

    /** Empties the buffer as an appender's flush would; returns how many bytes it held. */
    int reset() {
      int position = buffer.position();
      drained += position;
      buffer.clear();
      return position;
    }

    /** Returns what the buffer holds as text and empties it (set-up checks only). */
    String drainToString() {
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      reset();
      return text;
    }
  }
}
