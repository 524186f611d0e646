package dev.logcontext.examples.demo.services;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code inventory} service: {@code GET /stock/<sku>} reserves one unit and answers how many
 * units were available before, as plain text. It knows nothing about correlation ids: the filter
 * took the caller's {@code X-Correlation-ID} and bound it.
 */
public final class InventoryServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(InventoryServlet.class);
  private static final int LOW_STOCK = 5;

  private final transient ConcurrentMap<String, Integer> stock = new ConcurrentHashMap<>();

  /** Creates the service with every product of the {@link Catalogue} fully stocked. */
  public InventoryServlet() {
    for (String sku : Catalogue.SKUS) {
      stock.put(sku, Catalogue.INITIAL_STOCK);
    }
  }

  @Override
  @SuppressWarnings("try") // the scope only adds the sku to the lines below
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    String sku = path == null ? "" : path.substring(1);
    if (!Catalogue.contains(sku)) {
      log.warn("unknown product requested");
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    try (Scope item = LogContext.with("sku", sku)) {
      pause(); // a database call, in a real service
      int[] before = new int[1];
      stock.computeIfPresent(
          sku,
          (key, units) -> {
            before[0] = units;
            return Math.max(0, units - 1);
          });
      int available = before[0];
      if (available == 0) {
        log.warn("out of stock");
      } else if (available <= LOW_STOCK) {
        log.warn("low stock: reserved 1 of the last {}", available);
      } else {
        log.info("reserved 1 of {} in stock", available);
      }
      response.setContentType("text/plain;charset=utf-8");
      response.getWriter().print(available);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(1, 6));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
