package dev.logcontext.benchmarks;

import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import dev.logcontext.kotlin.LogContextElement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.slf4j.MDCContext;
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
import org.slf4j.MDC;

/**
 * The propagation cost of a coroutine resumption with five fields: a coroutine suspended with its
 * context element is resumed through a dispatcher of its own that runs the resumption on the
 * benchmark thread (standing for a worker of another dispatcher, whose own context is empty), reads
 * one field, and suspends again; the element installs its fields on resumption and gives the thread
 * its context back on suspension. {@code LogContextElement} attaches a snapshot (one scope object);
 * kotlinx-coroutines-slf4j's {@code MDCContext} copies the thread's MDC map and sets its own five
 * strings (two map copies). {@code resume_noElement} is the same resumption with nothing to
 * propagate: the coroutine machinery's own cost, to subtract.
 *
 * <p>The pool's own cost (waking another thread) is not measured: it is the same for both and
 * dwarfs the difference (tens of microseconds on a busy machine).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Logback's own SLF4J provider: the jar also holds ours (for the encoder benchmarks).
@Fork(
    value = 1,
    jvmArgsPrepend = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider")
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class CoroutineHopBenchmark {
  private SuspendedLoop logContext;
  private SuspendedLoop mdc;
  private SuspendedLoop none;

  @Setup(Level.Trial)
  public void start() {
    Fields.logbackAdapter();
    Snapshot fields = Snapshot.empty();
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < Fields.NAMES.length; i++) {
      fields = fields.with(Fields.NAMES[i], Fields.VALUES[i]);
      map.put(Fields.NAMES[i], Fields.VALUES[i]);
    }
    logContext =
        new SuspendedLoop(new LogContextElement(fields), () -> LogContext.get(Fields.TENANT));
    mdc = new SuspendedLoop(new MDCContext(map), () -> MDC.get(Fields.TENANT));
    none = new SuspendedLoop(EmptyCoroutineContext.INSTANCE, () -> Fields.TENANT_VALUE);
    for (SuspendedLoop loop : new SuspendedLoop[] {logContext, mdc, none}) {
      loop.resume();
      if (!Fields.TENANT_VALUE.equals(loop.getSeen())) {
        throw new IllegalStateException("the coroutine did not see its five fields");
      }
    }
    check();
  }

  @TearDown(Level.Trial)
  public void stop() {
    check();
    logContext.close();
    mdc.close();
    none.close();
  }

  /** Throws unless the benchmark thread's own context is empty, as a worker's is. */
  private static void check() {
    Map<String, String> copy = MDC.getCopyOfContextMap();
    if (!LogContext.capture().isEmpty() || (copy != null && !copy.isEmpty())) {
      throw new IllegalStateException("context left on the resuming thread");
    }
  }

  @Benchmark
  public Object resume_logContextElement() {
    logContext.resume();
    return logContext.getSeen();
  }

  @Benchmark
  public Object resume_mdcContext() {
    mdc.resume();
    return mdc.getSeen();
  }

  @Benchmark
  public Object resume_noElement() {
    none.resume();
    return none.getSeen();
  }
}
