package dev.logcontext.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogCheckTest {
  private static final String LOGGER = "\"logger_name\":\"dev.logcontext.examples.boot.gateway.X\"";

  @Test
  void aLineWithBothIdsOnceIsGood() {
    LogCheck check =
        LogCheck.of(
            List.of(
                "{"
                    + LOGGER
                    + ",\"request_id\":\"r\",\"correlation_id\":\"c\",\"n\":{\"request_id\":1}}"));
    assertThat(check.requestLines()).isEqualTo(1);
    assertThat(check.gatewayLines()).isEqualTo(1);
    assertThat(check.bad()).isZero();
  }

  @Test
  void aMissingIdAKeyWrittenTwiceAndABrokenLineAreBad() {
    LogCheck check =
        LogCheck.of(
            List.of(
                "{" + LOGGER + ",\"request_id\":\"r\"}",
                "{"
                    + LOGGER
                    + ",\"request_id\":\"r\",\"correlation_id\":\"c\",\"request_id\":\"r\"}",
                "{" + LOGGER + ",\"request_id\":\"r\",\"correlation_id\":\"c\"",
                "{\"logger_name\":\"org.springframework.boot.X\",\"message\":\"a \\\"quoted\\\" }\"}"));
    assertThat(check.requestLines()).isEqualTo(2);
    assertThat(check.bad()).isEqualTo(3);
  }
}
