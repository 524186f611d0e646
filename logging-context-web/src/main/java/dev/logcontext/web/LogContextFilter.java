package dev.logcontext.web;

import dev.logcontext.ContextKey;
import dev.logcontext.EventFields;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import dev.logcontext.TraceFields;
import dev.logcontext.web.internal.AccessLog;
import dev.logcontext.web.internal.Ids;
import dev.logcontext.web.internal.RequestState;
import dev.logcontext.web.internal.TraceParent;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A servlet filter that binds a request's ids for the whole request: every line logged while the
 * request is handled, on the container thread or in its async work, carries them.
 *
 * <h2>Ids in</h2>
 *
 * <ul>
 *   <li>{@code X-Request-ID}: bound as {@code request_id} when valid, else a new id is generated.
 *   <li>{@code X-Correlation-ID}: bound as {@code correlation_id} when valid, else the request id
 *       is used, so that the first service of a chain starts the correlation.
 *   <li>W3C {@code traceparent}: when valid, binds {@code trace_id}, the caller's span as {@code
 *       parent_span_id}, a new {@code span_id} for this request and {@code trace_flags}; nothing
 *       when absent or invalid.
 * </ul>
 *
 * <p>The filter defers to a tracer: when an {@link EventFields} source (such as {@code
 * logging-context-opentelemetry} or {@code MicrometerTraceFields}) reports a current span as the
 * filter is entered, the filter does not parse {@code traceparent} itself (the tracer did) and
 * binds the tracer's {@code trace_id}, {@code span_id} and {@code trace_flags} instead, under those
 * canonical names ({@link TraceFields}), so that every line of the request, the access line and
 * lines on threads the tracer's context does not reach included, carries the ids of the tracer's
 * server span. Inside the request, events still get the span current where they are logged (a child
 * span's id, say). Map the filter after the tracer's own filter for this; mapped before it, the
 * filter sees no span and binds its own ids.
 *
 * <p>Header values are untrusted. An id is valid when it has 1 to {@code maxIdLength} (default 64)
 * characters, each an ASCII letter, digit or one of {@code - _ . : @ + =}, and the header occurs
 * once; a {@code traceparent} must follow W3C Trace Context level 1 exactly (lowercase hex, no
 * all-zero ids, version {@code ff} rejected). An empty header counts as absent. A present but
 * invalid value is never bound or logged, not even in part: the filter binds a generated id instead
 * and the flag {@code request_id_rejected=true}, {@code correlation_id_rejected=true} or {@code
 * traceparent_rejected=true}.
 *
 * <p>Generated ids are UUID version 7 (RFC 9562) in the usual 36-character form, for example {@code
 * 0191f3a2-7c4e-7b21-9f0a-3c5d2e8b1a47}: the first 48 bits are the Unix time in milliseconds, so
 * ids sort by creation time to the millisecond, the other 74 bits are from {@link
 * java.security.SecureRandom}. Generated span ids are 16 random lowercase hex digits.
 *
 * <h2>Fields bound</h2>
 *
 * <p>In this order, on top of whatever was bound when the filter was entered: {@code request_id},
 * {@code correlation_id}, the rejection flags, {@code trace_id}, {@code span_id}, {@code
 * parent_span_id}, {@code trace_flags} (with a valid {@code traceparent}), {@code http_method},
 * {@code http_path} (the request URI without query string, as received, control characters replaced
 * by {@code ?}, cut to {@code maxPathLength}, default 256) and the user given by the {@link
 * UserResolver} (none by default). Every name can be changed; see {@link Field}.
 *
 * <h2>Ids out</h2>
 *
 * <p>The request and correlation ids are set as response headers (same header names) before the
 * rest of the chain runs, unless {@code echoHeaders} is off. Outgoing calls carry the correlation
 * id and {@code traceparent} through {@link ContextHttp}.
 *
 * <h2>Async requests and dispatches</h2>
 *
 * <p>The rest of the chain sees a request wrapper whose {@code startAsync()} returns an {@code
 * AsyncContext} that runs {@code start(Runnable)} tasks and the listeners added to it in the
 * request's context, and restores the worker thread's own context afterwards. Work handed to a
 * {@code ContextExecutors.propagating(..)} pool from the request thread carries the context too.
 * Map the filter with {@code asyncSupported} and for the {@code ASYNC} (and {@code ERROR})
 * dispatcher types too: later dispatches of the same request re-bind the same snapshot instead of
 * generating new ids. Every dispatch restores the thread's previous context when it returns, even
 * when the application left a scope open.
 *
 * <pre>{@code
 * ServletContextHandler context = new ServletContextHandler();
 * context.addFilter(new FilterHolder(LogContextFilter.builder().accessLog(true).build()), "/*",
 *     EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
 * }</pre>
 *
 * <h2>Access line</h2>
 *
 * <p>When {@code accessLog} is on (off by default), one line per request is logged through SLF4J
 * (which must then be on the class path) at INFO on the logger {@value #DEFAULT_ACCESS_LOGGER}
 * (configurable), after the request completed, async or not, as {@code GET /orders/7 200 12ms} with
 * the request's context plus {@code http_status} and {@code duration_ms} bound, so that a JSON
 * encoder writes it as one JSON object carrying the ids. A request whose chain throws is logged
 * with status 500 unless the response was already committed.
 *
 * <h2>Configuration</h2>
 *
 * <p>Either with {@link #builder()}, or through the no-argument constructor (as from {@code
 * web.xml}) with these init-params: {@code requestIdHeader}, {@code correlationIdHeader}, {@code
 * traceparentHeader}, {@code maxIdLength}, {@code maxPathLength}, {@code echoHeaders}, {@code
 * accessLog}, {@code accessLogger}, {@code userResolver} ({@code none}, {@code remoteUser}, {@code
 * principalName} or the name of a class with a public no-argument constructor) and {@code
 * field.<default name>} to rename a field, for example {@code field.user=user_id}. An unknown
 * init-param or a bad value fails {@link #init} with a {@link ServletException} naming it.
 *
 * <p>Thread-safety: the settings are immutable once {@link #init} returned; one instance serves
 * concurrent requests.
 */
public final class LogContextFilter implements Filter {
  /** The default name of the access logger. */
  public static final String DEFAULT_ACCESS_LOGGER = "dev.logcontext.web.access";

  private static final String MULTIPLE_VALUES = "\u0000";

  /** The fields the filter binds, each with a default name that can be changed. */
  public enum Field {
    /** The request id, {@code request_id}. */
    REQUEST_ID("request_id"),
    /** The correlation id, {@code correlation_id}. */
    CORRELATION_ID("correlation_id"),
    /** Set to true when an {@code X-Request-ID} was present but invalid. */
    REQUEST_ID_REJECTED("request_id_rejected"),
    /** Set to true when an {@code X-Correlation-ID} was present but invalid. */
    CORRELATION_ID_REJECTED("correlation_id_rejected"),
    /** Set to true when a {@code traceparent} was present but invalid. */
    TRACEPARENT_REJECTED("traceparent_rejected"),
    /** The W3C trace id from {@code traceparent}, {@code trace_id}. */
    TRACE_ID("trace_id"),
    /** The span id generated for this request, {@code span_id}. */
    SPAN_ID("span_id"),
    /** The caller's span id from {@code traceparent}, {@code parent_span_id}. */
    PARENT_SPAN_ID("parent_span_id"),
    /** The trace flags from {@code traceparent}, {@code trace_flags}. */
    TRACE_FLAGS("trace_flags"),
    /** The request method, {@code http_method}. */
    HTTP_METHOD("http_method"),
    /** The request path, {@code http_path}. */
    HTTP_PATH("http_path"),
    /** The user from the {@link UserResolver}, {@code user}. */
    USER("user"),
    /** The response status, bound for the access line only, {@code http_status}. */
    HTTP_STATUS("http_status"),
    /** The request's duration in milliseconds, bound for the access line only. */
    DURATION_MS("duration_ms");

    private final String defaultName;

    Field(String defaultName) {
      this.defaultName = defaultName;
    }

    /** Returns the field name used unless it is changed. */
    public String defaultName() {
      return defaultName;
    }
  }

  private final boolean configuredByBuilder;
  private volatile Settings settings;

  /**
   * Creates a filter with the default settings, changed by the init-params given to {@link #init}
   * (the form a servlet container instantiates from {@code web.xml} or {@code @WebFilter}).
   */
  public LogContextFilter() {
    this.configuredByBuilder = false;
    this.settings = new Builder().settings();
  }

  private LogContextFilter(Settings settings) {
    this.configuredByBuilder = true;
    this.settings = settings;
  }

  /** Returns a new builder holding the default settings. Not thread-safe. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the snapshot this filter bound for {@code request}, or null when the filter has not
   * handled it: the way to hand the request's context to a thread the application starts itself.
   */
  public static Snapshot snapshotOf(ServletRequest request) {
    Object state = request.getAttribute(RequestState.ATTRIBUTE);
    return state instanceof RequestState requestState ? requestState.snapshot() : null;
  }

  /**
   * Applies the init-params of {@code config}.
   *
   * @throws ServletException naming an unknown init-param or a bad value, or naming any init-param
   *     given to a filter made with {@link #builder()} (whose settings are final)
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    List<String> names = Collections.list(config.getInitParameterNames());
    if (configuredByBuilder) {
      if (!names.isEmpty()) {
        throw new ServletException(
            "LogContextFilter was configured with its builder; init-param '"
                + names.get(0)
                + "' cannot change it");
      }
      return;
    }
    Builder builder = new Builder();
    for (String name : names) {
      try {
        builder.apply(name, config.getInitParameter(name));
      } catch (RuntimeException e) {
        throw new ServletException(
            "LogContextFilter init-param '" + name + "': " + e.getMessage(), e);
      }
    }
    try {
      this.settings = builder.settings();
    } catch (RuntimeException e) {
      throw new ServletException("LogContextFilter: " + e.getMessage(), e);
    }
  }

  /**
   * Binds the request's ids and runs the rest of the chain in them; see the class description.
   * Requests that are not HTTP requests pass through unchanged.
   */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)
        || !(response instanceof HttpServletResponse httpResponse)) {
      chain.doFilter(request, response);
      return;
    }
    if (http.getAttribute(RequestState.ATTRIBUTE) instanceof RequestState state) {
      redispatch(state, http, httpResponse, chain);
      return;
    }
    long startNanos = System.nanoTime();
    Settings current = settings;
    String method = sanitize(http.getMethod(), 32);
    String path = sanitize(http.getRequestURI(), current.maxPathLength);
    Snapshot base = current.bind(http, method, path);
    RequestState state = null;
    boolean failed = true;
    try (Scope scope = base.attach()) {
      Object user = current.userResolver.resolve(http);
      if (user != null) {
        scope.and(current.name(Field.USER), user);
      }
      state =
          new RequestState(
              LogContext.capture(), current.accessLog, httpResponse, method, path, startNanos);
      http.setAttribute(RequestState.ATTRIBUTE, state);
      if (current.echoHeaders) {
        httpResponse.setHeader(
            current.requestIdHeader, (String) base.get(current.name(Field.REQUEST_ID)));
        httpResponse.setHeader(
            current.correlationIdHeader, (String) base.get(current.name(Field.CORRELATION_ID)));
      }
      chain.doFilter(state.wrapRequest(http), response);
      failed = false;
    } finally {
      if (state != null) {
        state.afterDispatch(http, httpResponse, failed);
      }
    }
  }

  @SuppressWarnings("try") // the scope only restores the context
  private static void redispatch(
      RequestState state,
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain)
      throws IOException, ServletException {
    boolean async = request.getDispatcherType() == DispatcherType.ASYNC;
    boolean failed = true;
    try (Scope scope = state.snapshot().attach()) {
      chain.doFilter(async ? state.wrapRequest(request) : request, response);
      failed = false;
    } finally {
      if (async) {
        state.afterDispatch(request, response, failed);
      }
    }
  }

  /** Does nothing: the filter holds no resources. */
  @Override
  public void destroy() {}

  /**
   * Returns {@code name} when it follows the key rule ({@link ContextKey#isValidName}).
   *
   * @throws IllegalArgumentException naming it when it does not
   */
  static String requireFieldName(String name) {
    if (!ContextKey.isValidName(name)) {
      throw new IllegalArgumentException(
          "'"
              + sanitize(name, 100)
              + "' is not a valid field name: 1-64 characters of [A-Za-z0-9_.@-], not starting"
              + " with a digit");
    }
    return name;
  }

  static String sanitize(String value, int maxLength) {
    if (value == null) {
      return "";
    }
    int length = Math.min(value.length(), maxLength);
    StringBuilder out = null;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        if (out == null) {
          out = new StringBuilder(length).append(value, 0, i);
        }
        out.append('?');
      } else if (out != null) {
        out.append(c);
      }
    }
    if (out != null) {
      return out.toString();
    }
    return length == value.length() ? value : value.substring(0, length);
  }

  /** The immutable settings of a filter. */
  private static final class Settings {
    final String requestIdHeader;
    final String correlationIdHeader;
    final String traceparentHeader;
    final int maxIdLength;
    final int maxPathLength;
    final boolean echoHeaders;
    final UserResolver userResolver;
    final AccessLog accessLog;
    private final Map<Field, String> names;

    Settings(Builder builder) {
      this.requestIdHeader = builder.requestIdHeader;
      this.correlationIdHeader = builder.correlationIdHeader;
      this.traceparentHeader = builder.traceparentHeader;
      this.maxIdLength = builder.maxIdLength;
      this.maxPathLength = builder.maxPathLength;
      this.echoHeaders = builder.echoHeaders;
      this.userResolver = builder.userResolver;
      this.names = new EnumMap<>(builder.names);
      this.accessLog =
          builder.accessLog
              ? AccessLog.create(
                  builder.accessLogger, name(Field.HTTP_STATUS), name(Field.DURATION_MS))
              : null;
    }

    String name(Field field) {
      return names.get(field);
    }

    Snapshot bind(HttpServletRequest request, String method, String path) {
      String rawRequestId = singleHeader(request, requestIdHeader);
      String rawCorrelationId = singleHeader(request, correlationIdHeader);
      String rawTraceparent = singleHeader(request, traceparentHeader);

      boolean requestIdValid = Ids.isValidId(rawRequestId, maxIdLength);
      String requestId = requestIdValid ? rawRequestId : Ids.newRequestId();
      boolean correlationIdValid = Ids.isValidId(rawCorrelationId, maxIdLength);
      String correlationId = correlationIdValid ? rawCorrelationId : requestId;
      TraceParent traceParent = TraceParent.parse(rawTraceparent);
      Snapshot tracer = tracerSpan();

      Snapshot snapshot =
          LogContext.capture()
              .with(name(Field.REQUEST_ID), requestId)
              .with(name(Field.CORRELATION_ID), correlationId);
      if (rawRequestId != null && !requestIdValid) {
        snapshot = snapshot.with(name(Field.REQUEST_ID_REJECTED), Boolean.TRUE);
      }
      if (rawCorrelationId != null && !correlationIdValid) {
        snapshot = snapshot.with(name(Field.CORRELATION_ID_REJECTED), Boolean.TRUE);
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
                .with(name(Field.TRACE_ID), traceParent.traceId())
                .with(name(Field.SPAN_ID), Ids.newSpanId())
                .with(name(Field.PARENT_SPAN_ID), traceParent.parentId())
                .with(name(Field.TRACE_FLAGS), traceParent.flags());
      } else if (rawTraceparent != null) {
        snapshot = snapshot.with(name(Field.TRACEPARENT_REJECTED), Boolean.TRUE);
      }
      return snapshot.with(name(Field.HTTP_METHOD), method).with(name(Field.HTTP_PATH), path);
    }

    /**
     * Returns the event context when an {@link EventFields} source reports a current span (a
     * tracer's), else null: then the tracer owns the trace ids and the filter binds the tracer's.
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

    /** Returns the header's value, null when absent or empty, an invalid marker when repeated. */
    private static String singleHeader(HttpServletRequest request, String name) {
      Enumeration<String> values = request.getHeaders(name);
      if (values == null || !values.hasMoreElements()) {
        return null;
      }
      String first = values.nextElement();
      if (values.hasMoreElements()) {
        return MULTIPLE_VALUES;
      }
      return first == null || first.isEmpty() ? null : first;
    }
  }

  /**
   * Collects the settings of a {@link LogContextFilter}; {@link #build()} checks them. Not
   * thread-safe; each setter returns this builder and throws {@link IllegalArgumentException} for a
   * bad value (an invalid header token, a field name outside the key rule, a length out of range)
   * and {@link NullPointerException} for null.
   */
  public static final class Builder {
    private String requestIdHeader = "X-Request-ID";
    private String correlationIdHeader = "X-Correlation-ID";
    private String traceparentHeader = "traceparent";
    private int maxIdLength = 64;
    private int maxPathLength = 256;
    private boolean echoHeaders = true;
    private boolean accessLog;
    private String accessLogger = DEFAULT_ACCESS_LOGGER;
    private UserResolver userResolver = UserResolver.none();
    private final Map<Field, String> names = new EnumMap<>(Field.class);

    private Builder() {
      for (Field field : Field.values()) {
        names.put(field, field.defaultName());
      }
    }

    /** Sets the request id header, read and echoed; default {@code X-Request-ID}. */
    public Builder requestIdHeader(String name) {
      this.requestIdHeader = headerName(name);
      return this;
    }

    /** Sets the correlation id header, read and echoed; default {@code X-Correlation-ID}. */
    public Builder correlationIdHeader(String name) {
      this.correlationIdHeader = headerName(name);
      return this;
    }

    /** Sets the trace context header; default {@code traceparent}. */
    public Builder traceparentHeader(String name) {
      this.traceparentHeader = headerName(name);
      return this;
    }

    /** Sets the longest incoming id accepted, 1 to 256; default 64. */
    public Builder maxIdLength(int length) {
      this.maxIdLength = inRange("maxIdLength", length, 1, Ids.MAX_CONFIGURABLE_LENGTH);
      return this;
    }

    /** Sets the length at which the bound path is cut, 1 to 8192; default 256. */
    public Builder maxPathLength(int length) {
      this.maxPathLength = inRange("maxPathLength", length, 1, 8192);
      return this;
    }

    /** Sets whether the ids are set as response headers; default true. */
    public Builder echoHeaders(boolean echo) {
      this.echoHeaders = echo;
      return this;
    }

    /** Sets whether one access line is logged per request; default false. Needs SLF4J. */
    public Builder accessLog(boolean enabled) {
      this.accessLog = enabled;
      return this;
    }

    /**
     * Sets the SLF4J logger name of the access line; default {@value
     * LogContextFilter#DEFAULT_ACCESS_LOGGER}.
     */
    public Builder accessLogger(String loggerName) {
      Objects.requireNonNull(loggerName, "loggerName");
      if (loggerName.isBlank()) {
        throw new IllegalArgumentException("accessLogger must not be blank");
      }
      this.accessLogger = loggerName;
      return this;
    }

    /** Sets how the user of a request is found; default {@link UserResolver#none()}. */
    public Builder userResolver(UserResolver resolver) {
      this.userResolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Binds {@code field} under {@code name} instead of its default name. The name must follow the
     * key rule, {@link ContextKey#isValidName}.
     */
    public Builder fieldName(Field field, String name) {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(name, "name");
      names.put(field, requireFieldName(name));
      return this;
    }

    /**
     * Returns a filter with these settings; later changes to this builder do not affect it.
     *
     * @throws IllegalArgumentException when two fields share a name
     * @throws IllegalStateException when the access line is on and SLF4J is missing
     */
    public LogContextFilter build() {
      return new LogContextFilter(settings());
    }

    Settings settings() {
      if (names.values().stream().distinct().count() != names.size()) {
        throw new IllegalArgumentException("two fields share a name: " + names);
      }
      return new Settings(this);
    }

    void apply(String param, String value) {
      Objects.requireNonNull(value, "value");
      String trimmed = value.trim();
      if (param.startsWith("field.")) {
        String defaultName = param.substring("field.".length());
        for (Field field : Field.values()) {
          if (field.defaultName().equals(defaultName)) {
            fieldName(field, trimmed);
            return;
          }
        }
        throw new IllegalArgumentException("unknown field '" + defaultName + "'");
      }
      switch (param) {
        case "requestIdHeader" -> requestIdHeader(trimmed);
        case "correlationIdHeader" -> correlationIdHeader(trimmed);
        case "traceparentHeader" -> traceparentHeader(trimmed);
        case "maxIdLength" -> maxIdLength(parseInt(trimmed));
        case "maxPathLength" -> maxPathLength(parseInt(trimmed));
        case "echoHeaders" -> echoHeaders(parseBoolean(trimmed));
        case "accessLog" -> accessLog(parseBoolean(trimmed));
        case "accessLogger" -> accessLogger(trimmed);
        case "userResolver" -> userResolver(resolver(trimmed));
        default -> throw new IllegalArgumentException("unknown init-param");
      }
    }

    private static UserResolver resolver(String value) {
      switch (value) {
        case "none":
          return UserResolver.none();
        case "remoteUser":
          return UserResolver.remoteUser();
        case "principalName":
          return UserResolver.principalName();
        default:
          break;
      }
      try {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> type =
            Class.forName(
                value, true, loader != null ? loader : LogContextFilter.class.getClassLoader());
        return type.asSubclass(UserResolver.class).getConstructor().newInstance();
      } catch (ClassNotFoundException
          | NoSuchMethodException
          | InstantiationException
          | IllegalAccessException
          | ClassCastException e) {
        throw new IllegalArgumentException(
            "'" + value + "' is not a UserResolver class with a public no-argument constructor", e);
      } catch (InvocationTargetException e) {
        throw new IllegalArgumentException(
            "the constructor of '" + value + "' threw " + e.getCause(), e);
      }
    }

    private static int parseInt(String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + value + "' is not a whole number", e);
      }
    }

    private static boolean parseBoolean(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("'" + value + "' is not true or false");
      };
    }

    private static int inRange(String what, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            what + " must be " + min + " to " + max + ", was " + value);
      }
      return value;
    }

    static String headerName(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a header name must not be empty");
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean token =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        if (!token) {
          throw new IllegalArgumentException("'" + name + "' is not a valid header name");
        }
      }
      return name;
    }
  }
}
