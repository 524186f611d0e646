package dev.logcontext.examples.boot.gateway;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.concurrent.ContextFutures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code gateway} service: {@code GET /orders/<order id>?items=apple,fig} quotes every item
 * with an {@code @Async} method ({@link Quotes}, on Boot's task executor), which asks the inventory
 * service for the item's stock with a {@code RestClient}, and answers with the order's total.
 *
 * <p>Nothing here hands the context on by hand: the starter's filter binds the request's ids, its
 * {@code TaskDecorator} runs the {@code @Async} tasks in the submitter's context ({@code order_id}
 * and {@code sku} included), its {@code RestClient} interceptor sends the correlation id on, and
 * {@link ContextFutures} runs the waiting stage in the request's context.
 *
 * <p>Thread-safety: the controller is stateless. Bad input: an order id outside {@code
 * [a-z0-9-]{1,32}} or no items gets 400 and a warning line that carries the request's ids.
 */
@SpringBootApplication
@EnableAsync
@RestController
public class GatewayApplication {
  private static final Logger log = LoggerFactory.getLogger(GatewayApplication.class);
  private static final Pattern ORDER_ID = Pattern.compile("[a-z0-9-]{1,32}");
  private static final int MAX_ITEMS = 10;

  private final Quotes quotes;

  /** Creates the application with its {@code quotes}; Spring calls this. */
  public GatewayApplication(Quotes quotes) {
    this.quotes = quotes;
  }

  /** Prices the order {@code orderId} of the comma-separated {@code items}. */
  @GetMapping("/orders/{orderId}")
  @SuppressWarnings("try") // the scope only adds order_id to every line of the order
  public ResponseEntity<String> order(
      @PathVariable("orderId") String orderId,
      @RequestParam(name = "items", defaultValue = "") String items)
      throws InterruptedException {
    List<String> skus = Arrays.stream(items.split(",")).filter(s -> !s.isBlank()).toList();
    if (!ORDER_ID.matcher(orderId).matches() || skus.isEmpty() || skus.size() > MAX_ITEMS) {
      log.warn("rejected: an order needs an id and 1 to {} items", MAX_ITEMS);
      return ResponseEntity.badRequest().build();
    }
    try (Scope order = LogContext.with("order_id", orderId)) {
      log.info("order received: {} items", skus.size());
      List<CompletableFuture<Quotes.Quote>> lines = new ArrayList<>();
      for (String sku : skus) {
        try (Scope item = LogContext.with("sku", sku)) {
          lines.add(quotes.quote(sku));
        }
      }
      long total =
          ContextFutures.allOf(lines.toArray(new CompletableFuture<?>[0]))
              .thenApply(done -> total(lines))
              .get(10, TimeUnit.SECONDS);
      log.info("order ready: total {} cents", total);
      return ResponseEntity.ok("{\"order_id\":\"" + orderId + "\",\"total_cents\":" + total + "}");
    } catch (ExecutionException | TimeoutException e) {
      log.error("order failed", e);
      return ResponseEntity.status(HttpStatus.BAD_GATEWAY).build();
    }
  }

  private static long total(List<CompletableFuture<Quotes.Quote>> lines) {
    long total = 0;
    for (CompletableFuture<Quotes.Quote> line : lines) {
      Quotes.Quote quote = line.join();
      if (quote.units() > 0) {
        total += quote.cents();
      }
    }
    log.info("{} items priced", lines.size());
    return total;
  }
}
