package dev.logcontext.benchmarks;

import dev.logcontext.EventFields;
import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import dev.logcontext.TraceFields;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
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

/**
 * What the Logback and Log4j2 bridges pay per event for the event-time hook, with five fields
 * bound: {@code LogContext.capture()} (what they called before), {@code EventFields.capture()} with
 * no source installed, with a source that asks OpenTelemetry's {@code Span.current()} and finds no
 * span, and with a source that binds a trace and span id on every event (the cost when a span is
 * current). Each benchmark runs in its own fork, so the sources one installs never reach another.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsPrepend = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider")
public class EventFieldsBenchmark {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  /** Installs a source for the whole trial; none for the baselines. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class OtelSource {
    private EventFields.Registration registration;

    @Setup(Level.Trial)
    public void install() {
      registration =
          EventFields.install(
              context -> {
                SpanContext span = Span.current().getSpanContext();
                return span.isValid()
                    ? TraceFields.with(
                        context, span.getTraceId(), span.getSpanId(), span.getTraceFlags().asHex())
                    : context;
              });
    }

    @TearDown(Level.Trial)
    public void uninstall() {
      registration.close();
    }
  }

  /** A source that always reports the same span. */
  @State(org.openjdk.jmh.annotations.Scope.Benchmark)
  public static class SpanSource {
    private EventFields.Registration registration;

    @Setup(Level.Trial)
    public void install() {
      registration = EventFields.install(context -> TraceFields.with(context, TRACE, SPAN, "01"));
    }

    @TearDown(Level.Trial)
    public void uninstall() {
      registration.close();
    }
  }

  @Benchmark
  public Snapshot logContextCapture(FiveFieldsState fields) {
    return LogContext.capture();
  }

  @Benchmark
  public Snapshot eventFieldsNoSource(FiveFieldsState fields) {
    return EventFields.capture();
  }

  @Benchmark
  public Snapshot eventFieldsOtelSourceNoSpan(FiveFieldsState fields, OtelSource source) {
    return EventFields.capture();
  }

  @Benchmark
  public Snapshot eventFieldsSpanSource(FiveFieldsState fields, SpanSource source) {
    return EventFields.capture();
  }
}
