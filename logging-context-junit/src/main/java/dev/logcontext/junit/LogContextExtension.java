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
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>It checks the test's own thread. Tasks run through {@code ContextExecutors.propagating(..)}
 * executors cannot leak, since such executors restore a worker's context after every task. Fields
 * that a task submitted to a plain executor binds with {@link LegacyBindings} and never removes
 * stay on that worker and are not detected.
 *
 * <p>Thread-safety: stateless apart from a count of running tests; safe with parallel test
 * execution, where strict mode, a global setting, stays on while any test runs. Bad input: a
 * malformed {@link WithLogContext} entry fails the test with an {@link
 * org.junit.jupiter.api.extension.ExtensionConfigurationException}.
 */
public final class LogContextExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LogContextExtension.class);
  private static final Object STATE = State.class;

  private static int running;
  private static boolean strictBefore;

  /** Creates the extension; JUnit calls this. */
  public LogContextExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
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
      if (state.capture != null) {
        state.capture.stop();
      }
    }
    List<String> leaked = leakedKeys(left, state.bound);
    if (!leaked.isEmpty() || misuse != null || !stillBound.isEmpty()) {
      AssertionError failure =
          new AssertionError(
              "test left context bound on thread \""
                  + thread
                  + "\": keys "
                  + (leaked.isEmpty() ? stillBound.asMap().keySet() : leaked)
                  + " in "
                  + left
                  + (misuse == null ? "" : "; a scope it opened was still open"),
              misuse);
      throw failure;
    }
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
