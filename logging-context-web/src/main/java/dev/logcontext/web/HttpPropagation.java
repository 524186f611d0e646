package dev.logcontext.web;

import dev.logcontext.EventFields;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import dev.logcontext.concurrent.ContextFutures;
import dev.logcontext.web.LogContextFilter.Field;
import dev.logcontext.web.internal.Ids;
import dev.logcontext.web.internal.TraceParent;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Puts the current context's ids on outgoing {@link java.net.http.HttpClient} requests, with
 * configurable header and field names; {@link ContextHttp} offers the same with the defaults.
 *
 * <p>From the current context it sends the correlation id field ({@code correlation_id}) as {@code
 * X-Correlation-ID}, and, when {@code trace_id} and {@code span_id} are bound, a W3C {@code
 * traceparent} naming this request's span as the parent ({@code 00-trace_id-span_id-trace_flags},
 * flags {@code 00} when none are bound). The request id is not sent: each service generates its
 * own. The names must match those of the {@link LogContextFilter} that bound them. The context is
 * read as log events see it ({@link EventFields#capture()}): with a tracer's event field source
 * installed, the {@code traceparent} names the tracer's current span.
 *
 * <p>Thread-safety: immutable; use one instance from any thread. Bad input: values in the context
 * that are not valid ids (see {@link LogContextFilter}) or not lowercase hex of the right length
 * are not sent; null arguments throw {@link NullPointerException}.
 */
public final class HttpPropagation {
  private static final HttpPropagation DEFAULTS = new Builder().build();

  private final String correlationIdHeader;
  private final String traceparentHeader;
  private final String correlationIdField;
  private final String traceIdField;
  private final String spanIdField;
  private final String traceFlagsField;
  private final int maxIdLength;

  private HttpPropagation(Builder builder) {
    this.correlationIdHeader = builder.correlationIdHeader;
    this.traceparentHeader = builder.traceparentHeader;
    this.correlationIdField = builder.correlationIdField;
    this.traceIdField = builder.traceIdField;
    this.spanIdField = builder.spanIdField;
    this.traceFlagsField = builder.traceFlagsField;
    this.maxIdLength = builder.maxIdLength;
  }

  /** Returns the propagation with the default header and field names. */
  public static HttpPropagation defaults() {
    return DEFAULTS;
  }

  /** Returns a new builder holding the default names. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sets the propagation headers from the current context on {@code builder}, replacing values it
   * already had for them, and returns it.
   *
   * <pre>{@code
   * HttpRequest request = propagation.propagate(HttpRequest.newBuilder(uri)).GET().build();
   * }</pre>
   */
  public HttpRequest.Builder propagate(HttpRequest.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    Snapshot snapshot = EventFields.capture();
    String correlationId = correlationId(snapshot);
    if (correlationId != null) {
      builder.setHeader(correlationIdHeader, correlationId);
    }
    String traceparent = traceparent(snapshot);
    if (traceparent != null) {
      builder.setHeader(traceparentHeader, traceparent);
    }
    return builder;
  }

  /**
   * Returns {@code request} with the propagation headers of the current context added where it has
   * none of its own (a header the caller set is kept), or {@code request} itself when nothing is to
   * be added.
   */
  public HttpRequest propagate(HttpRequest request) {
    Objects.requireNonNull(request, "request");
    Snapshot snapshot = EventFields.capture();
    String correlationId = correlationId(snapshot);
    String traceparent = traceparent(snapshot);
    boolean addCorrelation =
        correlationId != null && request.headers().firstValue(correlationIdHeader).isEmpty();
    boolean addTrace =
        traceparent != null && request.headers().firstValue(traceparentHeader).isEmpty();
    if (!addCorrelation && !addTrace) {
      return request;
    }
    HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true);
    if (addCorrelation) {
      copy.setHeader(correlationIdHeader, correlationId);
    }
    if (addTrace) {
      copy.setHeader(traceparentHeader, traceparent);
    }
    return copy.build();
  }

  /**
   * Returns the propagation headers of the current context, header name to value, in the order
   * correlation id, {@code traceparent}; empty when the context holds nothing valid to send. The
   * form for HTTP clients other than {@code java.net.http}: the caller sets each header on its own
   * request type.
   *
   * <pre>{@code
   * propagation.headers().forEach((name, value) -> request.getHeaders().set(name, value));
   * }</pre>
   *
   * @return a new unmodifiable map
   */
  public Map<String, String> headers() {
    Snapshot snapshot = LogContext.capture();
    String correlationId = correlationId(snapshot);
    String traceparent = traceparent(snapshot);
    if (correlationId == null && traceparent == null) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>(4);
    if (correlationId != null) {
      headers.put(correlationIdHeader, correlationId);
    }
    if (traceparent != null) {
      headers.put(traceparentHeader, traceparent);
    }
    return Collections.unmodifiableMap(headers);
  }

  /**
   * Sends {@code request} with the propagation headers (see {@link #propagate(HttpRequest)}) and
   * waits for the response; {@code handler} runs in the caller's context.
   */
  public <T> HttpResponse<T> send(HttpClient client, HttpRequest request, BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Objects.requireNonNull(client, "client");
    return client.send(propagate(request), inContext(handler, LogContext.capture()));
  }

  /**
   * Sends {@code request} with the propagation headers (see {@link #propagate(HttpRequest)})
   * asynchronously. The returned future is a {@code ContextFutures} future: every stage added to it
   * runs in the context current where the stage was added, although the client completes it on its
   * own threads; {@code handler} runs in the caller's context.
   *
   * <pre>{@code
   * propagation.sendAsync(client, request, BodyHandlers.ofString())
   *     .thenAccept(response -> log.info("got {}", response.statusCode())); // carries the ids
   * }</pre>
   */
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpClient client, HttpRequest request, BodyHandler<T> handler) {
    Objects.requireNonNull(client, "client");
    HttpRequest propagated = propagate(request);
    return ContextFutures.from(
        client.sendAsync(propagated, inContext(handler, LogContext.capture())));
  }

  @SuppressWarnings("try") // the scope only restores the context
  private static <T> BodyHandler<T> inContext(BodyHandler<T> handler, Snapshot snapshot) {
    Objects.requireNonNull(handler, "handler");
    return responseInfo -> {
      try (Scope scope = snapshot.attach()) {
        return handler.apply(responseInfo);
      }
    };
  }

  private String correlationId(Snapshot snapshot) {
    Object value = snapshot.get(correlationIdField);
    return value instanceof String id && Ids.isValidId(id, maxIdLength) ? id : null;
  }

  private String traceparent(Snapshot snapshot) {
    Object traceId = snapshot.get(traceIdField);
    Object spanId = snapshot.get(spanIdField);
    if (!(traceId instanceof String trace && Ids.isNonZeroHex(trace, 32))
        || !(spanId instanceof String span && Ids.isNonZeroHex(span, 16))) {
      return null;
    }
    Object flagsValue = snapshot.get(traceFlagsField);
    String flags =
        flagsValue instanceof String f && f.length() == 2 && Ids.isNonZeroHex("0" + f, 3)
            ? f
            : "00";
    return TraceParent.format(trace, span, flags);
  }

  /**
   * Collects the names of an {@link HttpPropagation}. Not thread-safe. Setters throw {@link
   * IllegalArgumentException} for an invalid header name, a field name outside the key rule or a
   * length out of range, {@link NullPointerException} for null.
   */
  public static final class Builder {
    private String correlationIdHeader = "X-Correlation-ID";
    private String traceparentHeader = "traceparent";
    private String correlationIdField = Field.CORRELATION_ID.defaultName();
    private String traceIdField = Field.TRACE_ID.defaultName();
    private String spanIdField = Field.SPAN_ID.defaultName();
    private String traceFlagsField = Field.TRACE_FLAGS.defaultName();
    private int maxIdLength = 64;

    private Builder() {}

    /** Sets the header carrying the correlation id; default {@code X-Correlation-ID}. */
    public Builder correlationIdHeader(String name) {
      this.correlationIdHeader = LogContextFilter.Builder.headerName(name);
      return this;
    }

    /** Sets the trace context header; default {@code traceparent}. */
    public Builder traceparentHeader(String name) {
      this.traceparentHeader = LogContextFilter.Builder.headerName(name);
      return this;
    }

    /** Sets the context field read for the correlation id; default {@code correlation_id}. */
    public Builder correlationIdField(String name) {
      this.correlationIdField = fieldName(name);
      return this;
    }

    /** Sets the context field read for the trace id; default {@code trace_id}. */
    public Builder traceIdField(String name) {
      this.traceIdField = fieldName(name);
      return this;
    }

    /** Sets the context field read for the current span id; default {@code span_id}. */
    public Builder spanIdField(String name) {
      this.spanIdField = fieldName(name);
      return this;
    }

    /** Sets the context field read for the trace flags; default {@code trace_flags}. */
    public Builder traceFlagsField(String name) {
      this.traceFlagsField = fieldName(name);
      return this;
    }

    /** Sets the longest correlation id sent, 1 to 256; default 64. */
    public Builder maxIdLength(int length) {
      if (length < 1 || length > Ids.MAX_CONFIGURABLE_LENGTH) {
        throw new IllegalArgumentException("maxIdLength must be 1 to 256, was " + length);
      }
      this.maxIdLength = length;
      return this;
    }

    /** Returns an immutable propagation with these names. */
    public HttpPropagation build() {
      return new HttpPropagation(this);
    }

    private static String fieldName(String name) {
      Objects.requireNonNull(name, "name");
      return LogContextFilter.requireFieldName(name);
    }
  }
}
