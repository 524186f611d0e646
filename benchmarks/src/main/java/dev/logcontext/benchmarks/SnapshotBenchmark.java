package dev.logcontext.benchmarks;

import dev.logcontext.Snapshot;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Snapshot} operations by number of fields: the core scans a flat array up to 8 keys and
 * builds a hash index, once per key set, above that. OpenTelemetry's {@code Context} (flat array,
 * identity scan, always) is measured beside it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SnapshotBenchmark {
  @Param({"1", "2", "4", "8", "16", "32", "64"})
  public int size;

  private Snapshot snapshot;
  private Context otel;
  private String lastKey;
  private ContextKey<String> otelLastKey;
  private final String newKey = "new_key";
  private final ContextKey<String> otelNewKey = ContextKey.named("new_key");
  private final String changedValue = "changed";

  @Setup
  public void setUp() {
    Snapshot s = Snapshot.empty();
    Context c = Context.root();
    for (int i = 0; i < size; i++) {
      String key = "field_" + i;
      ContextKey<String> otelKey = ContextKey.named(key);
      s = s.with(key, "value-" + i);
      c = c.with(otelKey, "value-" + i);
      lastKey = key;
      otelLastKey = otelKey;
    }
    snapshot = s;
    otel = c;
    if (snapshot.size() != size || !("value-" + (size - 1)).equals(snapshot.get(lastKey))) {
      throw new IllegalStateException("snapshot not built as expected");
    }
  }

  /** {@code get} of the last key bound (the worst case of a scan). */
  @Benchmark
  public Object getLast() {
    return snapshot.get(lastKey);
  }

  /** {@code with} of a key not yet bound (appends; the result has no index yet). */
  @Benchmark
  public Snapshot withNewKey() {
    return snapshot.with(newKey, changedValue);
  }

  /** {@code with} of the last key, to a different value (replaces in place; shares the index). */
  @Benchmark
  public Snapshot withExistingKey() {
    return snapshot.with(lastKey, changedValue);
  }

  /** {@code with} of a new key, then {@code get} of a key on the result: bind, then read. */
  @Benchmark
  public Object withNewKeyThenGet() {
    return snapshot.with(newKey, changedValue).get(lastKey);
  }

  @Benchmark
  public Object otelGetLast() {
    return otel.get(otelLastKey);
  }

  @Benchmark
  public Context otelWithNewKey() {
    return otel.with(otelNewKey, changedValue);
  }

  @Benchmark
  public Context otelWithExistingKey() {
    return otel.with(otelLastKey, changedValue);
  }
}
