package dev.logcontext.examples.demo;

/**
 * What one request of the burst got back.
 *
 * @param request the request as sent
 * @param status the response status, or 0 when no response arrived
 * @param correlationId the {@code X-Correlation-ID} the gateway answered with, or null
 * @param requestId the {@code X-Request-ID} the gateway answered with, or null
 * @param error why no response arrived, or null
 */
record Outcome(
    PlannedRequest request, int status, String correlationId, String requestId, String error) {

  /** Returns whether the request got the status it should get. */
  boolean asExpected() {
    return error == null && status == request.expectedStatus();
  }

  /** Returns whether the gateway handled the request (and so logged it). */
  boolean served() {
    return asExpected() && status == 200;
  }
}
