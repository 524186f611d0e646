package dev.logcontext.boot.tests;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.async.DeferredResult;

/** {@code @Async} and {@code @Scheduled} methods, run on Boot's executor and scheduler. */
@Service
public class AsyncWork {
  private static final Logger log = LoggerFactory.getLogger("shop.async");

  /** Logs on Boot's task executor. */
  @Async
  public CompletableFuture<String> audit(String key) {
    log.info("audit {}", key);
    return CompletableFuture.completedFuture(key);
  }

  /** Logs on Boot's task executor, then completes {@code result}. */
  @Async
  public void complete(String key, DeferredResult<String> result) {
    log.info("deferred {}", key);
    result.setResult("deferred " + key);
  }

  /** Logs on Boot's scheduler, where no request is ever current. */
  @Scheduled(fixedDelay = 100)
  public void tick() {
    log.info("tick");
  }
}
