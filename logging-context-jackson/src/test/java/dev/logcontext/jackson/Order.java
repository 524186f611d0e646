package dev.logcontext.jackson;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** A domain object as users log them: nested records, a list, an Optional, exact money. */
record Order(
    long id,
    Customer customer,
    List<Line> lines,
    Optional<String> coupon,
    Optional<String> note,
    BigDecimal total,
    @JsonIgnore String cardNumber) {

  record Customer(String name, boolean vip) {}

  record Line(String sku, int quantity, BigDecimal price) {}

  static Order sample() {
    return new Order(
        42L,
        new Customer("Ada", true),
        List.of(
            new Line("A-1", 2, new BigDecimal("19.90")),
            new Line("B-7", 1, new BigDecimal("0.10"))),
        Optional.of("WELCOME"),
        Optional.empty(),
        new BigDecimal("39.900"),
        "4111 1111 1111 1111");
  }
}
