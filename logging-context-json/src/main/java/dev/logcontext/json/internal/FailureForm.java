package dev.logcontext.json.internal;

import static dev.logcontext.json.internal.EventEncoder.OP_ECS_VERSION;
import static dev.logcontext.json.internal.EventEncoder.OP_LEVEL;
import static dev.logcontext.json.internal.EventEncoder.OP_LOGGER;
import static dev.logcontext.json.internal.EventEncoder.OP_MESSAGE;
import static dev.logcontext.json.internal.EventEncoder.OP_SEVERITY;
import static dev.logcontext.json.internal.EventEncoder.OP_THREAD;
import static dev.logcontext.json.internal.EventEncoder.OP_TIMESTAMP;

import dev.logcontext.json.EventView;
import java.util.function.Consumer;

/**
 * The line written when encoding an event failed (docs/json-format.md, "Errors"): the minimal form,
 * timestamp, level, logger, thread, message (and {@code ecs.version}) in the plan's order, each
 * read defensively, plus the {@code encoder_error} marker; it respects the event cap too. Also the
 * failure rules every part of the writer shares: which throwables propagate ({@link
 * #rethrowIfFatal}) and how a failure is reported ({@link #report}).
 *
 * <p>Thread-safe: immutable.
 */
final class FailureForm {
  private final int[] ops;
  private final byte[][] names;
  private final byte[] ecsVersionField;
  private final byte[] errorName;
  private final byte[] timestampName;
  private final int maxString;
  private final int maxEventBytes;

  /**
   * Creates the failure form of a compiled plan: its {@code ops} and encoded field {@code names} by
   * op (neither is changed), the encoded {@code ecs.version} field, the names of the error marker
   * and of the timestamp (null when not written), and the format's limits.
   */
  FailureForm(
      int[] ops,
      byte[][] names,
      byte[] ecsVersionField,
      byte[] errorName,
      byte[] timestampName,
      int maxString,
      int maxEventBytes) {
    this.ops = ops;
    this.names = names;
    this.ecsVersionField = ecsVersionField;
    this.errorName = errorName;
    this.timestampName = timestampName;
    this.maxString = maxString;
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Throws {@code failure} if it must propagate: a {@link VirtualMachineError} but stack overflow.
   */
  static void rethrowIfFatal(Throwable failure) {
    if (failure instanceof VirtualMachineError fatal && !(failure instanceof StackOverflowError)) {
      throw fatal;
    }
  }

  /** Passes {@code failure} to {@code listener}; a listener that throws is ignored. */
  static void report(Consumer<? super Throwable> listener, Throwable failure) {
    try {
      listener.accept(failure);
    } catch (Throwable ignored) {
      // A failing listener must not turn a written event into an exception for the caller.
    }
  }

  /**
   * Writes the minimal form after {@code failure} into {@code enc}'s buffer, replacing what was
   * there: with the limits of the format, else cut to fit the cap, else the last resort.
   */
  void write(EventView e, Encoding enc, Throwable failure) {
    try {
      writeMinimal(e, enc, failure, maxString, maxString);
      if (exceeded(enc)) {
        writeMinimal(
            e, enc, failure, Math.max(0, (maxEventBytes - 900) / 6), EventCap.MINIMAL_NAME_LIMIT);
      }
      if (exceeded(enc)) {
        writeLastResort(e, enc, failure);
      }
    } catch (Throwable again) {
      rethrowIfFatal(again);
      writeLastResort(e, enc, failure);
    }
  }

  private boolean exceeded(Encoding enc) {
    return maxEventBytes > 0 && enc.out.length > maxEventBytes;
  }

  private void writeMinimal(
      EventView e, Encoding enc, Throwable failure, int messageLimit, int nameLimit) {
    JsonBuffer out = enc.out;
    out.reset();
    enc.needComma = false;
    out.writeByte('{');
    for (int op : ops) {
      switch (op) {
        case OP_TIMESTAMP -> {
          name(enc, op);
          out.writeTimestamp(safeTimestamp(e));
        }
        case OP_LEVEL, OP_LOGGER, OP_THREAD -> {
          name(enc, op);
          out.writeString(safeHeader(e, op), nameLimit);
        }
        case OP_SEVERITY -> {
          name(enc, op);
          out.writeString(GcpFields.severity(safeLevelValue(e)), nameLimit);
        }
        case OP_MESSAGE -> {
          name(enc, op);
          out.writeString(safeHeader(e, op), messageLimit);
        }
        case OP_ECS_VERSION -> {
          enc.comma();
          out.writeBytes(ecsVersionField);
        }
        default -> {
          // Nothing else is written in the minimal form.
        }
      }
    }
    enc.comma();
    out.writeBytes(errorName);
    String detail = StackTraces.safeMessage(failure);
    out.writeString(
        detail == null
            ? failure.getClass().getName()
            : failure.getClass().getName() + ": " + detail,
        256);
    out.writeByte('}');
    out.writeByte('\n');
  }

  private void name(Encoding enc, int op) {
    enc.comma();
    enc.out.writeBytes(names[op]);
  }

  /** Writes only the timestamp and the error marker with the failure's class. */
  private void writeLastResort(EventView e, Encoding enc, Throwable failure) {
    JsonBuffer out = enc.out;
    openBareLine(out, timestampName, e);
    out.writeBytes(errorName);
    out.writeString(failure.getClass().getName(), 100);
    out.writeByte('}');
    out.writeByte('\n');
  }

  /**
   * Starts the smallest line there is, for the last resort of both the cap and the failure form:
   * replaces {@code out}'s content by the opening brace and, when {@code timestampName} is not
   * null, the timestamp field and a comma. The caller writes one marker field and closes the line.
   */
  static void openBareLine(JsonBuffer out, byte[] timestampName, EventView e) {
    out.reset();
    out.writeByte('{');
    if (timestampName != null) {
      out.writeBytes(timestampName);
      out.writeTimestamp(safeTimestamp(e));
      out.writeByte(',');
    }
  }

  private static long safeTimestamp(EventView e) {
    try {
      return e.timestampMillis();
    } catch (Throwable ignored) {
      return System.currentTimeMillis();
    }
  }

  private static int safeLevelValue(EventView e) {
    try {
      return e.levelValue();
    } catch (Throwable ignored) {
      return 0;
    }
  }

  private static CharSequence safeHeader(EventView e, int op) {
    try {
      CharSequence text =
          switch (op) {
            case OP_LEVEL -> e.levelName();
            case OP_LOGGER -> e.loggerName();
            case OP_THREAD -> e.threadName();
            default -> {
              CharSequence message = e.message();
              // A CharSequence that failed once may fail again: take its string form now.
              yield message == null ? null : message.toString();
            }
          };
      return text == null ? "" : text;
    } catch (Throwable ignored) {
      return "[unavailable]";
    }
  }
}
