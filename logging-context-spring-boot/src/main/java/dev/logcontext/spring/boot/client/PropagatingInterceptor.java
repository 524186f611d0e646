package dev.logcontext.spring.boot.client;

import dev.logcontext.web.HttpPropagation;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Adds the current context's propagation headers to each request, keeping a header the caller set
 * itself. Thread-safe: immutable.
 */
final class PropagatingInterceptor implements ClientHttpRequestInterceptor {
  private final HttpPropagation propagation;

  PropagatingInterceptor(HttpPropagation propagation) {
    this.propagation = propagation;
  }

  @Override
  public ClientHttpResponse intercept(
      HttpRequest request, byte[] body, ClientHttpRequestExecution execution) throws IOException {
    HttpHeaders headers = request.getHeaders();
    for (Map.Entry<String, String> header : propagation.headers().entrySet()) {
      if (headers.getFirst(header.getKey()) == null) {
        headers.set(header.getKey(), header.getValue());
      }
    }
    return execution.execute(request, body);
  }
}
