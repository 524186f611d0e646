package dev.logcontext.boot.mdc;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application, run by {@link BootMdcBridgeTest} in a JVM of its own with a plain pattern
 * layout: it starts, logs and stops inside a LogContext scope, and uses {@code MDC.put} once.
 */
@SpringBootApplication
public class MdcApplication {
  /** Starts the application inside a scope, logs, and closes it. */
  @SuppressWarnings("try")
  public static void main(String[] args) {
    try (Scope scope = LogContext.with("request_id", "start-1")) {
      ConfigurableApplicationContext context =
          new SpringApplicationBuilder(MdcApplication.class)
              .web(WebApplicationType.NONE)
              .run(args);
      Logger log = LoggerFactory.getLogger("mdc");
      log.info("adapter {}", MDC.getMDCAdapter().getClass().getName());
      MDC.put("order_id", "1001");
      log.info("after put, LogContext sees {}", LogContext.get("order_id"));
      context.close();
    }
  }
}
