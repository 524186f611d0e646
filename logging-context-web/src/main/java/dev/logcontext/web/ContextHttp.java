package dev.logcontext.web;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.util.concurrent.CompletableFuture;

/**
 * Outgoing {@link HttpClient} calls that carry the current request's ids, with the default names of
 * {@link HttpPropagation#defaults()}.
 *
 * <pre>{@code
 * HttpRequest request = ContextHttp.propagate(HttpRequest.newBuilder(uri)).GET().build();
 * ContextHttp.sendAsync(client, request, BodyHandlers.ofString())
 *     .thenApply(HttpResponse::body)            // runs with the caller's ids bound
 *     .thenAccept(body -> log.info("stock {}", body));
 * }</pre>
 *
 * <p>Thread-safety: stateless; every method reads the calling thread's context when called. Bad
 * input: as {@link HttpPropagation}.
 */
public final class ContextHttp {
  private ContextHttp() {}

  /** Sets the correlation id and {@code traceparent} of the current context on {@code builder}. */
  public static HttpRequest.Builder propagate(HttpRequest.Builder builder) {
    return HttpPropagation.defaults().propagate(builder);
  }

  /** Returns {@code request} with the current context's ids added where it has none. */
  public static HttpRequest propagate(HttpRequest request) {
    return HttpPropagation.defaults().propagate(request);
  }

  /** Sends {@code request} with the current context's ids and waits for the response. */
  public static <T> HttpResponse<T> send(
      HttpClient client, HttpRequest request, BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return HttpPropagation.defaults().send(client, request, handler);
  }

  /**
   * Sends {@code request} with the current context's ids; every stage added to the returned future
   * runs in the context current where it was added.
   */
  public static <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpClient client, HttpRequest request, BodyHandler<T> handler) {
    return HttpPropagation.defaults().sendAsync(client, request, handler);
  }
}
