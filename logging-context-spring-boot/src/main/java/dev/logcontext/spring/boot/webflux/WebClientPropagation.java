package dev.logcontext.spring.boot.webflux;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import dev.logcontext.micrometer.LogContextAccessor;
import dev.logcontext.web.HttpPropagation;
import java.util.Map;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * The {@link ExchangeFilterFunction} that puts the request's correlation id and {@code traceparent}
 * on outgoing {@code WebClient} requests, exactly as {@link HttpPropagation} does for the JDK
 * client (same headers, same validation: it takes {@link HttpPropagation#headers()}). The context
 * is the one in the Reactor context under {@link LogContextAccessor#KEY} (what {@link
 * LogContextWebFilter} wrote), else the subscribing thread's. A header the caller set is kept.
 */
final class WebClientPropagation implements ExchangeFilterFunction {
  private final HttpPropagation propagation;

  WebClientPropagation(HttpPropagation propagation) {
    this.propagation = propagation;
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    return Mono.deferContextual(
        context -> {
          Object bound = context.getOrDefault(LogContextAccessor.KEY, null);
          Snapshot snapshot = bound instanceof Snapshot s ? s : LogContext.capture();
          Map<String, String> headers = headers(snapshot);
          if (headers.isEmpty()) {
            return next.exchange(request);
          }
          ClientRequest.Builder copy = ClientRequest.from(request);
          boolean added = false;
          for (Map.Entry<String, String> header : headers.entrySet()) {
            if (request.headers().getFirst(header.getKey()) == null) {
              copy.header(header.getKey(), header.getValue());
              added = true;
            }
          }
          return next.exchange(added ? copy.build() : request);
        });
  }

  @SuppressWarnings("try") // the scope only makes the snapshot current for HttpPropagation
  private Map<String, String> headers(Snapshot snapshot) {
    try (Scope scope = snapshot.attach()) {
      return propagation.headers();
    }
  }
}
