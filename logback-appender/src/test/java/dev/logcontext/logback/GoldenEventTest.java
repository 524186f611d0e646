package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The same event through the Logback encoder yields the JSON in {@code testdata/golden}, which the
 * Log4j2 layout's test checks too: both backends write the same JSON for the same event.
 */
class GoldenEventTest {
  @Test
  void theFixedEventMatchesTheGoldenJsonSharedWithLog4j2() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogContextJsonEncoder encoder = new LogContextJsonEncoder();
    encoder.setContext(context);
    encoder.start();
    String line;
    try (Scope scope =
        LogContext.with("request_id", "r-1")
            .and("correlation_id", "c-1")
            .and("user_id", 42L)
            .and("tenant", "acme")
            .and("session", "s-9")) {
      LoggingEvent event =
          new LoggingEvent(
              "fqcn",
              context.getLogger("com.example.OrderService"),
              Level.INFO,
              "Order {} placed for {}",
              null,
              new Object[] {"o-1001", "alice"});
      event.setTimeStamp(1767225600123L);
      event.setThreadName("http-nio-8080-exec-1");
      event.prepareForDeferredProcessing();
      line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
    assertThat(line).endsWith("\n").doesNotContain("\n\n");
    assertThat(JsonLines.parse(line.trim())).isEqualTo(golden());
  }

  private static Map<String, Object> golden() throws Exception {
    try (InputStream in = GoldenEventTest.class.getResourceAsStream("/golden/fixed-event.json")) {
      return JsonLines.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
