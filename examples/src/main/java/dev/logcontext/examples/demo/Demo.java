package dev.logcontext.examples.demo;

import dev.logcontext.examples.demo.PlannedRequest.Kind;
import dev.logcontext.examples.demo.services.GatewayServlet;
import dev.logcontext.examples.demo.services.InventoryServlet;
import dev.logcontext.examples.demo.services.ServiceServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Runs the demo: two services, one burst of requests, and the check of their log files. */
final class Demo {
  /** The services, in the order their files are listed. */
  static final List<String> SERVICES = List.of("gateway", "inventory");

  /** Where Logback's discriminator sends a line that carries no {@code service} field. */
  static final String UNATTRIBUTED_FILE = "unattributed.json";

  private Demo() {}

  /**
   * Starts the services with their logs in {@code options.logDirectory()}, sends the burst, stops
   * the services, and returns what happened, counted from the log files. The backend is switched to
   * the demo's configuration for the run and back afterwards.
   *
   * @throws IOException when the log directory cannot be prepared or a log file cannot be read
   * @throws Exception when a service cannot start
   */
  static DemoReport run(DemoOptions options) throws Exception {
    Path directory = options.logDirectory();
    prepare(directory);
    DemoLogging.useDemoConfiguration(options);
    List<Outcome> outcomes;
    Duration elapsed;
    int gatewayPort;
    int inventoryPort;
    try {
      // Closed in reverse order, gateway first; closing is graceful: it waits for the requests in
      // flight, whose access lines are written when they complete.
      try (ServiceServer inventory =
              ServiceServer.start("inventory", "/stock/*", new InventoryServlet());
          ServiceServer gateway =
              ServiceServer.start("gateway", "/orders/*", new GatewayServlet(inventory.uri()))) {
        gatewayPort = gateway.port();
        inventoryPort = inventory.port();
        List<PlannedRequest> burst = LoadGenerator.plan(options.requests(), runId());
        long start = System.nanoTime();
        outcomes = LoadGenerator.send(gateway.uri(), burst);
        elapsed = Duration.ofNanos(System.nanoTime() - start);
      }
    } finally {
      DemoLogging.useDefaultConfiguration(options.backend()); // closes the log files
    }
    String example = exampleCorrelationId(outcomes);
    List<LogFileStats> files = new ArrayList<>();
    for (String service : SERVICES) {
      files.add(scan(directory.resolve(service + ".json"), example));
    }
    Path unattributed = directory.resolve(UNATTRIBUTED_FILE);
    if (Files.exists(unattributed)) {
      files.add(scan(unattributed, example));
    }
    return new DemoReport(gatewayPort, inventoryPort, outcomes, files, example, directory, elapsed);
  }

  /**
   * Starts the services and keeps them running until the JVM is stopped (Ctrl-C), printing their
   * addresses and a request to try.
   *
   * @throws Exception when the log directory cannot be prepared or a service cannot start
   */
  static void serve(DemoOptions options, PrintStream out) throws Exception {
    Path directory = options.logDirectory();
    prepare(directory);
    DemoLogging.useDemoConfiguration(options);
    ServiceServer inventory = ServiceServer.start("inventory", "/stock/*", new InventoryServlet());
    ServiceServer gateway =
        ServiceServer.start("gateway", "/orders/*", new GatewayServlet(inventory.uri()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  inventory.close();
                  DemoLogging.useDefaultConfiguration(options.backend());
                  stopped.countDown();
                },
                "demo-shutdown"));
    out.printf("gateway   http://127.0.0.1:%d/orders/<id>?items=apple,fig%n", gateway.port());
    out.printf("inventory http://127.0.0.1:%d/stock/<sku>%n", inventory.port());
    out.printf("logs      %s/gateway.json, %s/inventory.json%n", directory, directory);
    out.println();
    out.println("Try:");
    out.printf(
        "  curl -i -H 'X-Correlation-ID: my-first-request' "
            + "'http://127.0.0.1:%d/orders/o-1?items=apple,fig,kiwi'%n",
        gateway.port());
    out.printf(
        "  java -jar logctx/target/logctx.jar trace my-first-request %s/*.json%n", directory);
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
  }

  /** Creates {@code directory} and deletes the files of an earlier run. */
  static void prepare(Path directory) throws IOException {
    Files.createDirectories(directory);
    for (String service : SERVICES) {
      Files.deleteIfExists(directory.resolve(service + ".json"));
    }
    Files.deleteIfExists(directory.resolve(UNATTRIBUTED_FILE));
  }

  private static LogFileStats scan(Path file, String correlationId) throws IOException {
    return Files.exists(file)
        ? LogFileStats.scan(file, correlationId)
        : new LogFileStats(file, 0, 0, 0, 0);
  }

  /**
   * The id of a served request that came without ids (so its id was generated), preferring the one
   * with the most items and, among those, the latest sent (past the JVM's warm-up); else any served
   * request's id.
   */
  private static String exampleCorrelationId(List<Outcome> outcomes) {
    Outcome best = null;
    for (Outcome outcome : outcomes) {
      if (!outcome.served() || outcome.correlationId() == null) {
        continue;
      }
      if (best == null || rank(outcome) >= rank(best)) {
        best = outcome;
      }
    }
    return best == null ? null : best.correlationId();
  }

  private static int rank(Outcome outcome) {
    int items = outcome.request().target().split(",", -1).length;
    return (outcome.request().kind() == Kind.NO_ID ? 100 : 0) + items;
  }

  /** A short random tag that makes the caller ids of this run unique. */
  private static String runId() {
    byte[] bytes = new byte[3];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
