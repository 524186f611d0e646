package dev.logcontext.json.internal;

import dev.logcontext.Snapshot;
import dev.logcontext.json.EventView;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes the event's own fields, the plan's {@code OP_DYNAMIC} step: context fields in binding
 * order, then MDC fields, both inside the nest object when one is configured, then key-values at
 * the top level. Each field's key goes through the {@link KeyPolicy} (filtered, redacted, named and
 * renamed) and its value through the {@link ValueWriter}.
 *
 * <p>Thread-safe: immutable.
 */
final class DynamicFields {
  /** The nest object's name, quotes and colon included, or null for top-level fields. */
  private final byte[] nestName;

  private final KeyPolicy keys;
  private final ValueWriter values;
  private final PinnedTypes pinned;

  DynamicFields(String nestContextUnder, KeyPolicy keys, ValueWriter values, PinnedTypes pinned) {
    this.nestName = nestContextUnder == null ? null : KeyPolicy.encodedName(nestContextUnder);
    this.keys = keys;
    this.values = values;
    this.pinned = pinned;
  }

  /** Writes the groups of {@code e}'s own fields not in {@code drop} ({@code EventCap.DROP_*}). */
  void write(EventView e, Encoding enc, int drop) {
    KeySet written = enc.keys;
    written.clear();
    if (enc.captured != null) {
      Arrays.fill(enc.captured, null);
    }
    boolean nested = nestName != null;
    enc.nestedOpen = false;
    if ((drop & EventCap.DROP_CONTEXT) == 0) {
      Snapshot context = e.context();
      if (context != null) {
        int n = context.size();
        for (int i = 0; i < n; i++) {
          writeField(enc, context.keyAt(i), context.valueAt(i), nested);
        }
      }
    }
    if ((drop & EventCap.DROP_MDC) == 0) {
      Map<String, ?> mdc = e.mdcFields();
      if (mdc != null && !mdc.isEmpty()) {
        writeMdc(enc, mdc, nested);
      }
    }
    if (nested) {
      if (enc.nestedOpen) {
        enc.out.writeByte('}');
      }
      written.clear();
    }
    if ((drop & EventCap.DROP_KEY_VALUES) == 0) {
      int n = e.keyValueCount();
      for (int i = 0; i < n; i++) {
        writeField(enc, e.keyValueKey(i), e.keyValueValue(i), false);
      }
    }
  }

  private void writeMdc(Encoding enc, Map<String, ?> mdc, boolean nested) {
    for (Map.Entry<String, ?> entry : mdc.entrySet()) {
      Object key = entry.getKey();
      writeField(
          enc,
          key instanceof String string ? string : ValueWriter.safeToString(key),
          entry.getValue(),
          nested);
    }
  }

  private void writeField(Encoding enc, String key, Object value, boolean nested) {
    if (key == null) {
      key = "null";
    }
    KeyPolicy.KeyInfo info = keys.keyInfo(key);
    if (info == null) {
      writeUncachedField(enc, key, value, nested);
      return;
    }
    if (!info.accepted) {
      return;
    }
    if (info.capture >= 0 && !info.redacted && enc.captured[info.capture] == null) {
      enc.captured[info.capture] = value;
    }
    startField(enc, nested);
    if (info.pin != null) {
      pinned.write(enc, info, value, nested);
      return;
    }
    keys.writeName(enc.out, enc.keys, info, nested);
    if (info.redacted) {
      keys.writeRedaction(enc.out);
    } else {
      values.writeFieldValue(enc, value);
    }
  }

  /** A key too long for the cache: the same decisions, taken for this field only. */
  private void writeUncachedField(Encoding enc, String key, Object value, boolean nested) {
    if (!keys.accepts(key)) {
      return;
    }
    JsonBuffer out = enc.out;
    startField(enc, nested);
    keys.writeUniqueName(out, enc.keys, key, !nested);
    if (keys.isRedacted(key)) {
      keys.writeRedaction(out);
    } else {
      values.writeFieldValue(enc, value);
    }
  }

  /** Writes what precedes a field: a comma, and the nest object's opening for its first field. */
  private void startField(Encoding enc, boolean nested) {
    if (!nested) {
      enc.comma();
    } else if (enc.nestedOpen) {
      enc.out.writeByte(',');
    } else {
      enc.comma();
      enc.out.writeBytes(nestName);
      enc.out.writeByte('{');
      enc.nestedOpen = true;
    }
  }
}
