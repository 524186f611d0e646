package dev.logcontext.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.concurrent.ContextExecutors;
import dev.logcontext.concurrent.ContextFutures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * Checks that every captured event's {@link LoggedEvent#json()} is a line the configured JSON
   * appender wrote to {@code file}, and that the events with {@code request_id} carry it typed.
   */
  static void assertLinesAreTheWrittenOnes(LogCapture capture, String file) throws IOException {
    List<String> written = Files.readAllLines(Path.of(file));
    LoggedEvents events = capture.events();
    assertThat(events).isNotEmpty();
    for (LoggedEvent event : events) {
      assertThat(event.json()).as("the line of %s", event).isNotNull().startsWith("{");
      assertThat(written).as("lines written to %s", file).contains(event.json());
      assertThat(event.json()).contains("\"message\":\"" + event.message() + "\"");
    }
    for (LoggedEvent event : events.withField("request_id", 42L)) {
      assertThat(event.json()).contains("\"request_id\":42");
    }
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
