package dev.logcontext.logctx;

import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.concurrent.ContextExecutors;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's two services in miniature, logging through a real backend configured from an XML file
 * with one preset: {@code gateway.json} and {@code inventory.json}. Each order is received on a
 * gateway thread, priced on a propagating worker pool, reserved by inventory on its own threads
 * (binding the correlation id it was called with and a request id of its own), and answered; some
 * orders log an error with a stack trace. Values of several JSON types: {@code user_id} and {@code
 * http_status} numbers, {@code price} a decimal, {@code vip} a boolean.
 */
final class TwoServices {
  enum Backend {
    LOGBACK,
    LOG4J2
  }

  /** The loggers of one run, whatever the backend. */
  private interface Loggers extends AutoCloseable {
    void info(String logger, String message);

    void error(String logger, String message, Throwable error);

    @Override
    void close();
  }

  private TwoServices() {}

  /**
   * Writes the two files into {@code dir} for {@code orders} orders served concurrently; returns
   * the orders' correlation ids.
   */
  static List<String> write(Backend backend, String preset, Path dir, int orders) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Loggers log = backend == Backend.LOGBACK ? logback(preset, dir) : log4j2(preset, dir)) {
      ExecutorService http = Executors.newFixedThreadPool(4, named("gateway-http"));
      ExecutorService workers =
          ContextExecutors.propagating(Executors.newFixedThreadPool(3, named("gateway-worker")));
      ExecutorService inventory = Executors.newFixedThreadPool(3, named("inventory"));
      try {
        List<Future<?>> served = new ArrayList<>();
        for (int order = 0; order < orders; order++) {
          String id = UUID.randomUUID().toString();
          ids.add(id);
          int n = order;
          served.add(http.submit(() -> serve(log, n, id, workers, inventory)));
        }
        for (Future<?> future : served) {
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        http.shutdownNow();
        workers.shutdownNow();
        inventory.shutdownNow();
      }
    }
    return ids;
  }

  private static Void serve(
      Loggers log, int order, String id, ExecutorService workers, ExecutorService inventory)
      throws Exception {
    List<String> skus = List.of("apple", "fig", "lime", "pear").subList(0, 1 + order % 4);
    try (Scope request =
        LogContext.with("service", "gateway")
            .and("correlation_id", id)
            .and("request_id", "g-" + order)
            .and("order_id", "order-" + order)
            .and("user_id", 1000L + order)) {
      log.info("demo.gateway.Orders", "order received: " + skus.size() + " items");
      List<Future<?>> priced = new ArrayList<>();
      for (String sku : skus) {
        priced.add(
            workers.submit(
                () -> {
                  try (Scope item = LogContext.with("sku", sku).and("price", 0.6 + sku.length())) {
                    log.info("demo.gateway.Pricing", "priced " + sku);
                  }
                }));
      }
      for (Future<?> future : priced) {
        future.get(60, TimeUnit.SECONDS);
      }
      for (int i = 0; i < skus.size(); i++) {
        String sku = skus.get(i);
        String inventoryRequest = "i-" + order + "-" + i;
        // Another service: its own context, with the correlation id it was called with.
        inventory
            .submit(
                () -> {
                  try (Scope call =
                      LogContext.with(
                          Map.of(
                              "service", "inventory",
                              "correlation_id", id,
                              "request_id", inventoryRequest,
                              "sku", sku))) {
                    log.info("demo.inventory.Stock", "reserved 1 of 20 in stock");
                    try (Scope access =
                        LogContext.with("http_status", 200L).and("duration_ms", 3L + order)) {
                      log.info("demo.inventory.Access", "GET /stock/" + sku + " 200");
                    }
                  }
                })
            .get(60, TimeUnit.SECONDS);
        log.info("demo.gateway.Orders", "inventory: 20 in stock");
      }
      if (order % 5 == 0) {
        log.error(
            "demo.gateway.Orders",
            "risk check unavailable",
            new IllegalStateException("risk service timed out"));
      }
      try (Scope answer = LogContext.with("http_status", 200L).and("vip", order % 2 == 0)) {
        log.info("demo.gateway.Access", "GET /orders/order-" + order + " 200");
      }
    }
    return null;
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> new Thread(task, prefix + "-" + count.incrementAndGet());
  }

  private static Loggers logback(String preset, Path dir) throws JoranException {
    ch.qos.logback.classic.LoggerContext context = new ch.qos.logback.classic.LoggerContext();
    context.setName("two-services-" + preset);
    context.putProperty("logDir", dir.toString());
    context.putProperty("preset", preset);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(TwoServices.class.getResource("/logback-two-services.xml"));
    return logback(context);
  }

  /** Loggers of a configured Logback context; closing stops it, so the files are complete. */
  private static Loggers logback(ch.qos.logback.classic.LoggerContext context) {
    return new Loggers() {
      @Override
      public void info(String logger, String message) {
        context.getLogger(logger).info(message);
      }

      @Override
      public void error(String logger, String message, Throwable error) {
        context.getLogger(logger).error(message, error);
      }

      @Override
      public void close() {
        context.stop();
      }
    };
  }

  private static Loggers log4j2(String preset, Path dir) throws URISyntaxException {
    System.setProperty("logctx.test.dir", dir.toString());
    System.setProperty("logctx.test.preset", preset);
    org.apache.logging.log4j.core.LoggerContext context =
        new org.apache.logging.log4j.core.LoggerContext(
            "two-services-" + preset,
            null,
            TwoServices.class.getResource("/log4j2-two-services.xml").toURI());
    context.start();
    return new Loggers() {
      @Override
      public void info(String logger, String message) {
        context.getLogger(logger).info(message);
      }

      @Override
      public void error(String logger, String message, Throwable error) {
        context.getLogger(logger).error(message, error);
      }

      @Override
      public void close() {
        context.stop(30, TimeUnit.SECONDS);
      }
    };
  }
}
