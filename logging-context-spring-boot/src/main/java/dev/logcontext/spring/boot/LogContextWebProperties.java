package dev.logcontext.spring.boot;

import dev.logcontext.web.HttpPropagation;
import dev.logcontext.web.LogContextFilter;
import dev.logcontext.web.LogContextFilter.Field;
import dev.logcontext.web.UserResolver;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.Ordered;

/**
 * The {@code logcontext.web.*} properties: how the request filter reads, binds and echoes a
 * request's ids, and how outgoing {@code RestClient}, {@code RestTemplate} and {@code WebClient}
 * calls send them; one set of properties for servlet and WebFlux applications ({@code user} and
 * {@code filterOrder} apply to servlet applications only). Every property mirrors an option of
 * {@link LogContextFilter.Builder}.
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
 *     Field}, its key also written {@code request-id} or {@code requestId}; see {@link
 *     #renamedFields()})
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
    Map<String, String> field,
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

  /**
   * Returns the name bound for {@code field}: the configured one or the default.
   *
   * @throws IllegalArgumentException naming the {@code logcontext.web.field} key that names no
   *     field
   */
  public String fieldName(Field field) {
    return renamedFields().getOrDefault(field, field.defaultName());
  }

  /**
   * Returns the renamed fields. A key names a field by its default name, in any of the forms Boot's
   * binder leaves of it ({@code request_id}, {@code request-id}, {@code requestId}, {@code
   * requestid}): the map is keyed by string, not by {@link Field}, because converting to that enum
   * loads {@code LogContextFilter}, whose class needs the servlet API, absent from WebFlux
   * applications.
   *
   * @throws IllegalArgumentException naming the {@code logcontext.web.field} key that names no
   *     field
   */
  public Map<Field, String> renamedFields() {
    Map<Field, String> renamed = new EnumMap<>(Field.class);
    for (Map.Entry<String, String> entry : this.field.entrySet()) {
      Field named = null;
      for (Field candidate : Field.values()) {
        if (normalized(candidate.defaultName()).equals(normalized(entry.getKey()))) {
          named = candidate;
        }
      }
      if (named == null) {
        throw new IllegalArgumentException(
            PREFIX
                + "field."
                + entry.getKey()
                + ": unknown field; the fields are "
                + Arrays.stream(Field.values()).map(Field::defaultName).toList());
      }
      renamed.put(named, entry.getValue());
    }
    return renamed;
  }

  private static String normalized(String key) {
    return key.replaceAll("[-_\\[\\]]", "").toLowerCase(Locale.ROOT);
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
    for (Map.Entry<Field, String> entry : renamedFields().entrySet()) {
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
    rename(Field.CORRELATION_ID, builder::correlationIdField);
    rename(Field.TRACE_ID, builder::traceIdField);
    rename(Field.SPAN_ID, builder::spanIdField);
    rename(Field.TRACE_FLAGS, builder::traceFlagsField);
    return builder.build();
  }

  /**
   * Sets a renamed field only: the field setters check names with {@code LogContextFilter}, whose
   * class needs the servlet API, absent from WebFlux applications.
   */
  private void rename(Field renamed, Consumer<String> setter) {
    String name = renamedFields().get(renamed);
    if (name != null) {
      apply("field." + renamed.defaultName(), () -> setter.accept(name));
    }
  }

  private static void apply(String property, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(PREFIX + property + ": " + e.getMessage(), e);
    }
  }
}
