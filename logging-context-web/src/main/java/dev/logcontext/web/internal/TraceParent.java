package dev.logcontext.web.internal;

/**
 * A parsed W3C {@code traceparent} header: {@code version-traceid-parentid-flags}, lowercase hex.
 *
 * @param traceId 32 hex digits, not all zero
 * @param parentId the caller's span id, 16 hex digits, not all zero
 * @param flags 2 hex digits
 */
public record TraceParent(String traceId, String parentId, String flags) {
  /** The longest header value examined; longer values are rejected unread. */
  public static final int MAX_LENGTH = 512;

  private static final int VERSION_00_LENGTH = 55;

  /**
   * Parses {@code value} as defined by W3C Trace Context level 1, returning null when it is absent
   * or invalid: version {@code ff}, upper-case hex, all-zero ids, a version 00 value of another
   * length than 55, or a later version whose extra part does not start with {@code -}.
   */
  public static TraceParent parse(String value) {
    if (value == null || value.length() < VERSION_00_LENGTH || value.length() > MAX_LENGTH) {
      return null;
    }
    char v0 = value.charAt(0);
    char v1 = value.charAt(1);
    if (!Ids.isLowerHex(v0) || !Ids.isLowerHex(v1) || (v0 == 'f' && v1 == 'f')) {
      return null;
    }
    if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
      return null;
    }
    boolean version00 = v0 == '0' && v1 == '0';
    if (version00 ? value.length() != VERSION_00_LENGTH : !laterVersionTailOk(value)) {
      return null;
    }
    String traceId = value.substring(3, 35);
    String parentId = value.substring(36, 52);
    String flags = value.substring(53, 55);
    if (!Ids.isNonZeroHex(traceId, 32)
        || !Ids.isNonZeroHex(parentId, 16)
        || !Ids.isLowerHex(flags.charAt(0))
        || !Ids.isLowerHex(flags.charAt(1))) {
      return null;
    }
    return new TraceParent(traceId, parentId, flags);
  }

  private static boolean laterVersionTailOk(String value) {
    if (value.length() == VERSION_00_LENGTH) {
      return true;
    }
    if (value.charAt(VERSION_00_LENGTH) != '-') {
      return false;
    }
    for (int i = VERSION_00_LENGTH; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** Returns the header value {@code 00-traceId-spanId-flags}. */
  public static String format(String traceId, String spanId, String flags) {
    return "00-" + traceId + '-' + spanId + '-' + flags;
  }
}
