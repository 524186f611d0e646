package dev.logcontext.spring.boot;

import dev.logcontext.web.HttpPropagation;
import dev.logcontext.web.LogContextFilter;
import dev.logcontext.web.LogContextFilter.Field;
import dev.logcontext.web.UserResolver;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.Ordered;

/**
 * The {@code logcontext.web.*} properties: how the request filter reads, binds and echoes a
 * request's ids, and how outgoing {@code RestClient} and {@code RestTemplate} calls send them.
 * Every property mirrors an option of {@link LogContextFilter.Builder}.
 *
 * <pre>
 * logcontext.web.access-log=true
 * logcontext.web.request-id-header=X-Request-ID
 * logcontext.web.field.user=user_id
 * logcontext.web.user=principal-name
 * </pre>
 *
 * <p>Thread-safety: immutable. Bad input: a bad value (a header name that is not an HTTP token, a
 * field name outside the key rule, a length out of range, two fields with one name) fails the
 * application's start-up with an {@link IllegalArgumentException} naming the property.
 *
 * @param enabled whether the filter is registered; default true
 * @param requestIdHeader the request id header, read and echoed; default {@code X-Request-ID}
 * @param correlationIdHeader the correlation id header, read, echoed and sent; default {@code
 *     X-Correlation-ID}
 * @param traceparentHeader the W3C trace context header, read and sent; default {@code traceparent}
 * @param maxIdLength the longest incoming id accepted, 1 to 256; default 64
 * @param maxPathLength the length at which the bound path is cut, 1 to 8192; default 256
 * @param echoHeaders whether the ids are set as response headers; default true
 * @param accessLog whether one access line is logged per request; default false
 * @param accessLogger the logger of the access line; default {@value
 *     LogContextFilter#DEFAULT_ACCESS_LOGGER}
 * @param user where the user field comes from; unset: Spring Security's authenticated principal
 *     when Spring Security is on the class path, else none. A {@link UserResolver} bean of the
 *     application replaces it.
 * @param field field names replacing the defaults, keyed by the default name ({@code
 *     logcontext.web.field.request_id=req}, {@code logcontext.web.field.user=user_id}; any {@link
 *     Field}, its key also written {@code request-id})
 * @param filterOrder the order of the filter's registration; default {@code
 *     Ordered.HIGHEST_PRECEDENCE + 2}, after Boot's character encoding and observation filters and
 *     before everything else (Spring Security included)
 * @param clientPropagation whether {@code RestClient} and {@code RestTemplate} built by Boot's
 *     builders send the ids; default true
 */
@ConfigurationProperties("logcontext.web")
public record LogContextWebProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("X-Request-ID") String requestIdHeader,
    @DefaultValue("X-Correlation-ID") String correlationIdHeader,
    @DefaultValue("traceparent") String traceparentHeader,
    @DefaultValue("64") int maxIdLength,
    @DefaultValue("256") int maxPathLength,
    @DefaultValue("true") boolean echoHeaders,
    @DefaultValue("false") boolean accessLog,
    @DefaultValue(LogContextFilter.DEFAULT_ACCESS_LOGGER) String accessLogger,
    User user,
    Map<Field, String> field,
    @DefaultValue("" + DEFAULT_FILTER_ORDER) int filterOrder,
    @DefaultValue("true") boolean clientPropagation) {

  /** The default order of the filter's registration. */
  public static final int DEFAULT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

  private static final String PREFIX = "logcontext.web.";

  /** Copies {@code field}; null stands for none. */
  public LogContextWebProperties {
    field = field == null ? Map.of() : Map.copyOf(field);
  }

  /** Where the user field of a request comes from. */
  public enum User {
    /** No user field. */
    NONE,
    /** {@code HttpServletRequest.getRemoteUser()}. */
    REMOTE_USER,
    /** The name of {@code HttpServletRequest.getUserPrincipal()}. */
    PRINCIPAL_NAME,
    /**
     * The name of Spring Security's authenticated principal, bound right after Spring Security's
     * filter chain authenticated the request.
     */
    SPRING_SECURITY
  }

  /** Returns the name bound for {@code field}: the configured one or the default. */
  public String fieldName(Field field) {
    return this.field.getOrDefault(field, field.defaultName());
  }

  /**
   * Returns a filter builder holding these settings, the user resolver left to the caller.
   *
   * @throws IllegalArgumentException naming the property whose value is bad
   */
  public LogContextFilter.Builder filterBuilder() {
    LogContextFilter.Builder builder = LogContextFilter.builder();
    apply("request-id-header", () -> builder.requestIdHeader(requestIdHeader));
    apply("correlation-id-header", () -> builder.correlationIdHeader(correlationIdHeader));
    apply("traceparent-header", () -> builder.traceparentHeader(traceparentHeader));
    apply("max-id-length", () -> builder.maxIdLength(maxIdLength));
    apply("max-path-length", () -> builder.maxPathLength(maxPathLength));
    apply("access-logger", () -> builder.accessLogger(accessLogger));
    builder.echoHeaders(echoHeaders).accessLog(accessLog);
    for (Map.Entry<Field, String> entry : this.field.entrySet()) {
      apply(
          "field." + entry.getKey().defaultName(),
          () -> builder.fieldName(entry.getKey(), entry.getValue()));
    }
    return builder;
  }

  /**
   * Returns the outgoing propagation with these header and field names.
   *
   * @throws IllegalArgumentException naming the property whose value is bad
   */
  public HttpPropagation propagation() {
    HttpPropagation.Builder builder = HttpPropagation.builder();
    apply("correlation-id-header", () -> builder.correlationIdHeader(correlationIdHeader));
    apply("traceparent-header", () -> builder.traceparentHeader(traceparentHeader));
    apply("max-id-length", () -> builder.maxIdLength(maxIdLength));
    apply(
        "field." + Field.CORRELATION_ID.defaultName(),
        () -> builder.correlationIdField(fieldName(Field.CORRELATION_ID)));
    apply(
        "field." + Field.TRACE_ID.defaultName(),
        () -> builder.traceIdField(fieldName(Field.TRACE_ID)));
    apply(
        "field." + Field.SPAN_ID.defaultName(),
        () -> builder.spanIdField(fieldName(Field.SPAN_ID)));
    apply(
        "field." + Field.TRACE_FLAGS.defaultName(),
        () -> builder.traceFlagsField(fieldName(Field.TRACE_FLAGS)));
    return builder.build();
  }

  private static void apply(String property, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(PREFIX + property + ": " + e.getMessage(), e);
    }
  }
}
