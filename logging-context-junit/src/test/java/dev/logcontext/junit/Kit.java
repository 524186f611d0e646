package dev.logcontext.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.concurrent.ContextExecutors;
import dev.logcontext.concurrent.ContextFutures;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs example test classes through the Jupiter engine and returns what happened to their tests.
 */
final class Kit {
  private Kit() {}

  static Events run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testClass))
        .execute()
        .testEvents();
  }

  static Events runAutodetected(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
        .selectors(selectClass(testClass))
        .execute()
        .testEvents();
  }

  /** A logger's {@code info(format, arguments...)}, whichever logging API it belongs to. */
  @FunctionalInterface
  interface Info {
    void info(String format, Object... arguments);
  }

  /**
   * Logs {@code received} on the calling thread, {@code on the pool} on a propagating pool and
   * {@code future done} from a future continued on it, all with {@code request_id = 42L} bound;
   * then {@code after the request} with nothing bound.
   */
  static void logOnTheTestThreadAPoolAndAFuture(Info log) throws Exception {
    ExecutorService pool = ContextExecutors.propagating(Executors.newFixedThreadPool(2));
    try (Scope request = LogContext.with("request_id", 42L)) {
      log.info("received");
      pool.submit(() -> log.info("on the pool")).get(10, TimeUnit.SECONDS);
      ContextFutures.supplyAsync(() -> "done", pool)
          .thenAcceptAsync(result -> log.info("future {}", result), pool)
          .get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    log.info("after the request");
  }

  /** Returns the failures of the tests that failed, in order. */
  static List<Throwable> failures(Events events) {
    return events.failed().stream()
        .map(
            event ->
                event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
        .toList();
  }
}
