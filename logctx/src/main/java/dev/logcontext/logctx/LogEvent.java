package dev.logcontext.logctx;

import java.util.List;

/**
 * One matching log line: its bytes as read, its fields flattened to dotted names in file order, and
 * where it sorts.
 *
 * @param line the line's bytes, without the line break
 * @param names field names, nested objects flattened as {@code a.b}
 * @param values field values as text: strings unquoted, other values as JSON
 * @param epochNanos the event's time, {@link Long#MIN_VALUE} when unknown
 * @param sortNanos the time it is merged by: its own, or its predecessor's in the file when it has
 *     none or is earlier than that
 * @param fileIndex the position of the file on the command line
 * @param sequence the event's position among the file's matching events
 * @param file the file's display name
 */
record LogEvent(
    byte[] line,
    List<String> names,
    List<String> values,
    long epochNanos,
    long sortNanos,
    int fileIndex,
    long sequence,
    String file) {

  /** Returns this event placed in the merge at {@code nanos}, as its file's event {@code seq}. */
  LogEvent placed(long nanos, long seq) {
    return new LogEvent(line, names, values, epochNanos, nanos, fileIndex, seq, file);
  }

  /** Returns the first value of {@code name}, or null. */
  String get(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(name)) {
        return values.get(i);
      }
    }
    return null;
  }

  /** Returns the first value of any of {@code names}, or null. */
  String first(String... candidates) {
    for (String candidate : candidates) {
      String value = get(candidate);
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
