package dev.logcontext.examples.tour;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracing ids as nested scopes: a trace has one {@code trace_id}; each unit of work is a span with
 * its own {@code span_id} and its parent's as {@code parent_span_id}. Opening a child span is a
 * scope; closing it makes the parent current again, with no bookkeeping.
 */
public final class NestedSpans {
  private static final Logger log = LoggerFactory.getLogger(NestedSpans.class);

  private NestedSpans() {}

  /** Runs the example. */
  @SuppressWarnings("try") // scopes bind fields for their block; the block never names them
  public static void main(String[] args) {
    try (Scope trace =
        LogContext.with("trace_id", randomHex(16))
            .and("span_id", randomHex(8))
            .and("span_name", "checkout")) {
      log.info("checkout starts"); // the root span: no parent

      try (Scope payment = span("payment")) {
        log.info("charging the card"); // parent_span_id = the root's span_id

        try (Scope fraud = span("fraud-check")) {
          log.info("scoring the payment"); // a grandchild: its parent is payment's span
        }
        log.info("card charged"); // payment's span is current again
      }

      try (Scope shipping = span("shipping")) {
        log.info("booking the courier"); // a sibling of payment: same parent, the root
      }
      log.info("checkout done"); // the root span again
    }
  }

  /** Opens a child of the current span: a new span_id, the current one as its parent. */
  static Scope span(String name) {
    Object parent = LogContext.get("span_id");
    return LogContext.with("span_id", randomHex(8))
        .and("parent_span_id", parent)
        .and("span_name", name);
  }

  private static String randomHex(int bytes) {
    byte[] id = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(id);
    id[0] |= 1; // never all zeros
    return HexFormat.of().formatHex(id);
  }
}
