package dev.logcontext.spring.boot.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LogContextWebFilterTest {
  @Test
  void theDefaultsMakeAFilter() {
    assertThat(LogContextWebFilter.create(new LogContextWebFluxProperties()).getOrder())
        .isEqualTo(LogContextWebFilter.ORDER);
  }

  @Test
  void aBadSettingFailsNamingTheProperty() {
    assertFails(p -> p.setRequestIdHeader("X Request"), "logcontext.web.request-id-header");
    assertFails(p -> p.setCorrelationIdHeader(""), "logcontext.web.correlation-id-header");
    assertFails(p -> p.setTraceparentHeader(null), "logcontext.web.traceparent-header");
    assertFails(p -> p.setMaxIdLength(0), "logcontext.web.max-id-length must be 1 to 256");
    assertFails(p -> p.setMaxPathLength(9000), "logcontext.web.max-path-length must be 1 to 8192");
    assertFails(p -> p.getField().put("colour", "red"), "logcontext.web.field.colour: unknown");
    assertFails(
        p -> p.getField().put("request_id", "1st"),
        "logcontext.web.field.request_id: '1st' is not a valid field name");
    assertFails(
        p -> p.getField().put("request_id", "correlation_id"),
        "logcontext.web.field: two fields share a name");
    assertFails(
        p -> {
          p.setAccessLog(true);
          p.setAccessLogger(" ");
        },
        "logcontext.web.access-logger must not be blank");
  }

  @Test
  void theOutgoingPropagationTakesTheHeaderNamesOfTheProperties() {
    LogContextWebFluxProperties properties = new LogContextWebFluxProperties();
    properties.setCorrelationIdHeader("X-Flow");
    properties.setMaxIdLength(300);
    assertThatThrownBy(() -> WebClientCustomizers.propagation(properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("logcontext.web: maxIdLength must be 1 to 256");
  }

  @Test
  void sanitizeReplacesControlCharactersAndCuts() {
    assertThat(LogContextWebFilter.sanitize("/a\tb\u007fc", 100)).isEqualTo("/a?b?c");
    assertThat(LogContextWebFilter.sanitize("/orders/7", 4)).isEqualTo("/ord");
  }

  private static void assertFails(Consumer<LogContextWebFluxProperties> change, String message) {
    LogContextWebFluxProperties properties = new LogContextWebFluxProperties();
    change.accept(properties);
    assertThatThrownBy(() -> LogContextWebFilter.create(properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
