package dev.logcontext.examples.demo.services;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.concurrent.ContextExecutors;
import dev.logcontext.concurrent.ContextFutures;
import dev.logcontext.web.ContextHttp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code gateway} service: {@code GET /orders/<order id>?items=apple,fig} prices every item on
 * a worker pool, asks the inventory service for each item's stock over HTTP, and answers with the
 * order's total as JSON.
 *
 * <p>The work of one request runs on many threads — the Jetty thread, the pool's workers, the HTTP
 * client's threads that complete the responses — and every line carries the request's ids: the pool
 * is wrapped with {@link ContextExecutors#propagating}, the futures come from {@link
 * ContextFutures} (each stage runs in the context where it was added), and {@link ContextHttp}
 * sends the correlation id to the inventory service.
 */
public final class GatewayServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(GatewayServlet.class);
  private static final Pattern ORDER_ID = Pattern.compile("[a-z0-9-]{1,32}");
  private static final int MAX_ITEMS = 10;
  private static final long TIMEOUT_SECONDS = 10;

  private final transient URI inventory;
  private final transient ExecutorService workers;
  private final transient ExecutorService clientThreads;
  private final transient HttpClient client;

  /** Creates the gateway for the inventory service at {@code inventory}. */
  public GatewayServlet(URI inventory) {
    this.inventory = inventory;
    this.workers =
        ContextExecutors.propagating(
            Executors.newFixedThreadPool(8, new NamedThreads("gateway-worker")));
    this.clientThreads = Executors.newCachedThreadPool(new NamedThreads("gateway-client"));
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
            .executor(clientThreads)
            .build();
  }

  @Override
  @SuppressWarnings("try") // the scope only adds order_id to every line of the order
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    String orderId = path == null ? "" : path.substring(1);
    List<String> skus = items(request.getParameter("items"));
    if (!ORDER_ID.matcher(orderId).matches() || skus.isEmpty()) {
      log.warn("rejected: an order needs an id and 1 to {} known items", MAX_ITEMS);
      response.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    try (Scope order = LogContext.with("order_id", orderId)) {
      log.info("order received: {} items", skus.size());
      // A plain Future from the propagating pool: the task sees order_id and the request's ids.
      Future<Boolean> risk = workers.submit(GatewayServlet::riskCheck);
      List<CompletableFuture<OrderLine>> lines = new ArrayList<>(skus.size());
      for (String sku : skus) {
        lines.add(line(sku));
      }
      ContextFutures.allOf(lines.toArray(new CompletableFuture<?>[0]))
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      boolean approved = risk.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      long total = 0;
      int available = 0;
      for (CompletableFuture<OrderLine> line : lines) {
        OrderLine orderLine = line.join();
        if (orderLine.available()) {
          total += orderLine.cents();
          available++;
        }
      }
      log.info(
          "order ready: {} of {} items available, total {} cents", available, skus.size(), total);
      response.setContentType("application/json");
      response
          .getWriter()
          .print(
              "{\"order_id\":\""
                  + orderId
                  + "\",\"items\":"
                  + available
                  + ",\"total_cents\":"
                  + total
                  + ",\"approved\":"
                  + approved
                  + "}");
    } catch (ExecutionException | TimeoutException e) {
      log.error("order failed", e);
      response.sendError(HttpServletResponse.SC_BAD_GATEWAY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("interrupted while waiting for the order's items");
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }
  }

  /**
   * Returns the future line for {@code sku}: its price (on the worker pool) combined with its stock
   * (from the inventory service). Both stages are added inside the {@code sku} scope, so they run
   * with {@code sku} bound, on whichever thread completes them.
   */
  @SuppressWarnings("try") // the scope only adds sku to the stages created inside it
  private CompletableFuture<OrderLine> line(String sku) {
    try (Scope item = LogContext.with("sku", sku)) {
      CompletableFuture<Long> price = ContextFutures.supplyAsync(() -> price(sku), workers);
      HttpRequest request =
          ContextHttp.propagate(HttpRequest.newBuilder(inventory.resolve("/stock/" + sku)))
              .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
              .GET()
              .build();
      CompletableFuture<Integer> stock =
          ContextHttp.sendAsync(client, request, HttpResponse.BodyHandlers.ofString())
              .thenApply(GatewayServlet::stockFrom);
      return price.thenCombine(stock, (cents, units) -> new OrderLine(cents, units > 0));
    }
  }

  private static long price(String sku) {
    pause();
    long cents = Catalogue.priceCents(sku);
    log.info("priced at {} cents", cents);
    return cents;
  }

  private static int stockFrom(HttpResponse<String> response) {
    if (response.statusCode() != HttpServletResponse.SC_OK) {
      log.warn("inventory answered {}", response.statusCode());
      return 0;
    }
    int units = Integer.parseInt(response.body().trim());
    if (units == 0) {
      log.warn("inventory: out of stock, leaving the item out");
    } else {
      log.info("inventory: {} in stock", units);
    }
    return units;
  }

  private static boolean riskCheck() {
    pause();
    log.info("risk check passed");
    return true;
  }

  private static List<String> items(String parameter) {
    List<String> skus = new ArrayList<>();
    if (parameter == null) {
      return skus;
    }
    for (String sku : parameter.split(",", -1)) {
      if (!Catalogue.contains(sku) || skus.size() == MAX_ITEMS) {
        return List.of();
      }
      skus.add(sku);
    }
    return skus;
  }

  private static void pause() {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(1, 4));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the worker pool and the HTTP client's threads; Jetty calls it when the server stops. */
  @Override
  public void destroy() {
    workers.shutdown();
    clientThreads.shutdown();
  }

  private record OrderLine(long cents, boolean available) {}
}
