package dev.logcontext.spring.boot.webflux;

import dev.logcontext.web.LogContextFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code logcontext.web.*} properties of the WebFlux filter, named as the options of the
 * servlet {@code LogContextFilter} ({@code logcontext.web.request-id-header}, {@code
 * logcontext.web.access-log=true}, {@code logcontext.web.field.user=user_id}, ...), with the same
 * defaults.
 *
 * <p>Thread-safety: a mutable holder that Boot fills before the filter is created; the filter
 * copies what it needs and does not read it afterwards. Bad input: values are checked when the
 * filter is created ({@link LogContextWebFilter#create}), which fails naming the property.
 */
@ConfigurationProperties(prefix = "logcontext.web")
public class LogContextWebFluxProperties {
  private String requestIdHeader = "X-Request-ID";
  private String correlationIdHeader = "X-Correlation-ID";
  private String traceparentHeader = "traceparent";
  private int maxIdLength = 64;
  private int maxPathLength = 256;
  private boolean echoHeaders = true;
  private boolean accessLog;
  private String accessLogger = LogContextFilter.DEFAULT_ACCESS_LOGGER;
  private Map<String, String> field = new LinkedHashMap<>();

  /** Creates the properties with the defaults. */
  public LogContextWebFluxProperties() {}

  /** Returns the request id header, read and echoed; default {@code X-Request-ID}. */
  public String getRequestIdHeader() {
    return requestIdHeader;
  }

  /** Sets the request id header. */
  public void setRequestIdHeader(String requestIdHeader) {
    this.requestIdHeader = requestIdHeader;
  }

  /** Returns the correlation id header, read, echoed and sent; default {@code X-Correlation-ID}. */
  public String getCorrelationIdHeader() {
    return correlationIdHeader;
  }

  /** Sets the correlation id header. */
  public void setCorrelationIdHeader(String correlationIdHeader) {
    this.correlationIdHeader = correlationIdHeader;
  }

  /** Returns the trace context header; default {@code traceparent}. */
  public String getTraceparentHeader() {
    return traceparentHeader;
  }

  /** Sets the trace context header. */
  public void setTraceparentHeader(String traceparentHeader) {
    this.traceparentHeader = traceparentHeader;
  }

  /** Returns the longest incoming id accepted, 1 to 256; default 64. */
  public int getMaxIdLength() {
    return maxIdLength;
  }

  /** Sets the longest incoming id accepted. */
  public void setMaxIdLength(int maxIdLength) {
    this.maxIdLength = maxIdLength;
  }

  /** Returns the length at which the bound path is cut, 1 to 8192; default 256. */
  public int getMaxPathLength() {
    return maxPathLength;
  }

  /** Sets the length at which the bound path is cut. */
  public void setMaxPathLength(int maxPathLength) {
    this.maxPathLength = maxPathLength;
  }

  /** Returns whether the ids are set as response headers; default true. */
  public boolean isEchoHeaders() {
    return echoHeaders;
  }

  /** Sets whether the ids are set as response headers. */
  public void setEchoHeaders(boolean echoHeaders) {
    this.echoHeaders = echoHeaders;
  }

  /** Returns whether one access line is logged per request; default false. */
  public boolean isAccessLog() {
    return accessLog;
  }

  /** Sets whether one access line is logged per request. */
  public void setAccessLog(boolean accessLog) {
    this.accessLog = accessLog;
  }

  /** Returns the logger of the access line; default {@code dev.logcontext.web.access}. */
  public String getAccessLogger() {
    return accessLogger;
  }

  /** Sets the logger of the access line. */
  public void setAccessLogger(String accessLogger) {
    this.accessLogger = accessLogger;
  }

  /**
   * Returns the renamed fields, by default name ({@code request_id}, {@code http_path}, ...; see
   * {@code LogContextFilter.Field}); the live map Boot binds into.
   */
  public Map<String, String> getField() {
    return field;
  }

  /** Sets the renamed fields. */
  public void setField(Map<String, String> field) {
    this.field = field;
  }
}
