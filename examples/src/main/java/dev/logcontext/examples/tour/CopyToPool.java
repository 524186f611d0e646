package dev.logcontext.examples.tour;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.concurrent.ContextExecutors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool thread does not see the submitter's context: as in Python, where an executor task runs in
 * the worker's context unless you pass it {@code copy_context().run}. {@link
 * ContextExecutors#propagating} does that copy for every task, and restores the worker afterwards.
 */
public final class CopyToPool {
  private static final Logger log = LoggerFactory.getLogger(CopyToPool.class);

  private CopyToPool() {}

  /** Runs the example. */
  @SuppressWarnings("try") // scopes bind fields for their block; the block never names them
  public static void main(String[] args) throws Exception {
    // One thread, so every task below runs on the same worker and we can see what it keeps.
    ExecutorService plain = Executors.newSingleThreadExecutor(named("plain-worker"));
    ExecutorService propagating =
        ContextExecutors.propagating(Executors.newSingleThreadExecutor(named("copying-worker")));
    try {
      try (Scope request = LogContext.with("request_id", "r-42").and("user", "alice")) {
        log.info("submitting work");
        plain.submit(() -> log.info("plain pool: sees nothing")).get();
        propagating.submit(() -> log.info("propagating pool: sees the submitter's fields")).get();
        propagating
            .submit(
                () -> {
                  // A task may bind fields, even forget to close them ...
                  @SuppressWarnings({"try", "resource"})
                  Scope forgotten = LogContext.with("step", "left-open");
                  log.info("task binds step and never closes it");
                })
            .get();
      }
      // ... the worker is restored after every task: nothing leaks into the next one.
      propagating.submit(() -> log.info("next task, submitted outside any scope: clean")).get();
    } finally {
      plain.shutdown();
      propagating.shutdown();
      propagating.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return task -> new Thread(task, name);
  }
}
