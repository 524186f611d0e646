package dev.logcontext.micrometer;

import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import io.micrometer.context.ThreadLocalAccessor;

/**
 * The {@link ThreadLocalAccessor} for LogContext: context-propagation captures the current {@link
 * Snapshot} by reference and makes it current on the thread that continues the work, so typed
 * fields ({@code "user_id":42}) cross Reactor schedulers, decorated task executors and Observation
 * scopes, at O(1) per hop: a capture reads one reference, setting it opens one scope.
 *
 * <p>With this jar on the class path, {@code ContextRegistry.getInstance()} loads the accessor
 * through {@code META-INF/services} under the key {@value #KEY}; register it by hand only on a
 * registry of your own ({@code new ContextRegistry().registerThreadLocalAccessor(new
 * LogContextAccessor())}). For Reactor, enable {@code Hooks.enableAutomaticContextPropagation()} or
 * call {@code contextCapture()}:
 *
 * <pre>{@code
 * Hooks.enableAutomaticContextPropagation();
 * try (Scope scope = LogContext.with("user_id", 42L)) {
 *   Mono.fromCallable(this::load)
 *       .subscribeOn(Schedulers.boundedElastic())
 *       .doOnNext(v -> log.info("loaded"))     // carries "user_id":42
 *       .block();
 * }
 * }</pre>
 *
 * <p>How a hop is paired. {@link #setValue(Snapshot)} and {@link #setValue()} attach the snapshot
 * ({@link Snapshot#attach()}) and keep the returned scope on a small per-thread stack; {@link
 * #restore(Snapshot)} and {@link #restore()} close that scope on the same thread, which restores
 * exactly the worker's own context and also ends any scope that code inside the hop opened and left
 * open (reported as scope misuse), so nothing bound inside a hop stays on the worker. A restore
 * whose previous value does not match the innermost attached scope (calls that were not paired)
 * closes the scopes attached after the matching one first; with no match it makes the previous
 * value current without closing anything. An empty context is reported as null by {@link
 * #getValue()}, context-propagation's "nothing to propagate": the key is then absent from the
 * captured snapshot, and a snapshot that clears missing keys calls {@link #setValue()}, which makes
 * the empty context current for the hop.
 *
 * <p>Micrometer's {@code Slf4jThreadLocalAccessor} is not needed beside it when LogContext is
 * Logback's MDC: {@code MDC.put} fields are part of the snapshot. Registered too, it works
 * alongside: context-propagation sets accessors in registration order and restores them in reverse
 * order, so its restore of the MDC happens inside this accessor's scope, and closing that scope
 * gives the worker back its own context; whether the MDC accessor's string copy replaces the typed
 * fields during the hop depends on the MDC bridge's round trip ({@code MDC.getCopyOfContextMap()}
 * then {@code setContextMap}).
 *
 * <p>Thread-safety: one instance serves every thread; each call acts on the calling thread's
 * context only, and a value set on a thread must be restored on that thread, as context-propagation
 * does. Bad input: a null value in {@link #setValue(Snapshot)} or {@link #restore(Snapshot)} means
 * the empty context. In strict mode ({@code dev.logcontext.ScopeChecks}), a restore that ends a
 * scope left open inside the hop throws {@code ScopeMisuseException} after restoring.
 */
public final class LogContextAccessor implements ThreadLocalAccessor<Snapshot> {
  /** The key under which the snapshot is stored in a {@code ContextSnapshot} or Reactor context. */
  public static final String KEY = "dev.logcontext";

  /** Creates the accessor; it holds no state of its own (the scopes it opens are per thread). */
  public LogContextAccessor() {}

  /** Returns {@value #KEY}. */
  @Override
  public Object key() {
    return KEY;
  }

  /** Returns the current snapshot, or null when the context is empty (nothing to propagate). */
  @Override
  public Snapshot getValue() {
    Snapshot current = LogContext.capture();
    return current.isEmpty() ? null : current;
  }

  /** Makes {@code value} the current context until the matching {@link #restore(Snapshot)}. */
  @Override
  public void setValue(Snapshot value) {
    AttachedScopes.current().attach(value == null ? Snapshot.empty() : value);
  }

  /** Makes the empty context current until the matching {@link #restore(Snapshot)}. */
  @Override
  public void setValue() {
    AttachedScopes.current().attach(Snapshot.empty());
  }

  /** Closes the scope the matching set opened: {@code previousValue} is current again. */
  @Override
  public void restore(Snapshot previousValue) {
    AttachedScopes.current().restore(previousValue == null ? Snapshot.empty() : previousValue);
  }

  /** Closes the scope the matching set opened, when the thread's context was empty before it. */
  @Override
  public void restore() {
    AttachedScopes.current().restore(Snapshot.empty());
  }

  @Override
  public String toString() {
    return "LogContextAccessor[" + KEY + "]";
  }
}
