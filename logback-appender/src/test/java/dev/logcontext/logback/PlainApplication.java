package dev.logcontext.logback;

import ch.qos.logback.classic.LoggerContext;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A plain application, run by {@link StartupTest} in a JVM of its own: its first use of SLF4J is an
 * {@code MDC.put}, as in code that sets a field before it gets a logger, then it logs three events
 * and stops Logback, as an application does on its way out.
 */
final class PlainApplication {
  private PlainApplication() {}

  public static void main(String[] args) {
    MDC.put("tenant", "acme");
    Logger log = LoggerFactory.getLogger("com.example.OrderService");
    try (Scope scope = LogContext.with("request_id", "r-1").and("user_id", 42L)) {
      MDC.put("order_id", "1001");
      log.info("Order {} placed", 1001);
      log.atInfo().addKeyValue("amount_cents", 270).log("priced");
    }
    log.info("done");
    ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
  }
}
