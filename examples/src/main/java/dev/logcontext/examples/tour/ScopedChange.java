package dev.logcontext.examples.tour;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A temporary change, like a {@code @contextmanager} in Python: fields bound for one block of work,
 * gone afterwards. {@code LogContext.with(..).run(..)} is the one-line form; {@code call(..)}
 * returns a value.
 */
public final class ScopedChange {
  private static final Logger log = LoggerFactory.getLogger(ScopedChange.class);

  private ScopedChange() {}

  /** Runs the example. */
  @SuppressWarnings("try") // scopes bind fields for their block; the block never names them
  public static void main(String[] args) throws Exception {
    try (Scope job = LogContext.with("job", "nightly-import")) {
      log.info("import starts"); // job only

      // One line: bind, run, restore.
      LogContext.with("phase", "validate").run(() -> log.info("checking the file"));

      // call(..) returns what the task returns; every line inside carries phase and batch.
      int imported =
          LogContext.with("phase", "load")
              .and("batch", 7)
              .call(
                  () -> {
                    log.info("loading rows");
                    return 1200;
                  });

      log.info("import done: {} rows", imported); // phase and batch are gone again
    }
  }
}
