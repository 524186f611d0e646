package dev.logcontext.benchmarks;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import io.opentelemetry.context.Context;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.MDC;

/**
 * The benchmark thread with the five fields bound at once in logging-context, OpenTelemetry and
 * MDC, so that every competitor reads, captures or propagates the same five fields.
 *
 * <p>Bound per iteration on the benchmark thread itself (JMH runs iteration set-up there), and
 * checked, so that no benchmark measures an empty context by accident.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class FiveFieldsState {
  private Scope logContextScope;
  private io.opentelemetry.context.Scope otelScope;

  /** A trivial task with no allocation, the same for every competitor. */
  public final Runnable task = this::count;

  /** Written by {@link #task}, so that running the task is not dead code. */
  public long runs;

  private void count() {
    runs++;
  }

  @Setup(Level.Iteration)
  public void bind() {
    Fields.logbackAdapter();
    Scope scope = LogContext.with(Fields.NAMES[0], Fields.VALUES[0]);
    Context otel = Context.current();
    for (int i = 0; i < Fields.NAMES.length; i++) {
      if (i > 0) {
        scope.and(Fields.NAMES[i], Fields.VALUES[i]);
      }
      otel = otel.with(Fields.OTEL_KEYS.get(i), Fields.VALUES[i]);
      MDC.put(Fields.NAMES[i], Fields.VALUES[i]);
    }
    logContextScope = scope;
    otelScope = otel.makeCurrent();
    check();
  }

  @TearDown(Level.Iteration)
  public void unbind() {
    check();
    otelScope.close();
    logContextScope.close();
    MDC.clear();
    if (LogContext.capture().size() != 0 || Context.current() != Context.root()) {
      throw new IllegalStateException("context left behind after the iteration");
    }
  }

  /** Throws unless all three hold the five fields on this thread. */
  void check() {
    if (LogContext.capture().size() != Fields.NAMES.length
        || !Fields.TENANT_VALUE.equals(LogContext.get(Fields.TENANT))
        || !Fields.TENANT_VALUE.equals(Context.current().get(Fields.OTEL_TENANT))
        || MDC.getCopyOfContextMap().size() != Fields.NAMES.length
        || !Fields.TENANT_VALUE.equals(MDC.get(Fields.TENANT))) {
      throw new IllegalStateException("the five fields are not bound on this thread");
    }
  }
}
