package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logcontext.json.BoundedPool;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

/** Views are pooled and reused; a reused view never shows anything of the previous event. */
class ViewReuseTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final LoggerContext context = new LoggerContext();
  private final LogContextJsonEncoder encoder = new LogContextJsonEncoder();

  @AfterEach
  void stop() {
    encoder.stop();
    context.stop();
  }

  private LoggingEvent event(String message, Object... args) {
    return event(null, message, args);
  }

  private LoggingEvent event(Throwable thrown, String message, Object... args) {
    Logger logger = context.getLogger("com.example.OrderService");
    return new LoggingEvent("fqcn", logger, Level.INFO, message, thrown, args);
  }

  private JsonNode encode(LoggingEvent e) throws Exception {
    return MAPPER.readTree(new String(encoder.encode(e), StandardCharsets.UTF_8));
  }

  @Test
  void consecutiveEventsDoNotLeakIntoEachOther() throws Exception {
    encoder.setContext(context);
    encoder.start();
    LoggingEvent first = event(new IllegalStateException("boom"), "first");
    first.addMarker(MarkerFactory.getMarker("AUDIT"));
    first.addKeyValuePair(new KeyValuePair("order_id", 7));
    for (int i = 0; i < 3; i++) {
      JsonNode a = encode(first);
      assertThat(a.get("message").asText()).isEqualTo("first");
      assertThat(a.get("order_id").asInt()).isEqualTo(7);
      assertThat(a.has("tags")).isTrue();
      assertThat(a.has("stack_trace")).isTrue();

      JsonNode b = encode(event("second"));
      assertThat(b.get("message").asText()).isEqualTo("second");
      assertThat(b.has("order_id")).isFalse();
      assertThat(b.has("tags")).isFalse();
      assertThat(b.has("stack_trace")).isFalse();
    }
  }

  @Test
  void nestedEncodingFromToStringOnTheSameThreadWorks() throws Exception {
    encoder.setContext(context);
    encoder.start();
    Object nested =
        new Object() {
          @Override
          public String toString() {
            String inner = new String(encoder.encode(event("inner")), StandardCharsets.UTF_8);
            return "<" + inner.trim() + ">";
          }
        };
    LoggingEvent outer = event("outer {}", nested);
    outer.addKeyValuePair(new KeyValuePair("side", "outer"));
    JsonNode json = encode(outer);
    assertThat(json.get("side").asText()).isEqualTo("outer");
    String message = json.get("message").asText();
    assertThat(message).startsWith("outer <{").endsWith("}>");
    JsonNode inner = MAPPER.readTree(message.substring("outer <".length(), message.length() - 1));
    assertThat(inner.get("message").asText()).isEqualTo("inner");
    assertThat(inner.has("side")).isFalse();
  }

  @Test
  void thePoolIsBoundedAndClearsReleasedViews() {
    BoundedPool<LogbackEventView> pool =
        new BoundedPool<>(LogbackEventView::new, LogbackEventView::clear);
    LogbackEventView view = pool.acquire().reset(event("x"));
    pool.release(view);
    assertThat(pool.pooled()).isEqualTo(1);
    assertThat(pool.acquire()).isSameAs(view);
    for (int i = 0; i < 100; i++) {
      pool.release(new LogbackEventView());
    }
    assertThat(pool.pooled()).isBetween(2, 16);
  }
}
