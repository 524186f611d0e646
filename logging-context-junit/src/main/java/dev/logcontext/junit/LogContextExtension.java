package dev.logcontext.junit;

import dev.logcontext.LegacyBindings;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.ScopeChecks;
import dev.logcontext.ScopeMisuseException;
import dev.logcontext.Snapshot;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit 5 extension that keeps tests from sharing context: every test starts with an empty
 * context, runs with strict scope checks, and fails when it leaves fields bound on its thread.
 *
 * <p>Register it with {@code @ExtendWith(LogContextExtension.class)}, through {@link
 * WithLogContext}, or for every test by setting {@code
 * junit.jupiter.extensions.autodetection.enabled=true} (the jar lists it as a service). For each
 * test it:
 *
 * <ol>
 *   <li>clears any context the test thread holds before the test, without failing it: a test that
 *       left context behind has already failed, and context bound by a {@code @BeforeAll} method or
 *       another extension is not the test's doing;
 *   <li>turns {@linkplain ScopeChecks#setStrict(boolean) strict scope checks} on, so that a scope
 *       closed out of order or on another thread fails the test with both stack traces, and
 *       restores the previous setting after the last test running at the same time ends;
 *   <li>binds the fields of {@link WithLogContext} before {@code @BeforeEach} methods and unbinds
 *       them after {@code @AfterEach} methods;
 *   <li>resolves {@link LogCapture} parameters;
 *   <li>after the test, fails it (the test, not its class) with an {@link AssertionError} naming
 *       the keys, their values and the thread when the test thread holds fields it did not hold
 *       when the test began, or when a scope the test opened is still open; the thread is cleared
 *       either way.
 * </ol>
 *
 * <p>It checks the test's own thread, and the threads the test's tasks ran on: a pool worker that,
 * once the test ends, waits for its next task while holding fields outside any propagating task (a
 * task on a plain executor called {@code MDC.put} and never removed it, or left a scope open) fails
 * the test too, naming the keys and the worker. Tasks run through {@code
 * ContextExecutors.propagating(..)} executors cannot leave fields on the worker, since such
 * executors restore its context after every task. The check sees threads that first used the
 * context after the extension's first test began ({@link ScopeChecks#watchNewThreads()}); a worker
 * still busy a second after the test ended is not checked; with parallel test execution, a worker's
 * leftover may be reported by another test that ends at the same time. Each leftover is reported
 * once: the extension cannot clear another thread's context.
 *
 * <p>Thread-safety: stateless apart from a count of running tests, and the threads running tests
 * and the leftovers already reported, kept in JUnit's root store; safe with parallel test
 * execution, where strict mode, a global setting, stays on while any test runs. Bad input: a
 * malformed {@link WithLogContext} entry fails the test with an {@link
 * org.junit.jupiter.api.extension.ExtensionConfigurationException}.
 */
public final class LogContextExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LogContextExtension.class);
  private static final Object STATE = State.class;
  private static final String TEST_THREADS = "test threads";
  private static final String REPORTED = "reported leftovers";

  /** How often, and how far apart, busy threads holding context are looked at again. */
  private static final int IDLE_ROUNDS = 100;

  private static final long IDLE_PAUSE_MILLIS = 10;

  private static int running;
  private static boolean strictBefore;

  /** Creates the extension; JUnit calls this. */
  public LogContextExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    ScopeChecks.watchNewThreads();
    if (!LogContext.capture().isEmpty()) {
      LegacyBindings.clear();
    }
    Map<String, Object> fields = fieldsFor(context);
    enterStrict();
    Scope scope = null;
    try {
      // A scope even without fields: closing it after the test unwinds, and reports, any scope the
      // test left open, including one that binds nothing.
      scope = LogContext.with(fields);
      context.getStore(NAMESPACE).put(STATE, new State(scope, LogContext.capture()));
      testThreads(context).add(Thread.currentThread());
    } catch (RuntimeException | Error e) {
      if (scope != null) {
        scope.close();
      }
      exitStrict();
      throw e;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    State state = context.getStore(NAMESPACE).remove(STATE, State.class);
    if (state == null) {
      return;
    }
    String thread = Thread.currentThread().getName();
    Snapshot left = LogContext.capture();
    ScopeMisuseException misuse = null;
    Snapshot stillBound;
    try {
      if (state.scope != null) {
        try {
          state.scope.close();
        } catch (ScopeMisuseException e) {
          misuse = e;
        }
      }
      stillBound = LogContext.capture();
      if (!stillBound.isEmpty()) {
        LegacyBindings.clear();
      }
    } finally {
      exitStrict();
      testThreads(context).remove(Thread.currentThread());
      if (state.capture != null) {
        state.capture.stop();
      }
    }
    List<String> leaked = leakedKeys(left, state.bound);
    String onWorkers = leftOnWorkers(context);
    if (!leaked.isEmpty() || misuse != null || !stillBound.isEmpty()) {
      AssertionError failure =
          new AssertionError(
              "test left context bound on thread \""
                  + thread
                  + "\": keys "
                  + (leaked.isEmpty() ? stillBound.asMap().keySet() : leaked)
                  + " in "
                  + left
                  + (misuse == null ? "" : "; a scope it opened was still open")
                  + (onWorkers == null ? "" : "; and " + onWorkers),
              misuse);
      throw failure;
    }
    if (onWorkers != null) {
      throw new AssertionError("test left " + onWorkers);
    }
  }

  /**
   * Returns a description of the context that tasks left on other threads — pool workers that now
   * wait for their next task holding fields outside any propagating task — or null when there is
   * none. A thread still busy holding context is given a short while to finish (its context may be
   * a task's own scope, about to close); one still busy after it is not reported. A thread's
   * leftover is reported once, by the first test that ends after it appeared.
   */
  private static String leftOnWorkers(ExtensionContext context) {
    Set<Thread> tests = testThreads(context);
    Map<Thread, Snapshot> held = new LinkedHashMap<>();
    for (int round = 0; round < IDLE_ROUNDS; round++) {
      held = ScopeChecks.contextOnWatchedThreads();
      held.keySet().removeAll(tests);
      boolean busy = false;
      for (Thread worker : held.keySet()) {
        busy |= !isIdle(worker);
      }
      if (!busy || !pause()) {
        break;
      }
    }
    Map<Thread, Snapshot> reported = reported(context);
    StringBuilder text = new StringBuilder();
    synchronized (reported) {
      for (Map.Entry<Thread, Snapshot> entry : held.entrySet()) {
        Thread worker = entry.getKey();
        Snapshot fields = entry.getValue();
        if (isIdle(worker) && reported.get(worker) != fields) {
          reported.put(worker, fields);
          text.append(text.length() == 0 ? "" : "; ")
              .append("context bound on thread \"")
              .append(worker.getName())
              .append("\", which a task of it ran on: keys ")
              .append(fields.asMap().keySet())
              .append(" in ")
              .append(fields);
        }
      }
    }
    return text.length() == 0 ? null : text.toString();
  }

  private static boolean isIdle(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }

  /** Sleeps between two looks at busy threads; false when interrupted (the flag is kept). */
  private static boolean pause() {
    try {
      Thread.sleep(IDLE_PAUSE_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The threads running a test with this extension now, across the whole test run. */
  @SuppressWarnings("unchecked")
  private static Set<Thread> testThreads(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            TEST_THREADS, key -> ConcurrentHashMap.<Thread>newKeySet(), Set.class);
  }

  /** The leftover last reported per worker thread, across the whole test run. */
  @SuppressWarnings("unchecked")
  private static Map<Thread, Snapshot> reported(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            REPORTED, key -> Collections.synchronizedMap(new WeakHashMap<>()), Map.class);
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == LogCapture.class
        && extensionContext.getTestMethod().isPresent();
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    State state = extensionContext.getStore(NAMESPACE).get(STATE, State.class);
    if (state == null) {
      throw new ParameterResolutionException(
          "LogCapture is available to test methods and their @BeforeEach and @AfterEach methods");
    }
    synchronized (state) {
      if (state.capture == null) {
        state.capture = LogCapture.start();
        if (state.capture == null) {
          throw new ParameterResolutionException(
              "LogCapture found no logging backend it can attach to: SLF4J bound to Logback, or"
                  + " log4j-core");
        }
      }
      return state.capture;
    }
  }

  /** Returns the keys of {@code left} that are not bound to the same value in {@code bound}. */
  private static List<String> leakedKeys(Snapshot left, Snapshot bound) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < left.size(); i++) {
      String key = left.keyAt(i);
      if (!bound.contains(key) || !Objects.equals(bound.get(key), left.valueAt(i))) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** Collects the fields of the annotations, outer classes first and the method last. */
  private static Map<String, Object> fieldsFor(ExtensionContext context) {
    Map<String, Object> fields = new LinkedHashMap<>();
    Deque<Class<?>> classes = new ArrayDeque<>();
    for (Class<?> type = context.getRequiredTestClass();
        type != null;
        type = isInner(type) ? type.getEnclosingClass() : null) {
      classes.push(type);
    }
    for (Class<?> type : classes) {
      AnnotationSupport.findAnnotation(type, WithLogContext.class)
          .ifPresent(annotation -> Fields.parseInto(annotation.value(), fields));
    }
    context
        .getTestMethod()
        .flatMap(method -> AnnotationSupport.findAnnotation(method, WithLogContext.class))
        .ifPresent(annotation -> Fields.parseInto(annotation.value(), fields));
    return fields;
  }

  private static boolean isInner(Class<?> type) {
    return type.isMemberClass() && !Modifier.isStatic(type.getModifiers());
  }

  private static synchronized void enterStrict() {
    if (running++ == 0) {
      strictBefore = ScopeChecks.isStrict();
    }
    ScopeChecks.setStrict(true);
  }

  private static synchronized void exitStrict() {
    if (--running == 0) {
      ScopeChecks.setStrict(strictBefore);
    }
  }

  /** What one test needs after it: its scope, the context it began with and its capture. */
  private static final class State {
    final Scope scope;
    final Snapshot bound;
    LogCapture capture;

    State(Scope scope, Snapshot bound) {
      this.scope = scope;
      this.bound = bound;
    }
  }
}
