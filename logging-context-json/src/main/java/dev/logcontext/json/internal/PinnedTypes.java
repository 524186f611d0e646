package dev.logcontext.json.internal;

import dev.logcontext.json.FieldType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a field whose key has a pinned JSON type (docs/json-format.md, "Pinned field types"): the
 * value is written as usual, then its JSON type is read back from the bytes, which are the truth
 * whatever produced them (a typed value, a redaction, a {@code [value failed: …]} marker, {@code
 * "NaN"}). A value of the pinned type, or null, stays. Under {@link FieldType#KEYWORD} a number or
 * a boolean becomes its text in a string. Any other value is taken back, name included, and its
 * JSON text is written as a string under {@code <key>_text}, named by the collision and duplicate
 * rules like every field; the pinned name stays taken for the event.
 *
 * <p>Thread-safe: immutable; the state is the {@link Encoding}'s.
 */
final class PinnedTypes {
  private final KeyPolicy keys;
  private final ValueWriter values;
  private final int maxString;

  PinnedTypes(KeyPolicy keys, ValueWriter values, int maxString) {
    this.keys = keys;
    this.values = values;
    this.maxString = maxString;
  }

  /**
   * Writes the field {@code info} (accepted, pinned) with {@code value}: name and value, or the
   * {@code _text} field instead. The caller has written what precedes the field.
   */
  void write(Encoding enc, KeyPolicy.KeyInfo info, Object value, boolean nested) {
    JsonBuffer out = enc.out;
    int fieldStart = out.length;
    keys.writeName(out, enc.keys, info, nested);
    int valueStart = out.length;
    if (info.redacted) {
      keys.writeRedaction(out);
    } else {
      values.writeFieldValue(enc, value);
    }
    byte first = out.bytes[valueStart];
    FieldType pin = info.pin;
    if (first == 'n' || matches(pin, first, out.bytes, valueStart, out.length)) {
      return;
    }
    byte[] written = Arrays.copyOfRange(out.bytes, valueStart, out.length);
    if (pin == FieldType.KEYWORD && (first != '{' && first != '[')) {
      // A number or a boolean: its text needs no escaping.
      out.length = valueStart;
      out.writeByte('"');
      out.writeBytes(written);
      out.writeByte('"');
      return;
    }
    out.length = fieldStart;
    keys.writeUniqueName(out, enc.keys, info.key + FieldType.TEXT_SUFFIX, !nested);
    if (first == '"') {
      out.writeBytes(written); // already a JSON string, cut and escaped
    } else {
      out.writeString(new String(written, StandardCharsets.UTF_8), maxString);
    }
  }

  /**
   * Returns whether the JSON value in {@code bytes[from, to)}, starting with {@code first}, is a
   * {@code pin}.
   */
  private static boolean matches(FieldType pin, byte first, byte[] bytes, int from, int to) {
    return switch (pin) {
      case KEYWORD -> first == '"';
      case OBJECT -> first == '{';
      case BOOLEAN -> first == 't' || first == 'f';
      case DOUBLE -> first == '-' || (first >= '0' && first <= '9');
      case LONG -> (first == '-' || (first >= '0' && first <= '9')) && isInteger(bytes, from, to);
    };
  }

  private static boolean isInteger(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b == '.' || b == 'e' || b == 'E') {
        return false;
      }
    }
    return true;
  }
}
