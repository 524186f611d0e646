package dev.logcontext.examples.boot;

import dev.logcontext.examples.boot.gateway.GatewayApplication;
import dev.logcontext.examples.boot.inventory.InventoryApplication;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the example: starts {@code inventory} and {@code gateway} (two Spring Boot applications on
 * Tomcat, on loopback ports the system picks) in this JVM, sends a burst of concurrent orders to
 * the gateway — some with a caller's {@code X-Correlation-ID}, some without, some with a hostile
 * one, some invalid orders — stops both, and counts, in the JSON lines they wrote to {@code <log
 * dir>/example.json}, the lines of a request that lack {@code request_id} or {@code correlation_id}
 * or carry one twice. Exits with status 1 when there is one, or when a request got an unexpected
 * status.
 *
 * <p>Options: {@code --requests N} (default 40), {@code --log-dir DIR} (default {@code logs}).
 * Thread-safety: a program. Bad input: an unknown option or a bad number prints the usage and exits
 * with status 2.
 */
public final class ExampleMain {
  private static final String[] ITEMS = {"apple", "fig", "kiwi", "lime", "pear", "plum"};

  private ExampleMain() {}

  /** Runs the example with {@code args}. */
  public static void main(String[] args) throws Exception {
    int requests = 40;
    Path logDir = Path.of("logs");
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--requests" -> requests = Integer.parseInt(args[++i]);
          case "--log-dir" -> logDir = Path.of(args[++i]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (requests < 1) {
        throw new IllegalArgumentException("--requests must be at least 1");
      }
    } catch (RuntimeException e) {
      System.out.println("usage: [--requests N] [--log-dir DIR]: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(requests, logDir, System.out) ? 0 : 1);
  }

  /** Runs the example and prints its summary on {@code out}; returns whether all went well. */
  static boolean run(int requests, Path logDir, PrintStream out)
      throws IOException, InterruptedException {
    Files.createDirectories(logDir);
    Path logFile = logDir.resolve("example.json");
    Files.deleteIfExists(logFile);
    int unexpected = 0;
    try (ConfigurableApplicationContext inventory =
        start(InventoryApplication.class, "inventory", logFile, Map.of())) {
      String inventoryUrl = "http://127.0.0.1:" + port(inventory);
      try (ConfigurableApplicationContext gateway =
          start(
              GatewayApplication.class,
              "gateway",
              logFile,
              Map.of("example.inventory-url", inventoryUrl))) {
        unexpected = burst(port(gateway), requests, out);
      }
    }
    LogCheck check = LogCheck.of(Files.readAllLines(logFile));
    out.println("Log file:                              " + logFile);
    out.println("Lines:                                 " + check.lines());
    out.println("Lines of a request:                    " + check.requestLines());
    out.println(
        "  of which in gateway / inventory:     "
            + check.gatewayLines()
            + " / "
            + check.inventoryLines());
    out.println("Lines without a request or correlation id, or with one twice: " + check.bad());
    out.println("Requests with an unexpected status:    " + unexpected);
    boolean ok = check.bad() == 0 && unexpected == 0 && check.inventoryLines() > 0;
    out.println(ok ? "OK" : "FAILED");
    return ok;
  }

  private static ConfigurableApplicationContext start(
      Class<?> application, String name, Path logFile, Map<String, Object> extra) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.application.name", name);
    properties.put("spring.main.banner-mode", "off");
    properties.put("server.address", "127.0.0.1");
    properties.put("server.port", "0");
    properties.put("logging.structured.format.file", "logcontext");
    properties.put("logging.file.name", logFile.toString());
    properties.put("logging.threshold.console", "off");
    properties.put("logcontext.web.access-log", "true");
    // The access lines of each application under a logger of its own.
    properties.put("logcontext.web.access-logger", "example." + name + ".access");
    properties.putAll(extra);
    return new SpringApplicationBuilder(application).properties(properties).run();
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "-1"));
  }

  /** Sends the orders at once; returns how many got a status other than the expected one. */
  private static int burst(int port, int requests, PrintStream out) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    List<CompletableFuture<Boolean>> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      boolean invalid = i % 10 == 9;
      String path =
          invalid
              ? "/orders/NOT%20AN%20ID?items=apple"
              : "/orders/order-"
                  + i
                  + "?items="
                  + ITEMS[i % ITEMS.length]
                  + ","
                  + ITEMS[(i + 1) % ITEMS.length];
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(30));
      if (i % 3 == 0) {
        request.header("X-Correlation-ID", "caller-" + i);
      } else if (i % 7 == 1) {
        request.header("X-Correlation-ID", "not an id!");
      }
      int expected = invalid ? 400 : 200;
      answers.add(
          client
              .sendAsync(request.build(), BodyHandlers.ofString())
              .thenApply(response -> response.statusCode() == expected));
    }
    int unexpected = 0;
    for (CompletableFuture<Boolean> answer : answers) {
      if (!answer.join()) {
        unexpected++;
      }
    }
    out.println("Orders sent:                           " + requests);
    return unexpected;
  }
}
