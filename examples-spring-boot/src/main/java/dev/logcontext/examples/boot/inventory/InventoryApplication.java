package dev.logcontext.examples.boot.inventory;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code inventory} service: {@code GET /stock/<sku>} answers the units in stock of a known
 * item (404 for an unknown one). Its lines carry the gateway's correlation id because the gateway's
 * {@code RestClient} sent it and the starter's filter bound it.
 *
 * <p>Thread-safety: the controller is stateless. Bad input: an unknown sku gets 404 and a warning
 * line that carries the request's ids.
 */
@SpringBootApplication
@RestController
public class InventoryApplication {
  private static final Logger log = LoggerFactory.getLogger(InventoryApplication.class);
  private static final Map<String, Integer> STOCK =
      Map.of("apple", 12, "fig", 0, "kiwi", 3, "lime", 40, "pear", 7);

  /** Creates the application; Spring calls this. */
  public InventoryApplication() {}

  /** Returns the units in stock of {@code sku}. */
  @GetMapping("/stock/{sku}")
  public ResponseEntity<String> stock(@PathVariable("sku") String sku) {
    Integer units = STOCK.get(sku);
    if (units == null) {
      log.warn("unknown item");
      return ResponseEntity.notFound().build();
    }
    log.info("stock of {}: {} units", sku, units);
    return ResponseEntity.ok(Integer.toString(units));
  }
}
