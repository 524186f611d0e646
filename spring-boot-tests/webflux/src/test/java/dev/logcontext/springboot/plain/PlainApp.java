package dev.logcontext.springboot.plain;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application without a web server, run by {@code StructuredLoggingTest} in a JVM of
 * its own: it logs a few events, two of them with MDC keys named {@code message} and {@code error}
 * (the names that make Boot's own formats throw), and ends.
 */
@SpringBootApplication
public class PlainApp {
  /** Starts the application, logs, and closes it. */
  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(PlainApp.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    ConfigurableApplicationContext context = application.run(args);
    Logger log = LoggerFactory.getLogger("com.example.OrderService");
    try (Scope scope = LogContext.with("request_id", "r-1").and("user_id", 42L)) {
      log.info("Order {} placed", 1001);
      MDC.put("message", "from the MDC");
      MDC.put("error", "also from the MDC");
      log.info("with MDC keys message and error");
      log.warn("payment failed", new IllegalStateException("card declined"));
      MDC.remove("message");
      MDC.remove("error");
      log.atInfo().addKeyValue("message", "a key-value").addKeyValue("sku", "pear").log("kv");
      log.info("long {}", "x".repeat(500));
    }
    log.info("done");
    context.close();
  }
}
