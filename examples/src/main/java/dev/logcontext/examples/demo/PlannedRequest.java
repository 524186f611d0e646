package dev.logcontext.examples.demo;

import java.util.List;
import java.util.Map;

/**
 * One request of the burst, as the outside world sends it to the gateway.
 *
 * @param index position in the burst, from 0
 * @param kind what the request carries in its id headers
 * @param target path and query, for example {@code /orders/order-0007?items=apple,fig}
 * @param headers header name to values, in the order they are sent (a name may repeat)
 * @param hostileValue the hostile header value sent, or null; it must never reach a log file
 * @param expectedStatus the status the request should get: 200, or 400 when Jetty's HTTP parser
 *     refuses it before any filter runs
 */
record PlannedRequest(
    int index,
    Kind kind,
    String target,
    List<Map.Entry<String, String>> headers,
    String hostileValue,
    int expectedStatus) {

  /** What a request carries in its id headers. */
  enum Kind {
    /** No id headers: the gateway generates the ids. */
    NO_ID,
    /** A valid {@code X-Correlation-ID}: kept by both services. */
    CALLER_ID,
    /** A valid {@code X-Correlation-ID} and W3C {@code traceparent}: both kept. */
    CALLER_ID_AND_TRACE,
    /** An id header that must be refused: replaced by a generated id, never logged. */
    HOSTILE,
    /** Raw CR/LF bytes in a header value: Jetty refuses the request with 400. */
    HOSTILE_RAW
  }

  /** Returns the first value of header {@code name}, or null. */
  String header(String name) {
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }
}
