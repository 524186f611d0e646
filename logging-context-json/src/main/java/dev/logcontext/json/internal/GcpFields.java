package dev.logcontext.json.internal;

import dev.logcontext.json.JsonFormat;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The special fields of Google Cloud Logging that the {@code gcp} preset derives from the event's
 * own fields (docs/json-format.md, "The gcp preset"): {@code logging.googleapis.com/trace} as
 * {@code projects/P/traces/T} from the field {@code trace_id}, {@code
 * logging.googleapis.com/spanId} from {@code span_id}, {@code logging.googleapis.com/trace_sampled}
 * from the W3C {@code trace_flags}, and {@code logging.googleapis.com/labels} from the configured
 * label keys, plus the severity names.
 *
 * <p>The source fields are taken wherever they come from (context, MDC, key-values): while the
 * event's own fields are written, the first accepted, unredacted value of each source key is kept
 * in the encoding's slots ({@link #slotOf}); the plan's {@code OP_GCP} step then writes the special
 * fields at the top level, each at most once. Their names are reserved, so no other field takes
 * them.
 *
 * <p>Thread-safe: immutable; the captured values are the {@link Encoding}'s.
 */
final class GcpFields {
  /** The names this class writes, reserved in the gcp preset: trace, span id, sampled, labels. */
  static final List<String> NAMES = JsonFormat.GCP_SPECIAL_FIELDS;

  /** The fields the special fields are derived from, by slot; then the label keys. */
  static final List<String> SOURCES = List.of("trace_id", "span_id", "trace_flags");

  private static final int TRACE_SLOT = 0;
  private static final int SPAN_SLOT = 1;
  private static final int FLAGS_SLOT = 2;

  private static final byte[] TRACE_NAME = KeyPolicy.encodedName(NAMES.get(0));
  private static final byte[] SPAN_NAME = KeyPolicy.encodedName(NAMES.get(1));
  private static final byte[] SAMPLED_NAME = KeyPolicy.encodedName(NAMES.get(2));
  private static final byte[] LABELS_NAME = KeyPolicy.encodedName(NAMES.get(3));

  /** {@code projects/P/traces/}, or null when no project is configured (no trace field). */
  private final String tracePrefix;

  private final String[] labelKeys;
  private final byte[][] labelNames;
  private final int maxString;

  GcpFields(JsonFormat format, int maxString) {
    this.maxString = maxString;
    tracePrefix =
        format.gcpProject() == null ? null : "projects/" + format.gcpProject() + "/traces/";
    labelKeys = format.gcpLabels().toArray(new String[0]);
    labelNames = new byte[labelKeys.length][];
    for (int i = 0; i < labelKeys.length; i++) {
      labelNames[i] = KeyPolicy.encodedName(labelKeys[i]);
    }
  }

  /** Returns the number of slots an encoding needs to capture the source fields. */
  int slots() {
    return SOURCES.size() + labelKeys.length;
  }

  /** Returns the slot that captures {@code key}'s value, or -1 when it is no source field. */
  int slotOf(String key) {
    int source = SOURCES.indexOf(key);
    if (source >= 0) {
      return source;
    }
    int label = Arrays.asList(labelKeys).indexOf(key);
    return label < 0 ? -1 : SOURCES.size() + label;
  }

  /**
   * Returns Google's severity for a level number (the Logback numbers every adapter gives): FATAL
   * CRITICAL, ERROR ERROR, WARN WARNING, INFO INFO, DEBUG and TRACE DEBUG, any other level DEFAULT.
   */
  static String severity(int levelValue) {
    if (levelValue >= 50_000) {
      return "CRITICAL";
    } else if (levelValue >= 40_000) {
      return "ERROR";
    } else if (levelValue >= 30_000) {
      return "WARNING";
    } else if (levelValue >= 20_000) {
      return "INFO";
    } else if (levelValue > 0) {
      return "DEBUG";
    }
    return "DEFAULT";
  }

  /** Writes the special fields from the captured values, then forgets them. */
  void write(Encoding enc) {
    Object[] captured = enc.captured;
    JsonBuffer out = enc.out;
    Object trace = captured[TRACE_SLOT];
    if (isText(trace) && tracePrefix != null) {
      enc.comma();
      out.writeBytes(TRACE_NAME);
      out.writeString(tracePrefix + text(trace), maxString);
    }
    Object span = captured[SPAN_SLOT];
    if (isText(span)) {
      enc.comma();
      out.writeBytes(SPAN_NAME);
      out.writeString(text(span), maxString);
    }
    int sampled = sampled(captured[FLAGS_SLOT]);
    if (sampled >= 0) {
      enc.comma();
      out.writeBytes(SAMPLED_NAME);
      out.writeAscii(sampled == 1 ? "true" : "false");
    }
    boolean open = false;
    for (int i = 0; i < labelKeys.length; i++) {
      Object value = captured[SOURCES.size() + i];
      if (!isText(value)) {
        continue;
      }
      if (open) {
        out.writeByte(',');
      } else {
        enc.comma();
        out.writeBytes(LABELS_NAME);
        out.writeByte('{');
        open = true;
      }
      out.writeBytes(labelNames[i]);
      out.writeString(text(value), maxString);
    }
    if (open) {
      out.writeByte('}');
    }
    Arrays.fill(captured, null);
  }

  /**
   * Returns whether {@code value} has a text for a special field: it is not null and no map,
   * collection or array, whose string form has no bound (and is no id or label anyway).
   */
  private static boolean isText(Object value) {
    return value != null
        && !(value instanceof Map)
        && !(value instanceof Collection)
        && !value.getClass().isArray();
  }

  private static String text(Object value) {
    return value instanceof String string ? string : ValueWriter.safeToString(value);
  }

  /**
   * Returns 1 when the W3C trace flags {@code flags} have the sampled bit, 0 when not, -1 when they
   * are not flags: two hex digits ({@code "01"}), a number or a boolean.
   */
  static int sampled(Object flags) {
    if (flags instanceof Boolean flag) {
      return flag ? 1 : 0;
    }
    if (flags instanceof Integer || flags instanceof Long || flags instanceof Short) {
      return (int) (((Number) flags).longValue() & 1);
    }
    if (flags instanceof String text && text.length() == 2) {
      int high = Character.digit(text.charAt(0), 16);
      int low = Character.digit(text.charAt(1), 16);
      if (high >= 0 && low >= 0) {
        return low & 1;
      }
    }
    return -1;
  }
}
