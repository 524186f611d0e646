package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.concurrent.ContextExecutors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * Many request threads, each binding its own correlation id, logging on its own thread and from a
 * shared propagating pool; then every line is checked against the id in its message.
 */
final class RequestLoad {
  static final int THREADS = 8;
  static final int REQUESTS_PER_THREAD = 250;

  private RequestLoad() {}

  /** Logs two events per request (request thread, pool worker); returns the expected count. */
  static int run(Logger log) throws Exception {
    ExecutorService requests = Executors.newFixedThreadPool(THREADS);
    ExecutorService pool = ContextExecutors.propagating(Executors.newFixedThreadPool(3));
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(requests.submit(() -> requestsOf(thread, log, pool)));
      }
      for (Future<?> future : done) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      requests.shutdownNow();
      pool.shutdownNow();
    }
    return THREADS * REQUESTS_PER_THREAD * 2;
  }

  private static Void requestsOf(int thread, Logger log, ExecutorService pool) throws Exception {
    for (int r = 0; r < REQUESTS_PER_THREAD; r++) {
      String id = "req-" + thread + "-" + r;
      try (Scope scope = LogContext.with("correlation_id", id).and("user_id", (long) r)) {
        ThreadContext.put("tenant", "t" + thread);
        log.info("request {} start", id);
        pool.submit(() -> log.info("request {} worker", id)).get(30, TimeUnit.SECONDS);
        ThreadContext.remove("tenant");
      }
    }
    return null;
  }

  /**
   * Checks that every line carries the correlation id named in its message, the user id and the
   * tenant, and that no request lost a line.
   */
  static void check(List<JsonNode> events, int expected, boolean typed, boolean tenantPropagates) {
    assertThat(events).as("nothing lost").hasSize(expected);
    Set<String> seen = new HashSet<>();
    for (JsonNode event : events) {
      String message = event.get("message").asText();
      String id = message.split(" ")[1];
      assertThat(event.path("correlation_id").asText())
          .as("correlation id of %s", message)
          .isEqualTo(id);
      long r = Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
      JsonNode user = event.get("user_id");
      assertThat(user).as("user_id of %s", message).isNotNull();
      if (typed) {
        assertThat(user.isIntegralNumber()).as("user_id typed in %s", message).isTrue();
      }
      assertThat(user.asLong()).isEqualTo(r);
      boolean worker = message.endsWith("worker");
      if (!worker || tenantPropagates) {
        String thread = id.substring(4, id.indexOf('-', 4));
        assertThat(event.path("tenant").asText())
            .as("tenant of %s", message)
            .isEqualTo("t" + thread);
      }
      assertThat(seen.add(message)).as("%s logged once", message).isTrue();
    }
  }
}
