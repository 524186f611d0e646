package dev.logcontext.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes only bind fields for the test
class HttpPropagationTest {
  private static final URI URI_ = URI.create("http://127.0.0.1:9/x");

  @AfterEach
  void contextIsEmptyAgain() {
    assertThat(LogContext.capture().size()).isZero();
  }

  @Test
  void addsNothingOutsideAnyRequest() {
    HttpRequest request = ContextHttp.propagate(HttpRequest.newBuilder(URI_)).build();
    assertThat(request.headers().map()).isEmpty();
  }

  @Test
  void sendsTheCorrelationIdAndATraceparentNamingTheCurrentSpan() {
    try (Scope scope =
        LogContext.with("correlation_id", "c-1")
            .and("request_id", "r-1")
            .and("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
            .and("span_id", "1111111111111111")
            .and("trace_flags", "01")) {
      HttpRequest request = ContextHttp.propagate(HttpRequest.newBuilder(URI_)).build();
      assertThat(request.headers().firstValue("X-Correlation-ID")).contains("c-1");
      assertThat(request.headers().firstValue("traceparent"))
          .contains("00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01");
      assertThat(request.headers().firstValue("X-Request-ID")).isEmpty();
    }
  }

  @Test
  void neverSendsValuesThatAreNotValidIds() {
    try (Scope scope =
        LogContext.with("correlation_id", "bad value\r\n")
            .and("trace_id", "not-hex")
            .and("span_id", "1111111111111111")) {
      HttpRequest request = ContextHttp.propagate(HttpRequest.newBuilder(URI_)).build();
      assertThat(request.headers().map()).isEmpty();
    }
  }

  @Test
  void aPrebuiltRequestKeepsHeadersTheCallerSet() {
    try (Scope scope = LogContext.with("correlation_id", "c-ctx")) {
      HttpRequest own = HttpRequest.newBuilder(URI_).header("X-Correlation-ID", "c-own").build();
      assertThat(ContextHttp.propagate(own)).isSameAs(own);
      HttpRequest plain = HttpRequest.newBuilder(URI_).header("Accept", "text/plain").build();
      HttpRequest propagated = ContextHttp.propagate(plain);
      assertThat(propagated.headers().firstValue("X-Correlation-ID")).contains("c-ctx");
      assertThat(propagated.headers().firstValue("Accept")).contains("text/plain");
    }
  }

  @Test
  void namesAreConfigurable() {
    HttpPropagation propagation =
        HttpPropagation.builder().correlationIdHeader("X-Corr").correlationIdField("corr").build();
    try (Scope scope = LogContext.with("corr", "c-2")) {
      HttpRequest request = propagation.propagate(HttpRequest.newBuilder(URI_)).build();
      assertThat(request.headers().firstValue("X-Corr")).contains("c-2");
    }
  }

  @Test
  void headersListsWhatWouldBeSentForOtherClients() {
    assertThat(HttpPropagation.defaults().headers()).as("outside any request").isEmpty();
    try (Scope scope =
        LogContext.with("correlation_id", "c-3")
            .and("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
            .and("span_id", "1111111111111111")
            .and("trace_flags", "01")) {
      assertThat(HttpPropagation.defaults().headers())
          .containsExactly(
              entry("X-Correlation-ID", "c-3"),
              entry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01"));
    }
    try (Scope scope = LogContext.with("correlation_id", "bad value\r\n")) {
      assertThat(HttpPropagation.defaults().headers()).as("invalid id").isEmpty();
    }
  }
}
