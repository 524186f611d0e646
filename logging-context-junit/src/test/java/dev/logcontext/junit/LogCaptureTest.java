package dev.logcontext.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.Events;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@ExtendWith(LogContextExtension.class)
class LogCaptureTest {
  private static final Logger log = LoggerFactory.getLogger(LogCaptureTest.class);

  @Test
  void seesEventsFromTheTestThreadPoolsAndFuturesWithTypedFields(LogCapture capture)
      throws Exception {
    Kit.logOnTheTestThreadAPoolAndAFuture(log::info);

    LoggedEvents withId = capture.events().withField("request_id", 42L);
    assertThat(withId.messages()).containsExactly("received", "on the pool", "future done");
    assertThat(withId)
        .extracting(LoggedEvent::thread)
        .as("the pool's events come from its workers")
        .contains(Thread.currentThread().getName())
        .anySatisfy(thread -> assertThat(thread).isNotEqualTo(Thread.currentThread().getName()));
    assertThat(withId.get(1).context().get("request_id")).isInstanceOf(Long.class);
    assertThat(capture.events().withField("request_id", 42)).as("integral by value").hasSize(3);
    assertThat(capture.events().withField("request_id", "42"))
        .as("a string is not a number")
        .isEmpty();
    assertThat(capture.events()).hasSize(4);
  }

  @Test
  void eachEventCarriesTheExactLineTheConfiguredEncoderWrote(LogCapture capture) throws Exception {
    Kit.logOnTheTestThreadAPoolAndAFuture(log::info);
    log.atInfo().addKeyValue("attempt", 3).log("with a key-value");

    Kit.assertLinesAreTheWrittenOnes(capture, "target/log-capture-logback.json");
    assertThat(capture.events().get(4).json()).contains("\"attempt\":3");
  }

  @Test
  void eachEventHasItsLevelLoggerThrowableAndKeyValues(LogCapture capture) {
    IllegalStateException failure = new IllegalStateException("boom");
    log.atWarn().addKeyValue("attempt", 3).setCause(failure).log("retrying {}", "job");

    LoggedEvent event = capture.events().get(0);
    assertThat(event.level()).isEqualTo("WARN");
    assertThat(event.logger()).isEqualTo(LogCaptureTest.class.getName());
    assertThat(event.message()).isEqualTo("retrying job");
    assertThat(event.thread()).isEqualTo(Thread.currentThread().getName());
    assertThat(event.throwable()).isSameAs(failure);
    assertThat(event.context().get("attempt")).isEqualTo(3);
    assertThat(capture.events().atLevel("WARN")).hasSize(1);
    assertThat(capture.events().atLevel("INFO")).isEmpty();
  }

  @Test
  void assertEveryEventNamesTheMissingFieldAndTheEvent(LogCapture capture) {
    try (Scope correlated = LogContext.with("correlation_id", "c-1")) {
      log.info("first");
    }
    capture.assertEveryEvent().hasField("correlation_id").hasField("correlation_id", "c-1");
    log.info("uncorrelated");

    assertThatThrownBy(() -> capture.assertEveryEvent().hasField("correlation_id"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("\"correlation_id\"")
        .hasMessageContaining("event 2 of 2")
        .hasMessageContaining("\"uncorrelated\"");
    assertThatThrownBy(() -> capture.assertEveryEvent().hasField("correlation_id", "c-2"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("event 1 of 2")
        .hasMessageContaining("\"c-1\" (String)");
  }

  @Test
  void assertEveryEventFailsWhenNothingWasLogged(LogCapture capture) {
    assertThatThrownBy(() -> capture.assertEveryEvent().hasField("correlation_id"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("none was logged");
  }

  @Test
  void captureStopsWhenTheTestEnds() {
    Events events = Kit.run(KeepsItsCapture.class);
    assertThat(events.succeeded().count()).isEqualTo(1);

    log.info("after the test");

    assertThat(KeepsItsCapture.capture.events().messages()).containsExactly("during the test");
  }

  @Test
  void captureIsTheSameInBeforeEachAndTheTest() {
    Events events = Kit.run(KeepsItsCapture.class);

    assertThat(events.succeeded().count()).isEqualTo(1);
    assertThat(KeepsItsCapture.fromBeforeEach).isSameAs(KeepsItsCapture.capture);
  }

  @ExtendWith(LogContextExtension.class)
  static class KeepsItsCapture {
    static volatile LogCapture capture;
    static volatile LogCapture fromBeforeEach;

    @org.junit.jupiter.api.BeforeEach
    void before(LogCapture capture) {
      fromBeforeEach = capture;
    }

    @Test
    void logs(LogCapture capture) {
      KeepsItsCapture.capture = capture;
      log.info("during the test");
    }
  }
}
