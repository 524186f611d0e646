package dev.logcontext.spring.boot.webflux;

import dev.logcontext.ContextKey;
import dev.logcontext.EventFields;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import dev.logcontext.TraceFields;
import dev.logcontext.micrometer.LogContextAccessor;
import dev.logcontext.spring.boot.LogContextWebProperties;
import dev.logcontext.web.HttpPropagation;
import dev.logcontext.web.LogContextFilter.Field;
import dev.logcontext.web.internal.AccessLog;
import dev.logcontext.web.internal.Ids;
import dev.logcontext.web.internal.TraceParent;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The WebFlux counterpart of the servlet {@code LogContextFilter}: binds a request's ids for the
 * whole exchange, with the same policy — untrusted {@code X-Request-ID}, {@code X-Correlation-ID}
 * and {@code traceparent} headers, generated UUIDv7 ids for absent or invalid ones (flagged {@code
 * *_rejected}, never logged), the ids echoed as response headers, the same field names and order
 * ({@code request_id}, {@code correlation_id}, trace fields, {@code http_method}, {@code
 * http_path}) — and, when {@code logcontext.web.access-log=true}, one access line per exchange
 * ({@code GET /orders/7 200 12ms} with {@code http_status} and {@code duration_ms}).
 *
 * <p>The filter defers to a tracer, as the servlet filter does: when an {@link EventFields} source
 * (such as the {@code MicrometerTraceFields} the tracing auto-configuration installs) reports a
 * current span as the filter is entered (WebFlux's server observation starts before the filters
 * run), it does not parse {@code traceparent} itself and binds the tracer's {@code trace_id},
 * {@code span_id} and {@code trace_flags} instead, so that every line of the exchange, the access
 * line included, carries the server span's ids once.
 *
 * <p>The snapshot is current while the rest of the chain is assembled, and is written into the
 * Reactor context under {@link LogContextAccessor#KEY}: with {@code
 * Hooks.enableAutomaticContextPropagation()} (Boot's {@code
 * spring.reactor.context-propagation=auto}, the default this module sets) context-propagation's
 * accessor makes it current on every thread that continues the exchange — Netty's event loop,
 * {@code publishOn(Schedulers.parallel())}, {@code boundedElastic} — and {@code WebClient} calls
 * made inside carry the correlation id on. {@link #snapshotOf(ServerWebExchange)} hands it to code
 * that leaves Reactor.
 *
 * <p>Thread-safety: immutable; one instance serves concurrent exchanges. Bad input: header values
 * are validated as described above; bad settings fail {@link #create} with an {@link
 * IllegalArgumentException} naming the property.
 */
public final class LogContextWebFilter implements WebFilter, Ordered {
  /** The order of the filter: early, so that the filters after it log with the ids. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  private static final String ATTRIBUTE = LogContextWebFilter.class.getName() + ".snapshot";
  private static final String MULTIPLE_VALUES = "\u0000";

  private final String requestIdHeader;
  private final String correlationIdHeader;
  private final String traceparentHeader;
  private final int maxIdLength;
  private final int maxPathLength;
  private final boolean echoHeaders;
  private final AccessLog accessLog;
  private final Map<Field, String> names;

  private LogContextWebFilter(LogContextWebProperties properties, Map<Field, String> names) {
    this.requestIdHeader = header("request-id-header", properties.requestIdHeader());
    this.correlationIdHeader = header("correlation-id-header", properties.correlationIdHeader());
    this.traceparentHeader = header("traceparent-header", properties.traceparentHeader());
    this.maxIdLength =
        inRange("max-id-length", properties.maxIdLength(), Ids.MAX_CONFIGURABLE_LENGTH);
    this.maxPathLength = inRange("max-path-length", properties.maxPathLength(), 8192);
    this.echoHeaders = properties.echoHeaders();
    this.names = names;
    String accessLogger = properties.accessLogger();
    if (properties.accessLog() && (accessLogger == null || accessLogger.isBlank())) {
      throw new IllegalArgumentException("logcontext.web.access-logger must not be blank");
    }
    this.accessLog =
        properties.accessLog()
            ? AccessLog.create(
                accessLogger, names.get(Field.HTTP_STATUS), names.get(Field.DURATION_MS))
            : null;
  }

  /**
   * Returns a filter with the settings of {@code properties}.
   *
   * @throws IllegalArgumentException naming the {@code logcontext.web} property whose value is bad
   *     (an invalid header name, a length out of range, an unknown or invalid field name, two
   *     fields sharing a name)
   */
  public static LogContextWebFilter create(LogContextWebProperties properties) {
    Objects.requireNonNull(properties, "properties");
    Map<Field, String> names = new EnumMap<>(Field.class);
    for (Field field : Field.values()) {
      names.put(field, field.defaultName());
    }
    for (Map.Entry<Field, String> rename : properties.renamedFields().entrySet()) {
      Field field = rename.getKey();
      String name = rename.getValue() == null ? "" : rename.getValue().trim();
      if (!ContextKey.isValidName(name)) {
        throw new IllegalArgumentException(
            "logcontext.web.field."
                + field.defaultName()
                + ": '"
                + name
                + "' is not a valid field name: 1-64 characters of [A-Za-z0-9_.@-], not starting"
                + " with a digit");
      }
      names.put(field, name);
    }
    if (new HashSet<>(names.values()).size() != names.size()) {
      throw new IllegalArgumentException("logcontext.web.field: two fields share a name: " + names);
    }
    return new LogContextWebFilter(properties, names);
  }

  /**
   * Returns the snapshot this filter bound for {@code exchange}, or null when the filter has not
   * handled it: the way to hand the request's context to work the application runs outside Reactor.
   */
  public static Snapshot snapshotOf(ServerWebExchange exchange) {
    return exchange.getAttribute(ATTRIBUTE) instanceof Snapshot snapshot ? snapshot : null;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  /** Binds the exchange's ids and runs the rest of the chain in them; see the class description. */
  @Override
  @SuppressWarnings("try") // the scope only makes the snapshot current while the chain is assembled
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (snapshotOf(exchange) != null) {
      return chain.filter(exchange);
    }
    long startNanos = System.nanoTime();
    ServerHttpRequest request = exchange.getRequest();
    String method = sanitize(request.getMethod().name(), 32);
    String path = sanitize(request.getPath().value(), maxPathLength);
    Snapshot snapshot = bind(request.getHeaders(), method, path);
    exchange.getAttributes().put(ATTRIBUTE, snapshot);
    ServerHttpResponse response = exchange.getResponse();
    if (echoHeaders) {
      response
          .getHeaders()
          .set(requestIdHeader, (String) snapshot.get(names.get(Field.REQUEST_ID)));
      response
          .getHeaders()
          .set(correlationIdHeader, (String) snapshot.get(names.get(Field.CORRELATION_ID)));
    }
    Mono<Void> rest;
    try (Scope scope = snapshot.attach()) {
      rest = chain.filter(exchange);
    }
    if (accessLog != null) {
      rest =
          rest.doFinally(signal -> logAccess(snapshot, response, method, path, signal, startNanos));
    }
    return rest.contextWrite(context -> context.put(LogContextAccessor.KEY, snapshot));
  }

  private void logAccess(
      Snapshot snapshot,
      ServerHttpResponse response,
      String method,
      String path,
      SignalType signal,
      long startNanos) {
    HttpStatusCode status = response.getStatusCode();
    int code;
    if (status != null && (signal != SignalType.ON_ERROR || response.isCommitted())) {
      code = status.value();
    } else {
      code = signal == SignalType.ON_ERROR ? 500 : 200;
    }
    long durationMs = (System.nanoTime() - startNanos) / 1_000_000L;
    accessLog.write(snapshot, method, path, code, durationMs);
  }

  private Snapshot bind(HttpHeaders headers, String method, String path) {
    String[] raw = idHeaders(headers);
    String rawRequestId = raw[0];
    String rawCorrelationId = raw[1];
    String rawTraceparent = raw[2];

    boolean requestIdValid = Ids.isValidId(rawRequestId, maxIdLength);
    String requestId = requestIdValid ? rawRequestId : Ids.newRequestId();
    boolean correlationIdValid = Ids.isValidId(rawCorrelationId, maxIdLength);
    String correlationId = correlationIdValid ? rawCorrelationId : requestId;
    TraceParent traceParent = TraceParent.parse(rawTraceparent);
    Snapshot tracer = tracerSpan();

    Snapshot snapshot =
        LogContext.capture()
            .with(names.get(Field.REQUEST_ID), requestId)
            .with(names.get(Field.CORRELATION_ID), correlationId);
    if (rawRequestId != null && !requestIdValid) {
      snapshot = snapshot.with(names.get(Field.REQUEST_ID_REJECTED), Boolean.TRUE);
    }
    if (rawCorrelationId != null && !correlationIdValid) {
      snapshot = snapshot.with(names.get(Field.CORRELATION_ID_REJECTED), Boolean.TRUE);
    }
    if (tracer != null) {
      snapshot =
          TraceFields.with(
              snapshot,
              (String) tracer.get(TraceFields.TRACE_ID),
              (String) tracer.get(TraceFields.SPAN_ID),
              tracer.get(TraceFields.TRACE_FLAGS) instanceof String flags ? flags : null);
    } else if (traceParent != null) {
      snapshot =
          snapshot
              .with(names.get(Field.TRACE_ID), traceParent.traceId())
              .with(names.get(Field.SPAN_ID), Ids.newSpanId())
              .with(names.get(Field.PARENT_SPAN_ID), traceParent.parentId())
              .with(names.get(Field.TRACE_FLAGS), traceParent.flags());
    } else if (rawTraceparent != null) {
      snapshot = snapshot.with(names.get(Field.TRACEPARENT_REJECTED), Boolean.TRUE);
    }
    return snapshot
        .with(names.get(Field.HTTP_METHOD), method)
        .with(names.get(Field.HTTP_PATH), path);
  }

  /**
   * Returns the event context when an {@link EventFields} source reports a current span (the
   * tracer's server span), else null: then the tracer owns the trace ids and the filter binds the
   * tracer's, as the servlet filter does.
   */
  private static Snapshot tracerSpan() {
    if (!EventFields.hasSources()) {
      return null;
    }
    Snapshot event = EventFields.capture();
    return event.get(TraceFields.TRACE_ID) instanceof String
            && event.get(TraceFields.SPAN_ID) instanceof String
        ? event
        : null;
  }

  /**
   * Returns the values of the three id headers, each null when absent or empty and an invalid
   * marker when repeated. One pass over the headers through {@code forEach}, the one lookup whose
   * binary form is the same in Spring 6 and 7 ({@code HttpHeaders} stopped being a {@code Map} in
   * 7, so {@code get(..)} changed its signature).
   */
  private String[] idHeaders(HttpHeaders headers) {
    String[] found = new String[3];
    String[] wanted = {requestIdHeader, correlationIdHeader, traceparentHeader};
    headers.forEach(
        (name, values) -> {
          for (int i = 0; i < wanted.length; i++) {
            if (wanted[i].equalsIgnoreCase(name)) {
              found[i] = combine(found[i], values);
            }
          }
        });
    return found;
  }

  private static String combine(String before, List<String> values) {
    if (values == null || values.isEmpty()) {
      return before;
    }
    if (before != null || values.size() > 1) {
      return MULTIPLE_VALUES;
    }
    String only = values.get(0);
    return only == null || only.isEmpty() ? null : only;
  }

  private static String header(String property, String name) {
    try {
      // The servlet filter's rule for a header name (an HTTP token), through its public builder.
      HttpPropagation.builder().correlationIdHeader(name);
      return name;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "logcontext.web." + property + ": '" + name + "' is not a valid header name", e);
    }
  }

  private static int inRange(String property, int value, int max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(
          "logcontext.web." + property + " must be 1 to " + max + ", was " + value);
    }
    return value;
  }

  /** Control characters become {@code ?}, and the value is cut to {@code maxLength}. */
  static String sanitize(String value, int maxLength) {
    int length = Math.min(value.length(), maxLength);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.toString();
  }
}
