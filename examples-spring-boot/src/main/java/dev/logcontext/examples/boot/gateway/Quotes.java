package dev.logcontext.examples.boot.gateway;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * Quotes one item on Boot's task executor: its price, and its stock from the inventory service.
 *
 * <p>Not final: Spring subclasses it to run {@link #quote} asynchronously. Thread-safety: stateless
 * apart from the immutable {@code RestClient}. Bad input: an item the inventory does not know
 * counts as out of stock.
 */
@Service
public class Quotes {
  private static final Logger log = LoggerFactory.getLogger(Quotes.class);

  private final RestClient inventory;

  /** A priced item and its units in stock. */
  public record Quote(long cents, int units) {}

  /** Creates the quotes, calling the inventory at {@code example.inventory-url}. */
  public Quotes(
      RestClient.Builder builder, @Value("${example.inventory-url}") String inventoryUrl) {
    this.inventory = builder.baseUrl(inventoryUrl).build();
  }

  /** Returns the quote of {@code sku}, computed on Boot's task executor. */
  @Async
  public CompletableFuture<Quote> quote(String sku) {
    long cents = 100L + Math.floorMod(sku.hashCode(), 400);
    log.info("priced at {} cents", cents);
    int units;
    try {
      String body = inventory.get().uri("/stock/{sku}", sku).retrieve().body(String.class);
      units = body == null ? 0 : Integer.parseInt(body.trim());
    } catch (HttpClientErrorException.NotFound e) {
      units = 0;
    }
    log.info("inventory answered: {} units", units);
    return CompletableFuture.completedFuture(new Quote(cents, units));
  }
}
