package dev.logcontext.boot.tests;

import dev.logcontext.concurrent.ContextFutures;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.server.ResponseStatusException;

/** The endpoints: each logs on the threads and dispatches named in its lines. */
@RestController
public class ShopController {
  private static final Logger log = LoggerFactory.getLogger("shop");

  private final AsyncWork async;
  private final ExecutorService plainPool;
  private final TaskScheduler scheduler;
  private final RestClient restClient;
  private final RestTemplate restTemplate;
  private final String downstream;

  ShopController(
      AsyncWork async,
      ExecutorService plainPool,
      TaskScheduler scheduler,
      RestClient restClient,
      RestTemplate restTemplate,
      @Value("${shop.downstream:}") String downstream) {
    this.async = async;
    this.plainPool = plainPool;
    this.scheduler = scheduler;
    this.restClient = restClient;
    this.restTemplate = restTemplate;
    this.downstream = downstream;
  }

  /**
   * Logs in the controller, in an {@code @Async} method, in a ContextFutures stage on a plain pool,
   * in a task given to Boot's scheduler, and after calling the stock service with RestClient and
   * RestTemplate.
   */
  @GetMapping("/orders/{key}")
  String order(@PathVariable("key") String key) {
    log.info("order {}", key);
    async.audit(key).join();
    ContextFutures.supplyAsync(
            () -> {
              log.info("future {}", key);
              return key;
            },
            plainPool)
        .thenAccept(value -> log.info("future stage {}", value))
        .join();
    CompletableFuture<Void> scheduled = new CompletableFuture<>();
    scheduler.schedule(
        () -> {
          log.info("scheduled {}", key);
          scheduled.complete(null);
        },
        Instant.now());
    scheduled.join();
    String stock = restClient.get().uri(downstream + "/stock/{key}", key).retrieve().body(String.class);
    log.info("stock {} by RestClient: {}", key, stock);
    String again = restTemplate.getForObject(downstream + "/stock/{key}", String.class, key);
    log.info("stock {} by RestTemplate: {}", key, again);
    return "order " + key;
  }

  /** Logs in the controller and in the Callable, which Spring MVC runs on Boot's executor. */
  @GetMapping("/callable/{key}")
  Callable<String> callable(@PathVariable("key") String key) {
    log.info("callable {} accepted", key);
    return () -> {
      log.info("callable {}", key);
      return "callable " + key;
    };
  }

  /** Logs in the controller and where an {@code @Async} method completes the result. */
  @GetMapping("/deferred/{key}")
  DeferredResult<String> deferred(@PathVariable("key") String key) {
    log.info("deferred {} accepted", key);
    DeferredResult<String> result = new DeferredResult<>();
    async.complete(key, result);
    return result;
  }

  /** Fails with 404: Boot's error page renders it in an ERROR dispatch. */
  @GetMapping("/missing/{key}")
  String missing(@PathVariable("key") String key) {
    log.info("missing {}", key);
    throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no " + key);
  }

  /** The stock service, called by the shop. */
  @GetMapping("/stock/{key}")
  String stock(@PathVariable("key") String key) {
    log.info("stock lookup {}", key);
    return "7";
  }
}
