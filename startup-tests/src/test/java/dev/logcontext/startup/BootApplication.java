package dev.logcontext.startup;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application, run by {@link SpringBootStartupTest} in a JVM of its own: an {@code
 * MDC.put} before Spring starts (the first use of SLF4J), Boot's own start-up lines, two events of
 * its own, then the context is closed and Boot's shutdown hook stops Logback.
 */
@SpringBootApplication
public class BootApplication {
  /** Starts the application, logs, and closes it. */
  public static void main(String[] args) {
    MDC.put("tenant", "acme");
    ConfigurableApplicationContext context = SpringApplication.run(BootApplication.class, args);
    Logger log = LoggerFactory.getLogger("com.example.OrderService");
    try (Scope scope = LogContext.with("request_id", "r-1").and("user_id", 42L)) {
      MDC.put("order_id", "1001");
      log.info("Order {} placed", 1001);
    }
    log.info("done");
    context.close();
  }
}
