package dev.logcontext.examples.tour;

import dev.logcontext.ContextKey;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closing a scope restores the previous value: Python's {@code token = var.set(v)} ... {@code
 * var.reset(token)}, where the scope is the token. Nested rebinding of the same key unwinds one
 * level at a time, even when the block ends with an exception.
 */
public final class TokenRestore {
  // A typed key, created once, like a module-level ContextVar.
  static final ContextKey<String> USER = ContextKey.of("user", String.class);
  private static final Logger log = LoggerFactory.getLogger(TokenRestore.class);

  private TokenRestore() {}

  /** Runs the example. */
  @SuppressWarnings("try") // scopes bind fields for their block; the block never names them
  public static void main(String[] args) {
    try (Scope anonymous = LogContext.with(USER, "anonymous")) {
      log.info("request arrives"); // user=anonymous

      try (Scope login = LogContext.with(USER, "alice")) {
        log.info("after login"); // user=alice

        try (Scope sudo = LogContext.with(USER, "admin")) {
          log.info("inside sudo"); // user=admin: same key, rebound
        }
        log.info("sudo closed: the previous value is back"); // user=alice, not removed

        try (Scope impersonation = LogContext.with(USER, "mallory")) {
          throw new IllegalStateException("impersonation refused");
        } catch (IllegalStateException e) {
          // The scope was closed before this catch block ran, exception or not.
          log.info("after an exception: {}", e.getMessage()); // user=alice
        }
      }
      log.info("login scope closed: the original value is back"); // user=anonymous
    }
  }
}
