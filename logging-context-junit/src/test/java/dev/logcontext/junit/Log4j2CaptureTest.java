package dev.logcontext.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.Events;

@ExtendWith(LogContextExtension.class)
class Log4j2CaptureTest {
  private static final Logger log = LogManager.getLogger(Log4j2CaptureTest.class);

  @Test
  void seesEventsFromTheTestThreadPoolsAndFuturesWithTypedFields(LogCapture capture)
      throws Exception {
    Kit.logOnTheTestThreadAPoolAndAFuture(log::info);

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
    assertThat(event.logger()).isEqualTo(Log4j2CaptureTest.class.getName());
    assertThat(event.message()).isEqualTo("retrying job");
    assertThat(event.thread()).isEqualTo(Thread.currentThread().getName());
    assertThat(event.throwable()).isSameAs(failure);
  }

  @Test
  void eachEventCarriesTheExactLineTheConfiguredLayoutWrote(LogCapture capture) throws Exception {
    Kit.logOnTheTestThreadAPoolAndAFuture(log::info);

    Kit.assertLinesAreTheWrittenOnes(capture, "target/log-capture-log4j2.json");
  }

  @Test
  void captureStopsWhenTheTestEnds() {
    Events events = Kit.run(KeepsItsCapture.class);
    assertThat(events.succeeded().count()).isEqualTo(1);

    log.info("after the test");

    assertThat(KeepsItsCapture.capture.events().messages()).containsExactly("during the test");
  }

  @ExtendWith(LogContextExtension.class)
  static class KeepsItsCapture {
    static volatile LogCapture capture;

    @Test
    void logs(LogCapture capture) {
      KeepsItsCapture.capture = capture;
      log.info("during the test");
    }
  }
}
