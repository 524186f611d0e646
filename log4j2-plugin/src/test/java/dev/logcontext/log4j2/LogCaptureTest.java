package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.concurrent.ContextExecutors;
import dev.logcontext.concurrent.ContextFutures;
import dev.logcontext.junit.LogCapture;
import dev.logcontext.junit.LogContextExtension;
import dev.logcontext.junit.LoggedEvent;
import dev.logcontext.junit.LoggedEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The test kit's {@link LogCapture} on Log4j2, with this module's context data and layout: the
 * default context's root logger (log4j2-test.xml) passes WARN and above to a JSON file.
 */
class LogCaptureTest {
  private static final Logger log = LogManager.getLogger(LogCaptureTest.class);

  /**
   * Logs {@code received} on the test thread, {@code on the pool} on a propagating pool and {@code
   * future done} from a future continued on it, all with {@code request_id = 42L} bound; then
   * {@code after the request} with nothing bound.
   */
  private static void logOnTheTestThreadAPoolAndAFuture() throws Exception {
    ExecutorService pool = ContextExecutors.propagating(Executors.newFixedThreadPool(2));
    try (Scope request = LogContext.with("request_id", 42L)) {
      log.warn("received");
      pool.submit(() -> log.warn("on the pool")).get(10, TimeUnit.SECONDS);
      ContextFutures.supplyAsync(() -> "done", pool)
          .thenAcceptAsync(result -> log.warn("future {}", result), pool)
          .get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    log.warn("after the request");
  }

  @Test
  void seesEventsFromTheTestThreadPoolsAndFuturesWithTypedFields(LogCapture capture)
      throws Exception {
    logOnTheTestThreadAPoolAndAFuture();

    LoggedEvents withId = capture.events().withField("request_id", 42L);
    assertThat(withId.messages()).containsExactly("received", "on the pool", "future done");
    assertThat(withId)
        .extracting(LoggedEvent::thread)
        .anySatisfy(thread -> assertThat(thread).isNotEqualTo(Thread.currentThread().getName()));
    assertThat(withId)
        .allSatisfy(
            event -> assertThat(event.context().get("request_id")).isInstanceOf(Long.class));
    assertThat(capture.events().withField("request_id", "42")).isEmpty();
    assertThat(capture.events().messages()).contains("after the request");
  }

  @Test
  void eachEventHasItsLevelLoggerAndThrowable(LogCapture capture) {
    IllegalStateException failure = new IllegalStateException("boom");
    log.warn("retrying {}", "job", failure);

    LoggedEvent event = capture.events().atLevel("WARN").get(0);
    assertThat(event.logger()).isEqualTo(LogCaptureTest.class.getName());
    assertThat(event.message()).isEqualTo("retrying job");
    assertThat(event.thread()).isEqualTo(Thread.currentThread().getName());
    assertThat(event.throwable()).isSameAs(failure);
  }

  @Test
  void eachEventCarriesTheExactLineTheConfiguredLayoutWrote(LogCapture capture) throws Exception {
    logOnTheTestThreadAPoolAndAFuture();

    List<String> written = Files.readAllLines(Path.of("target/log-capture-log4j2.json"));
    LoggedEvents events = capture.events();
    assertThat(events).hasSize(4);
    for (LoggedEvent event : events) {
      assertThat(event.json()).as("the line of %s", event).isNotNull().startsWith("{");
      assertThat(written).contains(event.json());
      assertThat(event.json()).contains("\"message\":\"" + event.message() + "\"");
    }
    for (LoggedEvent event : events.withField("request_id", 42L)) {
      assertThat(event.json()).contains("\"request_id\":42");
    }
  }

  @Test
  void captureStopsWhenTheTestEnds() {
    Events events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(DiscoverySelectors.selectClass(KeepsItsCapture.class))
            .execute()
            .testEvents();
    assertThat(events.succeeded().count()).isEqualTo(1);

    log.warn("after the test");

    assertThat(KeepsItsCapture.capture.events().messages()).containsExactly("during the test");
  }

  @ExtendWith(LogContextExtension.class)
  static class KeepsItsCapture {
    static volatile LogCapture capture;

    @Test
    void logs(LogCapture capture) {
      KeepsItsCapture.capture = capture;
      log.warn("during the test");
    }
  }
}
