package dev.logcontext.spring.boot.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logcontext.spring.boot.LogContextWebProperties;
import dev.logcontext.web.LogContextFilter.Field;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class LogContextWebFilterTest {
  @Test
  void theDefaultsMakeAFilter() {
    assertThat(LogContextWebFilter.create(bind(Map.of())).getOrder())
        .isEqualTo(LogContextWebFilter.ORDER);
  }

  @Test
  void aBadSettingFailsNamingTheProperty() {
    assertFails(Map.of("request-id-header", "X Request"), "logcontext.web.request-id-header");
    assertFails(Map.of("correlation-id-header", ""), "logcontext.web.correlation-id-header");
    assertFails(Map.of("max-id-length", "0"), "logcontext.web.max-id-length must be 1 to 256");
    assertFails(
        Map.of("max-path-length", "9000"), "logcontext.web.max-path-length must be 1 to 8192");
    assertFails(Map.of("field.colour", "red"), "logcontext.web.field.colour: unknown field");
    assertFails(
        Map.of("field.request_id", "1st"),
        "logcontext.web.field.request_id: '1st' is not a valid field name");
    assertFails(
        Map.of("field.request_id", "correlation_id"),
        "logcontext.web.field: two fields share a name");
    assertFails(
        Map.of("access-log", "true", "access-logger", " "),
        "logcontext.web.access-logger must not be blank");
  }

  @Test
  void aFieldIsRenamedUnderEachSpellingOfItsDefaultName() {
    for (String key :
        new String[] {"request_id", "request-id", "requestId", "requestid", "[request_id]"}) {
      assertThat(bind(Map.of("field." + key, "req")).fieldName(Field.REQUEST_ID))
          .as(key)
          .isEqualTo("req");
      assertThat(LogContextWebFilter.create(bind(Map.of("field." + key, "req")))).isNotNull();
    }
  }

  @Test
  void theOutgoingPropagationTakesTheHeaderNamesOfTheProperties() {
    assertThatThrownBy(() -> bind(Map.of("max-id-length", "300")).propagation())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("logcontext.web.max-id-length: ");
  }

  @Test
  void sanitizeReplacesControlCharactersAndCuts() {
    assertThat(LogContextWebFilter.sanitize("/a\tb\u007fc", 100)).isEqualTo("/a?b?c");
    assertThat(LogContextWebFilter.sanitize("/orders/7", 4)).isEqualTo("/ord");
  }

  private static LogContextWebProperties bind(Map<String, String> properties) {
    Map<String, String> prefixed = new HashMap<>();
    properties.forEach((key, value) -> prefixed.put("logcontext.web." + key, value));
    return new Binder(new MapConfigurationPropertySource(prefixed))
        .bindOrCreate("logcontext.web", LogContextWebProperties.class);
  }

  private static void assertFails(Map<String, String> properties, String message) {
    LogContextWebProperties bound = bind(properties);
    assertThatThrownBy(() -> LogContextWebFilter.create(bound))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
