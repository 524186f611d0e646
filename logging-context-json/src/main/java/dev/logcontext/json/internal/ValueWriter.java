package dev.logcontext.json.internal;

import dev.logcontext.ValueConverter;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes the value of a context, MDC or key-value field with its JSON type (docs/json-format.md,
 * "Typing"), and contains what can go wrong in it: maps, collections and arrays nested too deep or
 * containing themselves become markers, the event's budget of nested elements bounds the work, and
 * a value that throws while written costs only its own field ({@link #writeFieldValue}).
 *
 * <p>Thread-safe: immutable; all per-event state (the output, the path of open containers, the
 * element budget) is the {@link Encoding}'s.
 */
final class ValueWriter {
  /** Maps and lists nested deeper than this are written as {@link #TOO_DEEP}. */
  static final int MAX_DEPTH = 16;

  static final String TOO_DEEP = "[nested deeper than " + MAX_DEPTH + " levels]";

  /**
   * Big numbers with more bits than this (about 1,000 decimal digits) are written as a string
   * naming their size: their text would be huge and slow to compute.
   */
  static final int MAX_NUMBER_BITS = 3322;

  /** A map, collection or array that contains itself is written as this at the repetition. */
  static final String CYCLE = "[cycle: contains itself]";

  /** The elements of maps, collections and arrays written per event, at every depth together. */
  static final int MAX_ELEMENTS = 10_000;

  /** What stands for the elements left out once {@link #MAX_ELEMENTS} is reached. */
  static final String TOO_MANY =
      "[truncated: more than " + MAX_ELEMENTS + " elements in this event]";

  /** The key of {@link #TOO_MANY} inside a map. */
  static final String OMITTED_KEY = "[truncated]";

  private final KeyPolicy keys;
  private final int maxString;
  private final int maxEventBytes;
  private final Consumer<? super Throwable> errorListener;

  /**
   * Creates a writer that names and redacts map keys by {@code keys}, cuts strings at {@code
   * maxString} chars, stops writing elements once a line is over {@code maxEventBytes} (0: no cap)
   * and reports a failing value to {@code errorListener}.
   */
  ValueWriter(
      KeyPolicy keys, int maxString, int maxEventBytes, Consumer<? super Throwable> errorListener) {
    this.keys = keys;
    this.maxString = maxString;
    this.maxEventBytes = maxEventBytes;
    this.errorListener = errorListener;
  }

  /**
   * Writes one field's value; if that fails (a map whose iteration throws, a list whose size lies),
   * what it wrote is taken back and a marker naming the failure stands for the value, so that one
   * bad value costs its own field and not the rest of the event. The failure is reported.
   */
  void writeFieldValue(Encoding enc, Object value) {
    int mark = enc.out.length;
    try {
      writeValue(enc, value, 0);
    } catch (Throwable failure) {
      FailureForm.rethrowIfFatal(failure);
      enc.out.length = mark;
      Arrays.fill(enc.path, null);
      String detail = StackTraces.safeMessage(failure);
      enc.out.writeString(
          "[value failed: "
              + failure.getClass().getName()
              + (detail == null ? "" : ": " + detail)
              + "]",
          Math.min(maxString, 512));
      FailureForm.report(errorListener, failure);
    }
  }

  private void writeValue(Encoding enc, Object value, int depth) {
    JsonBuffer out = enc.out;
    if (value == null) {
      out.writeAscii("null");
    } else if (value instanceof String text) {
      out.writeString(text, maxString);
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof AtomicInteger
        || value instanceof AtomicLong) {
      out.writeLong(((Number) value).longValue());
    } else if (value instanceof Boolean flag) {
      out.writeAscii(flag ? "true" : "false");
    } else if (value instanceof Double number) {
      writeDouble(out, number);
    } else if (value instanceof Float number) {
      writeFloat(out, number);
    } else if (value instanceof BigDecimal number) {
      writeBigDecimal(out, number);
    } else if (value instanceof BigInteger integer) {
      if (integer.bitLength() <= MAX_NUMBER_BITS) {
        out.writeAscii(integer.toString());
      } else {
        out.writeString("[BigInteger of " + integer.bitLength() + " bits]", maxString);
      }
    } else if (value instanceof UUID uuid) {
      out.writeUuid(uuid);
    } else if (value instanceof Enum<?> constant) {
      out.writeString(constant.name(), maxString);
    } else if (value instanceof Map || value instanceof Collection || value.getClass().isArray()) {
      writeContainer(enc, value, depth);
    } else {
      writeOther(enc, value, depth);
    }
  }

  /**
   * Writes a value of no JSON type: a kept type of the core (Character, java.time values, ZoneId)
   * as its string form, any other object (a POJO passed as an SLF4J key-value, or inside a map or
   * list passed so) as the form a bind gives it, the {@code ValueConverter}'s tree included.
   */
  private void writeOther(Encoding enc, Object value, int depth) {
    Object bound = ValueConverter.normalize(value);
    if (bound == value || bound == null) {
      enc.out.writeString(safeToString(value), maxString);
    } else if (bound instanceof Map || bound instanceof Collection) {
      writeContainer(enc, bound, depth);
    } else {
      writeValue(enc, bound, depth);
    }
  }

  private static void writeDouble(JsonBuffer out, double value) {
    if (Double.isFinite(value)) {
      out.writeAscii(Double.toString(value));
    } else {
      out.writeAscii(
          Double.isNaN(value) ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    }
  }

  private static void writeFloat(JsonBuffer out, float value) {
    if (Float.isFinite(value)) {
      out.writeAscii(Float.toString(value));
    } else {
      out.writeAscii(Float.isNaN(value) ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    }
  }

  private static void writeBigDecimal(JsonBuffer out, BigDecimal value) {
    int bits = value.unscaledValue().bitLength();
    if (bits > MAX_NUMBER_BITS) {
      out.writeAscii("\"[BigDecimal of " + bits + " bits, scale " + value.scale() + "]\"");
      return;
    }
    int scale = value.scale();
    // Plain notation unless that would be absurdly long (1E+1000000); both are valid JSON numbers.
    if (scale >= -1000 && scale <= 1000) {
      out.writeAscii(value.toPlainString());
    } else {
      out.writeAscii(value.toString());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Maps, collections and arrays

  /**
   * Writes a map, collection or array nested {@code depth} levels deep, or a marker instead when it
   * is too deep or contains itself (a cycle through the containers on the current path).
   */
  private void writeContainer(Encoding enc, Object value, int depth) {
    if (depth >= MAX_DEPTH) {
      enc.out.writeString(TOO_DEEP, maxString);
      return;
    }
    Object[] path = enc.path;
    for (int i = 0; i < depth; i++) {
      if (path[i] == value) {
        enc.out.writeString(CYCLE, maxString);
        return;
      }
    }
    path[depth] = value;
    try {
      if (value instanceof Map<?, ?> map) {
        writeMap(enc, map, depth);
      } else if (value instanceof Collection<?> collection) {
        writeCollection(enc, collection, depth);
      } else {
        writeArray(enc, value, depth);
      }
    } finally {
      path[depth] = null;
    }
  }

  /**
   * Takes one element from the event's budget of nested values; false once it is spent or the line
   * is already over {@code maxEventBytes} (it will be cut anyway), so that the work for one event
   * is bounded whatever its values hold: shared sub-structures, endless iterators, huge arrays.
   */
  private boolean takeElement(Encoding enc) {
    if (enc.elementsLeft <= 0 || (maxEventBytes > 0 && enc.out.length > maxEventBytes)) {
      return false;
    }
    enc.elementsLeft--;
    return true;
  }

  private void writeMap(Encoding enc, Map<?, ?> map, int depth) {
    // Names are compared as written: keys that differ as objects but not as text (equal strings
    // in an IdentityHashMap, unpaired surrogates, keys cut at the string limit, non-string keys
    // with the same toString()) never give a duplicate name; later ones are prefixed.
    KeySet names = enc.mapNames(depth);
    JsonBuffer out = enc.out;
    out.writeByte('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!first) {
        out.writeByte(',');
      }
      if (!takeElement(enc)) {
        keys.writeUniqueName(out, names, OMITTED_KEY, false);
        out.writeString(TOO_MANY, maxString);
        break;
      }
      first = false;
      Object key = entry.getKey();
      String text = key instanceof String string ? string : safeToString(key);
      keys.writeUniqueName(out, names, text, false);
      // Redaction is decided on the whole key, never on its cut or renamed form.
      if (keys.isRedacted(text)) {
        keys.writeRedaction(out);
      } else {
        writeValue(enc, entry.getValue(), depth + 1);
      }
    }
    out.writeByte('}');
  }

  private void writeCollection(Encoding enc, Collection<?> collection, int depth) {
    JsonBuffer out = enc.out;
    out.writeByte('[');
    if (collection instanceof List<?> list && collection instanceof RandomAccess) {
      int n = list.size();
      for (int i = 0; i < n; i++) {
        if (!writeElementStart(enc, i)) {
          break;
        }
        writeValue(enc, list.get(i), depth + 1);
      }
    } else {
      int i = 0;
      for (Object element : collection) {
        if (!writeElementStart(enc, i++)) {
          break;
        }
        writeValue(enc, element, depth + 1);
      }
    }
    out.writeByte(']');
  }

  private void writeArray(Encoding enc, Object array, int depth) {
    JsonBuffer out = enc.out;
    out.writeByte('[');
    int n = Array.getLength(array);
    for (int i = 0; i < n; i++) {
      if (!writeElementStart(enc, i)) {
        break;
      }
      writeValue(enc, Array.get(array, i), depth + 1);
    }
    out.writeByte(']');
  }

  /**
   * Writes the separator before array element {@code index} and returns true, or, when the budget
   * is spent, the marker element instead and returns false.
   */
  private boolean writeElementStart(Encoding enc, int index) {
    if (index > 0) {
      enc.out.writeByte(',');
    }
    if (takeElement(enc)) {
      return true;
    }
    enc.out.writeString(TOO_MANY, maxString);
    return false;
  }

  /**
   * Returns {@code String.valueOf(value)}, or a marker naming the exception when {@code toString()}
   * throws or returns null.
   */
  static String safeToString(Object value) {
    try {
      String text = String.valueOf(value);
      return text != null
          ? text
          : "[toString() of " + value.getClass().getName() + " returned null]";
    } catch (Throwable e) {
      FailureForm.rethrowIfFatal(e);
      return "[toString() of "
          + value.getClass().getName()
          + " threw "
          + e.getClass().getName()
          + "]";
    }
  }
}
