package dev.logcontext.json.internal;

import dev.logcontext.json.EventView;
import dev.logcontext.json.JsonFormat;
import dev.logcontext.json.StandardField;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@link JsonFormat} compiled into a fixed plan, and the code that runs it: an array of field
 * operations in the preset's {@link FieldOrder}, with pre-encoded names and static fields. Encoding
 * an event walks the plan with an index loop and writes into an {@link Encoding}'s buffer. Because
 * the plan is cheap to run, the event cap reduces an oversized event by running it again.
 *
 * <p>The other jobs have their own homes: {@link KeyPolicy} (include/exclude, redaction, reserved
 * names, collision renaming), {@link DynamicFields} (context, MDC and key-value fields), {@link
 * ValueWriter} (typed values and their containment), {@link EventCap} (maxEventBytes) and {@link
 * FailureForm} (the minimal form after a failure).
 *
 * <p>Thread-safe: immutable after construction except for the key policy's caches. {@link #encode}
 * never throws except {@link VirtualMachineError}s other than {@link StackOverflowError}.
 */
public final class EventEncoder {
  static final int OP_TIMESTAMP = 0;
  static final int OP_LEVEL = 1;
  static final int OP_LEVEL_VALUE = 2;
  static final int OP_MESSAGE = 3;
  static final int OP_ECS_VERSION = 4;
  static final int OP_LOGGER = 5;
  static final int OP_THREAD = 6;
  static final int OP_TAGS = 7;
  static final int OP_ERROR_TYPE = 8;
  static final int OP_ERROR_MESSAGE = 9;
  static final int OP_STACK_TRACE = 10;
  static final int OP_STATIC = 11;
  static final int OP_DYNAMIC = 12;
  static final int OP_SEVERITY = 13;
  static final int OP_GCP = 14;
  private static final int OP_COUNT = 15;

  // Steps of a plan with nested names only; each is followed by its operand in the plan.
  static final int OP_OPEN = 15;
  static final int OP_CLOSE = 16;
  static final int OP_STATIC_ONE = 17;

  private final int[] ops;

  /**
   * The plan that runs: {@link #ops}, or with nested names their grouping with open/close steps.
   */
  private final int[] runPlan;

  private final byte[][] names = new byte[OP_COUNT][];
  private final String[] nameTexts = new String[OP_COUNT];
  private final NestedNames nestedNames;

  /** With nested names, each static field by itself, its leaf name encoded; else null. */
  private final byte[][] staticLeaves;

  private final byte[] ecsVersionField;
  private final byte[] staticFields;
  private final boolean needsThrowable;
  private final int maxString;

  /** Whether the message may be formatted straight into the buffer: not under maxEventBytes. */
  private final boolean messageInPlace;

  private final StackTraces stackTraces;
  private final DynamicFields dynamicFields;
  private final GcpFields gcp;
  private final EventCap cap;
  private final FailureForm failureForm;
  private final Consumer<? super Throwable> errorListener;

  /** Compiles {@code format}. */
  public EventEncoder(JsonFormat format) {
    maxString = unlimitedIfZero(format.maxStringLength());
    errorListener = format.errorListener();
    stackTraces =
        new StackTraces(
            format.maxStackDepthPerThrowable(),
            format.shortenedClassNameLength(),
            format.frameExclusions(),
            format.rootCauseFirst());
    JsonFormat.Preset preset = format.preset();
    gcp = preset == JsonFormat.Preset.GCP ? new GcpFields(format, maxString) : null;
    KeyPolicy keys = new KeyPolicy(format, maxString, gcp);
    ValueWriter values = new ValueWriter(keys, maxString, format.maxEventBytes(), errorListener);
    dynamicFields =
        new DynamicFields(
            format.nestContextUnder(), keys, values, new PinnedTypes(keys, values, maxString));

    int[] plan = new int[OP_COUNT];
    int count = addFields(format, FieldOrder.head(preset), plan, 0);
    if (!format.staticFields().isEmpty()) {
      plan[count++] = OP_STATIC;
    }
    plan[count++] = OP_DYNAMIC;
    if (gcp != null) {
      plan[count++] = OP_GCP;
    }
    count = addFields(format, FieldOrder.tail(preset), plan, count);
    ops = Arrays.copyOf(plan, count);
    boolean throwable = false;
    for (int op : ops) {
      throwable |= op == OP_ERROR_TYPE || op == OP_ERROR_MESSAGE || op == OP_STACK_TRACE;
    }
    needsThrowable = throwable;

    String ecsName = format.fieldName(StandardField.ECS_VERSION);
    byte[] flatEcsVersion = ecsName == null ? null : field(ecsName, format.ecsVersion());
    byte[][] flatNames = names.clone();
    staticFields = staticBlob(format.staticFields());
    if (format.nestDottedNames()) {
      nestedNames = new NestedNames();
      runPlan = nestedNames.compile(format, ops, nameTexts, names, maxString);
      staticLeaves = nestedNames.staticLeaves();
      ecsVersionField = nestedNames.ecsVersionField();
    } else {
      nestedNames = null;
      staticLeaves = null;
      runPlan = ops;
      ecsVersionField = flatEcsVersion;
    }
    String ts = format.fieldName(StandardField.TIMESTAMP);
    byte[] timestampName = ts == null ? null : KeyPolicy.encodedName(ts);
    byte[] truncatedName = KeyPolicy.encodedName(format.fieldName(StandardField.EVENT_TRUNCATED));
    byte[] errorName = KeyPolicy.encodedName(format.fieldName(StandardField.ENCODER_ERROR));
    int maxEventBytes = format.maxEventBytes();
    messageInPlace = maxEventBytes <= 0;
    cap =
        new EventCap(
            maxEventBytes,
            maxString,
            unlimitedIfZero(format.maxStackTraceLength()),
            truncatedName,
            timestampName);
    failureForm =
        new FailureForm(
            ops, flatNames, flatEcsVersion, errorName, timestampName, maxString, maxEventBytes);
  }

  /**
   * Appends to {@code plan} from {@code count} the op of each field of {@code fields} that {@code
   * format} writes, with its encoded name; returns the new count.
   */
  private int addFields(JsonFormat format, List<StandardField> fields, int[] plan, int count) {
    for (StandardField field : fields) {
      String name = format.fieldName(field);
      if (name != null) {
        int op = field == StandardField.LEVEL && gcp != null ? OP_SEVERITY : opOf(field);
        names[op] = KeyPolicy.encodedName(name);
        nameTexts[op] = name;
        plan[count++] = op;
      }
    }
    return count;
  }

  /** Returns the op that writes {@code field}. */
  private static int opOf(StandardField field) {
    return switch (field) {
      case TIMESTAMP -> OP_TIMESTAMP;
      case LEVEL -> OP_LEVEL;
      case LEVEL_VALUE -> OP_LEVEL_VALUE;
      case MESSAGE -> OP_MESSAGE;
      case ECS_VERSION -> OP_ECS_VERSION;
      case LOGGER -> OP_LOGGER;
      case THREAD -> OP_THREAD;
      case TAGS -> OP_TAGS;
      case ERROR_TYPE -> OP_ERROR_TYPE;
      case ERROR_MESSAGE -> OP_ERROR_MESSAGE;
      case STACK_TRACE -> OP_STACK_TRACE;
      case EVENT_TRUNCATED, ENCODER_ERROR ->
          throw new IllegalArgumentException(field + " is written by the cap or failure form");
    };
  }

  /** Returns a fresh per-encoding state for this plan. */
  public Encoding newEncoding() {
    Encoding enc = new Encoding(stackTraces.newMatchers());
    if (gcp != null) {
      enc.captured = new Object[gcp.slots()];
    }
    if (nestedNames != null) {
      int depth = nestedNames.maxDepth();
      enc.nestMarks = new int[depth];
      enc.nestBodies = new int[depth];
      enc.nestCommas = new boolean[depth];
    }
    return enc;
  }

  private static int unlimitedIfZero(int limit) {
    return limit == 0 ? Integer.MAX_VALUE : limit;
  }

  private byte[] field(String name, String value) {
    return field(name, value, maxString);
  }

  /** Returns {@code "name":"value"} encoded, the value cut at {@code maxString} chars. */
  static byte[] field(String name, String value, int maxString) {
    JsonBuffer b = new JsonBuffer();
    b.writeString(name, Integer.MAX_VALUE);
    b.writeByte(':');
    b.writeString(value, maxString);
    return b.toByteArray();
  }

  private byte[] staticBlob(Map<String, String> fields) {
    if (fields.isEmpty()) {
      return null;
    }
    JsonBuffer b = new JsonBuffer();
    boolean first = true;
    for (Map.Entry<String, String> entry : fields.entrySet()) {
      if (!first) {
        b.writeByte(',');
      }
      first = false;
      b.writeBytes(field(entry.getKey(), entry.getValue()));
    }
    return b.toByteArray();
  }

  // ---------------------------------------------------------------------------------------------
  // Entry point

  /**
   * Writes {@code event} as one JSON line into {@code enc}'s buffer. Never throws for a bad event:
   * a failure produces the minimal form with an error marker and is reported to the listener.
   */
  public void encode(EventView event, Encoding enc) {
    try {
      cap.start(enc.attempt);
      writeEvent(event, enc);
      if (cap.exceeded(enc.out.length)) {
        cap.shrink(this, event, enc);
      }
    } catch (Throwable failure) {
      FailureForm.rethrowIfFatal(failure);
      cap.start(enc.attempt);
      failureForm.write(event, enc, failure);
      FailureForm.report(errorListener, failure);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The plan

  /** Runs the plan once under the encoding's current attempt, replacing the buffer's content. */
  void writeEvent(EventView e, Encoding enc) {
    JsonBuffer out = enc.out;
    EventCap.Attempt attempt = enc.attempt;
    out.reset();
    enc.needComma = false;
    enc.nestDepth = 0;
    enc.elementsLeft = ValueWriter.MAX_ELEMENTS;
    EventCap.startRun(attempt);
    int drop = attempt.dropMask;
    Throwable thrown = needsThrowable ? e.throwable() : null;
    out.writeByte('{');
    int[] plan = runPlan;
    for (int i = 0; i < plan.length; i++) {
      int op = plan[i];
      switch (op) {
        case OP_TIMESTAMP -> {
          name(enc, op);
          out.writeTimestamp(e.timestampMillis());
        }
        case OP_LEVEL -> {
          name(enc, op);
          writeName(enc, e.levelName());
        }
        case OP_SEVERITY -> {
          name(enc, op);
          out.writeString(GcpFields.severity(e.levelValue()), maxString);
        }
        case OP_GCP -> gcp.write(enc);
        case OP_OPEN -> nestedNames.open(enc, plan[++i]);
        case OP_CLOSE -> NestedNames.close(enc);
        case OP_STATIC_ONE -> {
          int index = plan[++i];
          if ((drop & EventCap.DROP_STATIC) == 0) {
            enc.comma();
            out.writeBytes(staticLeaves[index]);
          }
        }
        case OP_LEVEL_VALUE -> {
          name(enc, op);
          out.writeLong(e.levelValue());
        }
        case OP_LOGGER -> {
          name(enc, op);
          writeName(enc, e.loggerName());
        }
        case OP_THREAD -> {
          name(enc, op);
          writeName(enc, e.threadName());
        }
        case OP_MESSAGE -> writeMessage(e, enc);
        case OP_ECS_VERSION -> {
          enc.comma();
          out.writeBytes(ecsVersionField);
        }
        case OP_STATIC -> {
          if ((drop & EventCap.DROP_STATIC) == 0) {
            enc.comma();
            out.writeBytes(staticFields);
          }
        }
        case OP_DYNAMIC -> dynamicFields.write(e, enc, drop);
        case OP_TAGS -> {
          if ((drop & EventCap.DROP_TAGS) == 0) {
            writeTags(e, enc);
          }
        }
        case OP_ERROR_TYPE -> {
          if (thrown != null && (drop & EventCap.DROP_ERROR) == 0) {
            name(enc, op);
            out.writeString(thrown.getClass().getName(), maxString);
          }
        }
        case OP_ERROR_MESSAGE -> {
          if (thrown != null && (drop & EventCap.DROP_ERROR) == 0) {
            writeErrorMessage(thrown, enc);
          }
        }
        case OP_STACK_TRACE -> {
          if (thrown != null && (drop & EventCap.DROP_STACK) == 0) {
            writeStackTrace(thrown, enc);
          }
        }
        default -> throw new IllegalStateException("unknown op " + op);
      }
    }
    if (attempt.marking) {
      cap.writeMarker(enc);
    }
    out.writeByte('}');
    out.writeByte('\n');
  }

  private void name(Encoding enc, int op) {
    enc.comma();
    enc.out.writeBytes(names[op]);
  }

  private static CharSequence orEmpty(CharSequence text) {
    return text == null ? "" : text;
  }

  /**
   * Writes the message field: its name, then the text cut at the attempt's message limit, formatted
   * by the view straight into the buffer ({@link EventView#appendMessage}) when it can, else {@link
   * EventView#message()}; the same bytes either way. Under {@code maxEventBytes} an event may be
   * written more than once, so there the message is always taken from {@code message()} (a backend
   * caches it), never formatted twice.
   */
  private void writeMessage(EventView e, Encoding enc) {
    name(enc, OP_MESSAGE);
    JsonBuffer out = enc.out;
    int limit = enc.attempt.messageLimit;
    if (messageInPlace) {
      int mark = out.length();
      JsonBuffer.StringValue text = out.beginString(limit);
      boolean appended = false;
      try {
        appended = e.appendMessage(text);
      } catch (java.io.IOException impossible) {
        throw new java.io.UncheckedIOException(impossible);
      } finally {
        if (!appended) {
          out.rewind(mark);
        }
      }
      if (appended) {
        text.end();
        return;
      }
    }
    out.writeString(orEmpty(e.message()), limit);
  }

  /**
   * Writes a level, logger or thread name, through the encoding's cache of names when it is a
   * string within the current limit.
   */
  private static void writeName(Encoding enc, CharSequence text) {
    int limit = enc.attempt.nameLimit;
    if (text instanceof String string && string.length() <= limit) {
      enc.names.writeString(enc.out, string);
    } else {
      enc.out.writeString(orEmpty(text), limit);
    }
  }

  private void writeTags(EventView e, Encoding enc) {
    int count = e.markerCount();
    if (count <= 0) {
      return;
    }
    name(enc, OP_TAGS);
    JsonBuffer out = enc.out;
    out.writeByte('[');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.writeByte(',');
      }
      out.writeString(orEmpty(e.markerName(i)), maxString);
    }
    out.writeByte(']');
  }

  private void writeErrorMessage(Throwable thrown, Encoding enc) {
    String message = StackTraces.safeMessage(thrown);
    if (message != null) {
      name(enc, OP_ERROR_MESSAGE);
      enc.out.writeString(message, maxString);
    }
  }

  /** Writes the stack trace, and records in the attempt what it took (for the cap's first step). */
  private void writeStackTrace(Throwable thrown, Encoding enc) {
    name(enc, OP_STACK_TRACE);
    EventCap.Attempt attempt = enc.attempt;
    int start = enc.out.length;
    StackText text = enc.stack;
    text.start(enc.out, attempt.stackLimit);
    stackTraces.render(thrown, enc);
    attempt.stackChars = (int) Math.min(Integer.MAX_VALUE, text.length());
    text.finish();
    attempt.stackBytes = enc.out.length - start;
  }
}
