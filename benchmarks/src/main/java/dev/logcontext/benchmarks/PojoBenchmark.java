package dev.logcontext.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.ValueConverter;
import dev.logcontext.jackson.JacksonValueConverter;
import dev.logcontext.logback.LogContextMDCAdapter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.argument.StructuredArguments;
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
import org.slf4j.event.KeyValuePair;

/**
 * An event carrying a 10-field POJO, written as nested JSON: ours (through {@code
 * logging-context-jackson}) against logstash-logback-encoder's {@code
 * StructuredArguments.value("order", pojo)}.
 *
 * <p>{@link #encode}: one {@code Encoder.encode(event)} on an event built once in set-up, as in
 * {@link LogbackEncoderBenchmark}. {@code logcontext-bound}: the POJO was bound with {@code
 * LogContext.with("order", pojo)} when the event was created, so the event carries the tree made at
 * bind time; {@code logcontext-kv}: the POJO is an SLF4J key-value, converted while encoding;
 * {@code logstash-value}: the POJO is a {@code value(..)} argument, serialized while encoding.
 *
 * <p>{@link #bindAndEncode}: the whole cost for one line, conversion included: ours binds the POJO
 * (converting it), creates the event and encodes it; logstash creates the event with the argument
 * and encodes it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PojoBenchmark {
  private static final String MESSAGE = "Order placed";

  /** A domain object with ten properties of the usual kinds, read through getters. */
  public static final class Order {
    private final long id = 1001L;
    private final String customer = "alice";
    private final String sku = "SKU-7781";
    private final int quantity = 3;
    private final BigDecimal price = new BigDecimal("19.90");
    private final boolean express = true;
    private final String currency = "EUR";
    private final long createdAt = 1767225600123L;
    private final String channel = "web";
    private final double weight = 1.25;

    public long getId() {
      return id;
    }

    public String getCustomer() {
      return customer;
    }

    public String getSku() {
      return sku;
    }

    public int getQuantity() {
      return quantity;
    }

    public BigDecimal getPrice() {
      return price;
    }

    public boolean isExpress() {
      return express;
    }

    public String getCurrency() {
      return currency;
    }

    public long getCreatedAt() {
      return createdAt;
    }

    public String getChannel() {
      return channel;
    }

    public double getWeight() {
      return weight;
    }
  }

  /** What every variant's line must hold: the ten properties, nested under {@code order}. */
  private static final String[] EXPECTED = {
    "\"order\":{",
    "\"id\":1001",
    "\"customer\":\"alice\"",
    "\"sku\":\"SKU-7781\"",
    "\"quantity\":3",
    "\"price\":19.90",
    "\"express\":true",
    "\"currency\":\"EUR\"",
    "\"createdAt\":1767225600123",
    "\"channel\":\"web\"",
    "\"weight\":1.25"
  };

  /** The encoder and the POJO of one variant, with their Logback context. */
  static final class Fixture {
    final String variant;
    final Order order = new Order();
    final LoggerContext context = new LoggerContext();
    final Encoder<ILoggingEvent> encoder;

    Fixture(String variant) {
      this.variant = variant;
      JacksonValueConverter.install(new ObjectMapper());
      context.setName("benchmark");
      context.setMDCAdapter(new LogContextMDCAdapter());
      context.start();
      encoder =
          LogbackEncoderBenchmark.newEncoder(
              variant.startsWith("logstash") ? "logstash" : "logcontext", context);
    }

    /** Creates the event of this variant, binding the POJO first when the variant binds it. */
    LoggingEvent newEvent() {
      Logger logger = context.getLogger(EncoderWorkload.LOGGER);
      LoggingEvent event;
      switch (variant) {
        case "logcontext-bound" -> {
          Scope bound = LogContext.with("order", order);
          try {
            event = event(logger, null);
          } finally {
            bound.close();
          }
        }
        case "logcontext-kv" -> {
          event = event(logger, null);
          event.addKeyValuePair(new KeyValuePair("order", order));
        }
        case "logstash-value" ->
            event = event(logger, new Object[] {StructuredArguments.value("order", order)});
        default -> throw new IllegalArgumentException("unknown variant " + variant);
      }
      return event;
    }

    void check(byte[] line) {
      EncoderWorkload.check(variant, EncoderWorkload.text(line), EXPECTED);
    }

    void stop() {
      encoder.stop();
      context.stop();
      ValueConverter.install(null);
    }
  }

  /** The fixture and, for {@link #encode}, the prebuilt event. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class EncodeState {
    /** See the class comment. */
    @Param({"logcontext-bound", "logcontext-kv", "logstash-value"})
    public String variant;

    Fixture fixture;
    ILoggingEvent event;

    @Setup
    public void setUp() {
      fixture = new Fixture(variant);
      event = fixture.newEvent();
      fixture.check(fixture.encoder.encode(event));
    }

    @TearDown
    public void tearDown() {
      fixture.stop();
    }
  }

  /** The fixture for {@link #bindAndEncode}: the event is made in the measured call. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class BindState {
    /** {@code logcontext}: bind, event, encode; {@code logstash}: event with value(..), encode. */
    @Param({"logcontext", "logstash"})
    public String tool;

    Fixture fixture;

    @Setup
    public void setUp() {
      fixture = new Fixture(tool.equals("logstash") ? "logstash-value" : "logcontext-bound");
      fixture.check(fixture.encoder.encode(fixture.newEvent()));
    }

    @TearDown
    public void tearDown() {
      fixture.stop();
    }
  }

  private static LoggingEvent event(Logger logger, Object[] arguments) {
    LoggingEvent event =
        new LoggingEvent(Logger.class.getName(), logger, Level.INFO, MESSAGE, null, arguments);
    event.setThreadName(EncoderWorkload.THREAD);
    event.setInstant(Instant.ofEpochMilli(EncoderWorkload.TIMESTAMP));
    event.prepareForDeferredProcessing();
    return event;
  }

  /** Encodes the prebuilt event; returns the bytes. */
  @Benchmark
  public byte[] encode(EncodeState state) {
    return state.fixture.encoder.encode(state.event);
  }

  /** Binds or passes the POJO, creates the event and encodes it; returns the bytes. */
  @Benchmark
  public byte[] bindAndEncode(BindState state) {
    return state.fixture.encoder.encode(state.fixture.newEvent());
  }
}
