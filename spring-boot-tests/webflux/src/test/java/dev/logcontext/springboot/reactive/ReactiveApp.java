package dev.logcontext.springboot.reactive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A WebFlux application on Netty, run by {@code WebFluxRequestIdsTest} in a JVM of its own, twice:
 * as the gateway and as the service it calls ({@code --downstream=<url>}). No code here binds or
 * passes an id.
 */
@SpringBootApplication
@RestController
public class ReactiveApp {
  private static final Logger log = LoggerFactory.getLogger("com.example.Orders");

  private final WebClient client;

  ReactiveApp(WebClient.Builder builder, @Value("${downstream:http://127.0.0.1:1}") String url) {
    this.client = builder.baseUrl(url).build();
  }

  /** Starts the application; it runs until the JVM is stopped. */
  public static void main(String[] args) {
    SpringApplication.run(ReactiveApp.class, args);
  }

  @GetMapping("/hello")
  Mono<String> hello() {
    log.info("hello on the event loop");
    return Mono.just("hello");
  }

  @GetMapping("/parallel")
  Mono<String> parallel() {
    return Mono.just("parallel")
        .publishOn(Schedulers.parallel())
        .map(
            value -> {
              log.info("on a parallel worker");
              return value;
            });
  }

  @GetMapping("/elastic")
  Mono<String> elastic() {
    return Mono.fromCallable(
            () -> {
              log.info("on a bounded elastic worker");
              return "elastic";
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  @GetMapping("/call")
  Mono<String> call() {
    log.info("calling downstream");
    return client
        .get()
        .uri("/parallel")
        .retrieve()
        .bodyToMono(String.class)
        .doOnNext(body -> log.info("downstream answered {}", body));
  }
}
