package dev.logcontext.examples.demo.services;

import java.util.List;
import java.util.Map;

/** The demo shop's products and prices, shared by both services. */
public final class Catalogue {
  /** Product codes in a fixed order. */
  public static final List<String> SKUS = List.of("apple", "pear", "plum", "fig", "kiwi", "lime");

  private static final Map<String, Long> PRICE_CENTS =
      Map.of("apple", 45L, "pear", 60L, "plum", 35L, "fig", 120L, "kiwi", 50L, "lime", 30L);

  /** Units each product has in stock when the inventory service starts. */
  static final int INITIAL_STOCK = 25;

  private Catalogue() {}

  /** Returns whether {@code sku} is a product of the catalogue. */
  public static boolean contains(String sku) {
    return PRICE_CENTS.containsKey(sku);
  }

  static long priceCents(String sku) {
    return PRICE_CENTS.get(sku);
  }
}
