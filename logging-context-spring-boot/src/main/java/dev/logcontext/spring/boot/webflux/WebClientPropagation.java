package dev.logcontext.spring.boot.webflux;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import dev.logcontext.micrometer.LogContextAccessor;
import dev.logcontext.web.HttpPropagation;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * The {@link ExchangeFilterFunction} that puts the request's correlation id and {@code traceparent}
 * on outgoing {@code WebClient} requests, exactly as {@link HttpPropagation} does for the JDK
 * client (same headers, same validation: it asks {@link HttpPropagation} which headers to send).
 * The context is the one in the Reactor context under {@link LogContextAccessor#KEY} (what {@link
 * LogContextWebFilter} wrote), else the subscribing thread's. A header the caller set is kept.
 */
final class WebClientPropagation implements ExchangeFilterFunction {
  private static final URI PROBE = URI.create("http://localhost/");

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
          Map<String, List<String>> headers = headers(snapshot);
          if (headers.isEmpty()) {
            return next.exchange(request);
          }
          ClientRequest.Builder copy = ClientRequest.from(request);
          boolean added = false;
          for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (request.headers().getFirst(header.getKey()) == null) {
              copy.header(header.getKey(), header.getValue().toArray(String[]::new));
              added = true;
            }
          }
          return next.exchange(added ? copy.build() : request);
        });
  }

  @SuppressWarnings("try") // the scope only makes the snapshot current for HttpPropagation
  private Map<String, List<String>> headers(Snapshot snapshot) {
    try (Scope scope = snapshot.attach()) {
      return propagation.propagate(HttpRequest.newBuilder(PROBE)).build().headers().map();
    }
  }
}
