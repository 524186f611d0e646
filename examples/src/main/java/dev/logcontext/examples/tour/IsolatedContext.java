package dev.logcontext.examples.tour;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh, empty context for a piece of work that must not be attributed to the caller: Python's
 * {@code Context().run(fn)} is {@code Snapshot.empty().run(task)}. Nothing from outside is visible
 * inside, and nothing bound inside escapes.
 */
public final class IsolatedContext {
  private static final Logger log = LoggerFactory.getLogger(IsolatedContext.class);

  private IsolatedContext() {}

  /** Runs the example. */
  @SuppressWarnings("try") // scopes bind fields for their block; the block never names them
  public static void main(String[] args) {
    try (Scope request = LogContext.with("request_id", "r-7").and("user", "bob")) {
      log.info("handling the request");

      // Housekeeping that this request happens to trigger, but that is not part of it.
      Snapshot.empty()
          .run(
              () -> {
                log.info("cache cleanup: no request fields here");
                try (Scope cleanup = LogContext.with("job", "cache-cleanup")) {
                  log.info("cleanup binds its own field");
                }
              });

      log.info("back in the request: its fields are intact, job did not escape");
    }
  }
}
