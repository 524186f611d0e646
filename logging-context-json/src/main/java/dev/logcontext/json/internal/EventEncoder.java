package dev.logcontext.json.internal;

import dev.logcontext.Snapshot;
import dev.logcontext.json.EventView;
import dev.logcontext.json.JsonFormat;
import dev.logcontext.json.StandardField;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link JsonFormat} compiled into a fixed plan: an array of field operations with pre-encoded
 * names and static fields, the reserved-name set, key filters and the redaction matcher. Encoding
 * an event walks the plan with index loops and writes into an {@link Encoding}'s buffer.
 *
 * <p>Thread-safe: immutable after construction except for the redaction decision cache, a bounded
 * {@link ConcurrentHashMap}. {@link #encode} never throws except {@link VirtualMachineError}s other
 * than {@link StackOverflowError}.
 */
public final class EventEncoder {
  private static final int OP_TIMESTAMP = 0;
  private static final int OP_LEVEL = 1;
  private static final int OP_LEVEL_VALUE = 2;
  private static final int OP_MESSAGE = 3;
  private static final int OP_ECS_VERSION = 4;
  private static final int OP_LOGGER = 5;
  private static final int OP_THREAD = 6;
  private static final int OP_TAGS = 7;
  private static final int OP_ERROR_TYPE = 8;
  private static final int OP_ERROR_MESSAGE = 9;
  private static final int OP_STACK_TRACE = 10;
  private static final int OP_STATIC = 11;
  private static final int OP_DYNAMIC = 12;
  private static final int OP_COUNT = 13;

  private static final int[] LOGSTASH_ORDER = {
    OP_TIMESTAMP,
    OP_LEVEL,
    OP_LEVEL_VALUE,
    OP_LOGGER,
    OP_THREAD,
    OP_MESSAGE,
    OP_ECS_VERSION,
    OP_STATIC,
    OP_DYNAMIC,
    OP_TAGS,
    OP_ERROR_TYPE,
    OP_ERROR_MESSAGE,
    OP_STACK_TRACE
  };
  private static final int[] ECS_ORDER = {
    OP_TIMESTAMP,
    OP_LEVEL,
    OP_MESSAGE,
    OP_ECS_VERSION,
    OP_LEVEL_VALUE,
    OP_LOGGER,
    OP_THREAD,
    OP_STATIC,
    OP_DYNAMIC,
    OP_TAGS,
    OP_ERROR_TYPE,
    OP_ERROR_MESSAGE,
    OP_STACK_TRACE
  };
  private static final StandardField[] OP_FIELDS = {
    StandardField.TIMESTAMP,
    StandardField.LEVEL,
    StandardField.LEVEL_VALUE,
    StandardField.MESSAGE,
    StandardField.ECS_VERSION,
    StandardField.LOGGER,
    StandardField.THREAD,
    StandardField.TAGS,
    StandardField.ERROR_TYPE,
    StandardField.ERROR_MESSAGE,
    StandardField.STACK_TRACE
  };

  // Groups dropped, in this order, to fit maxEventBytes.
  static final int DROP_STACK = 1;
  static final int DROP_KEY_VALUES = 2;
  static final int DROP_TAGS = 4;
  static final int DROP_MDC = 8;
  static final int DROP_CONTEXT = 16;
  static final int DROP_STATIC = 32;
  static final int DROP_ERROR = 64;
  private static final int[] DROP_STEPS = {
    DROP_STACK,
    DROP_STACK | DROP_KEY_VALUES | DROP_TAGS,
    DROP_STACK | DROP_KEY_VALUES | DROP_TAGS | DROP_MDC,
    DROP_STACK | DROP_KEY_VALUES | DROP_TAGS | DROP_MDC | DROP_CONTEXT,
    DROP_STACK | DROP_KEY_VALUES | DROP_TAGS | DROP_MDC | DROP_CONTEXT | DROP_STATIC | DROP_ERROR
  };
  private static final String[] DROP_NAMES = {
    "stack_trace", "key_values", "tags", "mdc", "context", "static_fields", "error_fields"
  };
  private static final int SHORT_STACK = 1;
  private static final int SHORT_MESSAGE = 2;
  private static final int SHORT_NAMES = 4;
  private static final String[] SHORT_NAMES_TEXT = {
    "stack_trace", "message", "level_logger_thread"
  };

  /** Level, logger and thread names are cut to this many chars in the smallest forms. */
  private static final int MINIMAL_NAME_LIMIT = 32;

  /** Room kept for the truncation marker when sizing a shortened stack trace. */
  private static final int MARKER_RESERVE = 200;

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

  private static final int REDACTION_CACHE_LIMIT = 4096;

  /** Slots of the field-name cache (a power of two). */
  static final int NAME_CACHE_SLOTS = 256;

  /** Keys longer than this are not kept in the field-name cache. */
  static final int NAME_CACHE_MAX_KEY = 128;

  private final int[] ops;
  private final byte[][] names = new byte[OP_COUNT][];
  private final byte[] ecsVersionField;
  private final byte[] staticFields;
  private final byte[] nestName;
  private final byte[] truncatedName;
  private final byte[] errorName;
  private final byte[] timestampName;
  private final boolean needsThrowable;

  private final Set<String> reserved;
  private final Set<String> includeKeys;
  private final Set<String> excludeKeys;
  private final String prefix;
  private final String[] redactFragments;
  private final String redaction;
  private final ConcurrentHashMap<String, Boolean> redactionCache = new ConcurrentHashMap<>();

  /**
   * The event-independent decisions for recently seen context, MDC and key-value keys, indexed by
   * the key's hash. A slot holds an immutable {@link KeyInfo} (final fields, so a racy read sees
   * either null, an older entry or a complete new one) and is overwritten on a collision; a hit is
   * verified with {@code equals}.
   */
  private final KeyInfo[] nameCache = new KeyInfo[NAME_CACHE_SLOTS];

  private final int maxString;
  private final int maxEventBytes;
  private final int maxStackTrace;
  private final StackTraces stackTraces;
  private final Consumer<? super Throwable> errorListener;

  /** Compiles {@code format}. */
  public EventEncoder(JsonFormat format) {
    maxString = unlimitedIfZero(format.maxStringLength());
    maxEventBytes = format.maxEventBytes();
    maxStackTrace = unlimitedIfZero(format.maxStackTraceLength());
    prefix = format.collisionPrefix();
    redaction = format.redactionReplacement();
    redactFragments = format.redactKeys().toArray(new String[0]);
    includeKeys = Set.copyOf(format.includeKeys());
    excludeKeys = Set.copyOf(format.excludeKeys());
    errorListener = format.errorListener();
    stackTraces =
        new StackTraces(
            format.maxStackDepthPerThrowable(),
            format.shortenedClassNameLength(),
            format.frameExclusions(),
            format.rootCauseFirst());

    int[] order = format.preset() == JsonFormat.Preset.ECS ? ECS_ORDER : LOGSTASH_ORDER;
    int[] plan = new int[order.length];
    int count = 0;
    boolean throwable = false;
    for (int op : order) {
      if (op == OP_STATIC) {
        if (!format.staticFields().isEmpty()) {
          plan[count++] = op;
        }
      } else if (op == OP_DYNAMIC) {
        plan[count++] = op;
      } else {
        String name = format.fieldName(OP_FIELDS[op]);
        if (name != null) {
          names[op] = fieldName(name);
          plan[count++] = op;
          throwable |= op == OP_ERROR_TYPE || op == OP_ERROR_MESSAGE || op == OP_STACK_TRACE;
        }
      }
    }
    ops = Arrays.copyOf(plan, count);
    needsThrowable = throwable;

    String ecsName = format.fieldName(StandardField.ECS_VERSION);
    ecsVersionField = ecsName == null ? null : field(ecsName, format.ecsVersion());
    staticFields = staticBlob(format.staticFields());
    nestName = format.nestContextUnder() == null ? null : fieldName(format.nestContextUnder());
    truncatedName = fieldName(format.fieldName(StandardField.EVENT_TRUNCATED));
    errorName = fieldName(format.fieldName(StandardField.ENCODER_ERROR));
    String ts = format.fieldName(StandardField.TIMESTAMP);
    timestampName = ts == null ? null : fieldName(ts);

    Set<String> taken = new HashSet<>();
    for (StandardField field : StandardField.values()) {
      if (format.fieldName(field) != null) {
        taken.add(format.fieldName(field));
      }
    }
    taken.addAll(format.staticFields().keySet());
    if (format.nestContextUnder() != null) {
      taken.add(format.nestContextUnder());
    }
    reserved = Set.copyOf(taken);
  }

  /** Returns a fresh per-encoding state for this plan. */
  public Encoding newEncoding() {
    return new Encoding(stackTraces.newMatchers());
  }

  private static int unlimitedIfZero(int limit) {
    return limit == 0 ? Integer.MAX_VALUE : limit;
  }

  private static byte[] fieldName(String name) {
    JsonBuffer b = new JsonBuffer();
    b.writeString(name, Integer.MAX_VALUE);
    b.writeByte(':');
    return b.toByteArray();
  }

  private byte[] field(String name, String value) {
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
      startAttempt(enc);
      writeEvent(event, enc);
      if (maxEventBytes > 0 && enc.out.length > maxEventBytes) {
        shrink(event, enc);
      }
    } catch (Throwable failure) {
      if (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError)) {
        throw (VirtualMachineError) failure;
      }
      writeFailure(event, enc, failure);
      report(failure);
    }
  }

  private void startAttempt(Encoding enc) {
    enc.dropMask = 0;
    enc.shortened = 0;
    enc.stackLimit = maxStackTrace;
    enc.messageLimit = maxString;
    enc.nameLimit = maxString;
    enc.marking = false;
    enc.originalBytes = 0;
  }

  private void report(Throwable failure) {
    try {
      errorListener.accept(failure);
    } catch (Throwable ignored) {
      // A failing listener must not turn a written event into an exception for the caller.
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The plan

  private void writeEvent(EventView e, Encoding enc) {
    JsonBuffer out = enc.out;
    out.reset();
    enc.needComma = false;
    enc.elementsLeft = MAX_ELEMENTS;
    enc.stackBytes = 0;
    enc.stackChars = 0;
    int drop = enc.dropMask;
    Throwable thrown = needsThrowable ? e.throwable() : null;
    out.writeByte('{');
    int[] plan = ops;
    for (int i = 0; i < plan.length; i++) {
      int op = plan[i];
      switch (op) {
        case OP_TIMESTAMP:
          name(enc, op);
          out.writeTimestamp(e.timestampMillis());
          break;
        case OP_LEVEL:
          name(enc, op);
          writeName(enc, e.levelName());
          break;
        case OP_LEVEL_VALUE:
          name(enc, op);
          out.writeLong(e.levelValue());
          break;
        case OP_LOGGER:
          name(enc, op);
          writeName(enc, e.loggerName());
          break;
        case OP_THREAD:
          name(enc, op);
          writeName(enc, e.threadName());
          break;
        case OP_MESSAGE:
          name(enc, op);
          writeMessage(e, enc);
          break;
        case OP_ECS_VERSION:
          comma(enc);
          out.writeBytes(ecsVersionField);
          break;
        case OP_STATIC:
          if ((drop & DROP_STATIC) == 0) {
            comma(enc);
            out.writeBytes(staticFields);
          }
          break;
        case OP_DYNAMIC:
          writeDynamic(e, enc, drop);
          break;
        case OP_TAGS:
          if ((drop & DROP_TAGS) == 0) {
            writeTags(e, enc);
          }
          break;
        case OP_ERROR_TYPE:
          if (thrown != null && (drop & DROP_ERROR) == 0) {
            name(enc, op);
            out.writeString(thrown.getClass().getName(), maxString);
          }
          break;
        case OP_ERROR_MESSAGE:
          if (thrown != null && (drop & DROP_ERROR) == 0) {
            writeErrorMessage(thrown, enc);
          }
          break;
        case OP_STACK_TRACE:
          if (thrown != null && (drop & DROP_STACK) == 0) {
            writeStackTrace(thrown, enc);
          }
          break;
        default:
          throw new IllegalStateException("unknown op " + op);
      }
    }
    if (enc.marking) {
      writeTruncationMarker(enc);
    }
    out.writeByte('}');
    out.writeByte('\n');
  }

  /**
   * Writes the message value: formatted by the view straight into the buffer ({@link
   * EventView#appendMessage}) when it can, else {@link EventView#message()}; the same bytes either
   * way. Under {@code maxEventBytes} an event may be written more than once, so there the message
   * is always taken from {@code message()} (a backend caches it), never formatted twice.
   */
  private void writeMessage(EventView e, Encoding enc) {
    JsonBuffer out = enc.out;
    if (maxEventBytes <= 0) {
      int mark = out.length();
      JsonBuffer.StringValue text = out.beginString(enc.messageLimit);
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
    out.writeString(orEmpty(e.message()), enc.messageLimit);
  }

  /**
   * Writes a level, logger or thread name, through the encoding's cache of names when it is a
   * string within the current limit.
   */
  private static void writeName(Encoding enc, CharSequence text) {
    if (text instanceof String && text.length() <= enc.nameLimit) {
      enc.names.writeString(enc.out, (String) text);
    } else {
      enc.out.writeString(orEmpty(text), enc.nameLimit);
    }
  }

  private static CharSequence orEmpty(CharSequence text) {
    return text == null ? "" : text;
  }

  private void name(Encoding enc, int op) {
    comma(enc);
    enc.out.writeBytes(names[op]);
  }

  private static void comma(Encoding enc) {
    if (enc.needComma) {
      enc.out.writeByte(',');
    } else {
      enc.needComma = true;
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

  private void writeStackTrace(Throwable thrown, Encoding enc) {
    name(enc, OP_STACK_TRACE);
    int start = enc.out.length;
    StackText text = enc.stack;
    text.start(enc.out, enc.stackLimit);
    stackTraces.render(thrown, enc);
    enc.stackChars = (int) Math.min(Integer.MAX_VALUE, text.length());
    text.finish();
    enc.stackBytes = enc.out.length - start;
  }

  // ---------------------------------------------------------------------------------------------
  // Context, MDC and key-value fields

  private void writeDynamic(EventView e, Encoding enc, int drop) {
    KeySet keys = enc.keys;
    keys.clear();
    boolean nested = nestName != null;
    enc.nestedOpen = false;
    if ((drop & DROP_CONTEXT) == 0) {
      Snapshot context = e.context();
      if (context != null) {
        int n = context.size();
        for (int i = 0; i < n; i++) {
          writeDynamicField(enc, context.keyAt(i), context.valueAt(i), nested);
        }
      }
    }
    if ((drop & DROP_MDC) == 0) {
      Map<String, ?> mdc = e.mdcFields();
      if (mdc != null && !mdc.isEmpty()) {
        writeMdc(enc, mdc, nested);
      }
    }
    if (nested) {
      if (enc.nestedOpen) {
        enc.out.writeByte('}');
      }
      keys.clear();
    }
    if ((drop & DROP_KEY_VALUES) == 0) {
      int n = e.keyValueCount();
      for (int i = 0; i < n; i++) {
        writeDynamicField(enc, e.keyValueKey(i), e.keyValueValue(i), false);
      }
    }
  }

  private void writeMdc(Encoding enc, Map<String, ?> mdc, boolean nested) {
    for (Map.Entry<String, ?> entry : mdc.entrySet()) {
      Object key = entry.getKey();
      writeDynamicField(
          enc, key instanceof String ? (String) key : safeToString(key), entry.getValue(), nested);
    }
  }

  private void writeDynamicField(Encoding enc, String key, Object value, boolean nested) {
    if (key == null) {
      key = "null";
    }
    KeyInfo info = keyInfo(key);
    if (info == null) {
      writeUncachedField(enc, key, value, nested);
      return;
    }
    if (!info.accepted) {
      return;
    }
    KeySet keys = enc.keys;
    JsonBuffer out = enc.out;
    startField(enc, nested);
    // Inside the nest object only duplicates are renamed; at the top level reserved names too.
    if (nested || !info.reserved) {
      if (keys.addIfAbsent(info.name)) {
        out.writeBytes(info.encoded);
      } else {
        writeRenamed(out, keys, info.name, nested ? null : reserved);
      }
    } else if (info.renamed != null && keys.addIfAbsent(info.renamed)) {
      // Every earlier candidate is reserved, so with this one free the rule picks it again.
      out.writeBytes(info.renamedEncoded);
    } else {
      writeRenamed(out, keys, info.name, reserved);
    }
    if (info.redacted) {
      out.writeString(redaction, maxString);
    } else {
      writeFieldValue(enc, value);
    }
  }

  /**
   * Writes one field's value; if that fails (a map whose iteration throws, a list whose size lies),
   * what it wrote is taken back and a marker naming the failure stands for the value, so that one
   * bad value costs its own field and not the rest of the event. The failure is reported.
   */
  private void writeFieldValue(Encoding enc, Object value) {
    int mark = enc.out.length;
    try {
      writeValue(enc, value, 0);
    } catch (Throwable failure) {
      if (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError)) {
        throw (VirtualMachineError) failure;
      }
      enc.out.length = mark;
      Arrays.fill(enc.path, null);
      String detail = StackTraces.safeMessage(failure);
      enc.out.writeString(
          "[value failed: "
              + failure.getClass().getName()
              + (detail == null ? "" : ": " + detail)
              + "]",
          Math.min(maxString, 512));
      report(failure);
    }
  }

  /** Writes what precedes a field: a comma, and the nest object's opening for its first field. */
  private void startField(Encoding enc, boolean nested) {
    if (!nested) {
      comma(enc);
    } else if (enc.nestedOpen) {
      enc.out.writeByte(',');
    } else {
      comma(enc);
      enc.out.writeBytes(nestName);
      enc.out.writeByte('{');
      enc.nestedOpen = true;
    }
  }

  private void writeUncachedField(Encoding enc, String key, Object value, boolean nested) {
    if (!accepts(key)) {
      return;
    }
    String name = uniqueName(key, nested ? null : reserved, enc.keys);
    enc.keys.add(name);
    JsonBuffer out = enc.out;
    startField(enc, nested);
    out.writeString(name, Integer.MAX_VALUE);
    out.writeByte(':');
    if (isRedacted(key)) {
      out.writeString(redaction, maxString);
    } else {
      writeFieldValue(enc, value);
    }
  }

  private void writeRenamed(JsonBuffer out, KeySet keys, String name, Set<String> reservedNames) {
    String renamed = renamed(name, reservedNames, keys);
    keys.add(renamed);
    out.writeString(renamed, Integer.MAX_VALUE);
    out.writeByte(':');
  }

  /**
   * Returns the cached decisions for {@code key}, computing and caching them on a miss; null for a
   * key too long to cache. A key may sit in its hash's slot or the neighbouring one.
   */
  KeyInfo keyInfo(String key) {
    if (key.length() > NAME_CACHE_MAX_KEY) {
      return null;
    }
    KeyInfo[] cache = nameCache;
    int slot = spread(key.hashCode()) & (cache.length - 1);
    KeyInfo first = cache[slot];
    if (first != null && first.key.equals(key)) {
      return first;
    }
    KeyInfo second = cache[slot ^ 1];
    if (second != null && second.key.equals(key)) {
      return second;
    }
    KeyInfo info = decide(key);
    cache[first == null || second != null ? slot : slot ^ 1] = info;
    return info;
  }

  private KeyInfo decide(String key) {
    if (!accepts(key)) {
      return new KeyInfo(key, false, false, null, false, null);
    }
    String name = JsonBuffer.asWritten(key, maxString);
    boolean isReserved = reserved.contains(name);
    String renamed = isReserved ? renamed(name, reserved, null) : null;
    return new KeyInfo(key, true, isRedacted(key), name, isReserved, renamed);
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  /**
   * What does not depend on the event for one key: whether it is written at all, whether its value
   * is redacted, the name it is written under when free (with its encoded form, quotes and colon
   * included), whether that name is reserved at the top level and, if so, the name the collision
   * rule gives it when no other field of the event took one of the candidates.
   */
  static final class KeyInfo {
    final String key;
    final boolean accepted;
    final boolean redacted;
    final String name;
    final byte[] encoded;
    final boolean reserved;
    final String renamed;
    final byte[] renamedEncoded;

    KeyInfo(
        String key,
        boolean accepted,
        boolean redacted,
        String name,
        boolean reserved,
        String renamed) {
      this.key = key;
      this.accepted = accepted;
      this.redacted = redacted;
      this.name = name;
      this.encoded = name == null ? null : fieldName(name);
      this.reserved = reserved;
      this.renamed = renamed;
      this.renamedEncoded = renamed == null ? null : fieldName(renamed);
    }
  }

  private boolean accepts(String key) {
    if (!excludeKeys.isEmpty() && excludeKeys.contains(key)) {
      return false;
    }
    return includeKeys.isEmpty() || includeKeys.contains(key);
  }

  /**
   * Returns the name to write for {@code key}: the key as written (cut to the string limit,
   * unpaired surrogates replaced) unless that is reserved or already written, else that name with
   * the collision prefix, repeated until free. Names are compared as written, so two keys that
   * would come out alike never both keep the same name.
   */
  private String uniqueName(String key, Set<String> reservedNames, KeySet keys) {
    String name = JsonBuffer.asWritten(key, maxString);
    if (isFree(name, reservedNames, keys)) {
      return name;
    }
    return renamed(name, reservedNames, keys);
  }

  private static boolean isFree(String name, Set<String> reservedNames, KeySet keys) {
    return (reservedNames == null || !reservedNames.contains(name))
        && (keys == null || !keys.contains(name));
  }

  private String renamed(String name, Set<String> reservedNames, KeySet keys) {
    String candidate = prefix + name;
    for (int attempt = 2; !isFree(candidate, reservedNames, keys); attempt++) {
      candidate = attempt <= 4 ? prefix + candidate : prefix + name + "_" + attempt;
    }
    return candidate;
  }

  private boolean isRedacted(String key) {
    if (redactFragments.length == 0) {
      return false;
    }
    Boolean cached = redactionCache.get(key);
    if (cached != null) {
      return cached;
    }
    boolean redacted = matchesFragment(key);
    if (redactionCache.size() < REDACTION_CACHE_LIMIT) {
      redactionCache.put(key, redacted);
    }
    return redacted;
  }

  private boolean matchesFragment(String key) {
    for (String fragment : redactFragments) {
      int last = key.length() - fragment.length();
      for (int i = 0; i <= last; i++) {
        if (key.regionMatches(true, i, fragment, 0, fragment.length())) {
          return true;
        }
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Typed values

  private void writeValue(Encoding enc, Object value, int depth) {
    JsonBuffer out = enc.out;
    if (value == null) {
      out.writeAscii("null");
    } else if (value instanceof String) {
      out.writeString((String) value, maxString);
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof AtomicInteger
        || value instanceof AtomicLong) {
      out.writeLong(((Number) value).longValue());
    } else if (value instanceof Boolean) {
      out.writeAscii((Boolean) value ? "true" : "false");
    } else if (value instanceof Double) {
      writeDouble(out, (Double) value);
    } else if (value instanceof Float) {
      writeFloat(out, (Float) value);
    } else if (value instanceof BigDecimal) {
      writeBigDecimal(out, (BigDecimal) value);
    } else if (value instanceof BigInteger) {
      BigInteger integer = (BigInteger) value;
      if (integer.bitLength() <= MAX_NUMBER_BITS) {
        out.writeAscii(integer.toString());
      } else {
        out.writeString("[BigInteger of " + integer.bitLength() + " bits]", maxString);
      }
    } else if (value instanceof UUID) {
      out.writeUuid((UUID) value);
    } else if (value instanceof Enum) {
      out.writeString(((Enum<?>) value).name(), maxString);
    } else if (value instanceof Map || value instanceof Collection || value.getClass().isArray()) {
      writeContainer(enc, value, depth);
    } else {
      // Character, java.time values, ZoneId and anything else: their string form.
      out.writeString(safeToString(value), maxString);
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
      if (value instanceof Map) {
        writeMap(enc, (Map<?, ?>) value, depth);
      } else if (value instanceof Collection) {
        writeCollection(enc, (Collection<?>) value, depth);
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
        String name = uniqueName(OMITTED_KEY, null, names);
        out.writeString(name, Integer.MAX_VALUE);
        out.writeByte(':');
        out.writeString(TOO_MANY, maxString);
        break;
      }
      first = false;
      Object key = entry.getKey();
      String text = key instanceof String ? (String) key : safeToString(key);
      String name = uniqueName(text, null, names);
      names.add(name);
      out.writeString(name, Integer.MAX_VALUE);
      out.writeByte(':');
      // Redaction is decided on the whole key, never on its cut or renamed form.
      if (isRedacted(text)) {
        out.writeString(redaction, maxString);
      } else {
        writeValue(enc, entry.getValue(), depth + 1);
      }
    }
    out.writeByte('}');
  }

  private void writeCollection(Encoding enc, Collection<?> collection, int depth) {
    JsonBuffer out = enc.out;
    out.writeByte('[');
    if (collection instanceof List && collection instanceof RandomAccess) {
      List<?> list = (List<?>) collection;
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
      if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
        throw (VirtualMachineError) e;
      }
      return "[toString() of "
          + value.getClass().getName()
          + " threw "
          + e.getClass().getName()
          + "]";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Event cap

  /**
   * Reduces an event larger than maxEventBytes: first the stack trace is shortened to fit, then
   * whole groups are dropped in a fixed order (stack trace; key-values and tags; MDC; context;
   * static and error fields), then message and names are cut, and as a last resort only the
   * timestamp and the marker remain.
   */
  private void shrink(EventView e, Encoding enc) {
    int cap = maxEventBytes;
    enc.originalBytes = enc.out.length;
    enc.marking = true;
    if (enc.stackBytes > 0) {
      long keep = (long) enc.stackBytes - (enc.out.length - cap) - MARKER_RESERVE;
      if (keep >= 256) {
        long chars = (long) enc.stackChars * keep / enc.stackBytes - 40;
        enc.stackLimit = (int) Math.max(0, Math.min(enc.stackLimit, chars));
        enc.shortened = SHORT_STACK;
        writeEvent(e, enc);
        if (enc.out.length <= cap) {
          return;
        }
        enc.stackLimit = maxStackTrace;
        enc.shortened = 0;
      }
    }
    for (int mask : DROP_STEPS) {
      enc.dropMask = mask;
      writeEvent(e, enc);
      if (enc.out.length <= cap) {
        return;
      }
    }
    enc.shortened = SHORT_MESSAGE | SHORT_NAMES;
    enc.nameLimit = MINIMAL_NAME_LIMIT;
    int limit = Math.min(maxString, cap);
    while (true) {
      enc.messageLimit = limit;
      writeEvent(e, enc);
      if (enc.out.length <= cap) {
        return;
      }
      if (limit == 0) {
        break;
      }
      limit = limit < 32 ? 0 : limit / 2;
    }
    writeLastResort(e, enc, null);
  }

  private void writeTruncationMarker(Encoding enc) {
    JsonBuffer out = enc.out;
    comma(enc);
    out.writeBytes(truncatedName);
    out.writeAscii("{\"original_bytes\":");
    out.writeLong(enc.originalBytes);
    out.writeAscii(",\"dropped\":[");
    boolean first = true;
    for (int bit = 0; bit < DROP_NAMES.length; bit++) {
      if ((enc.dropMask & (1 << bit)) != 0) {
        out.writeAscii(first ? "\"" : ",\"");
        out.writeAscii(DROP_NAMES[bit]);
        out.writeByte('"');
        first = false;
      }
    }
    out.writeAscii("],\"shortened\":[");
    first = true;
    for (int bit = 0; bit < SHORT_NAMES_TEXT.length; bit++) {
      if ((enc.shortened & (1 << bit)) != 0) {
        out.writeAscii(first ? "\"" : ",\"");
        out.writeAscii(SHORT_NAMES_TEXT[bit]);
        out.writeByte('"');
        first = false;
      }
    }
    out.writeAscii("]}");
  }

  /** Writes only the timestamp plus the truncation marker or the error marker. */
  private void writeLastResort(EventView e, Encoding enc, Throwable failure) {
    JsonBuffer out = enc.out;
    out.reset();
    out.writeByte('{');
    if (timestampName != null) {
      out.writeBytes(timestampName);
      out.writeTimestamp(safeTimestamp(e));
      out.writeByte(',');
    }
    if (failure == null) {
      out.writeBytes(truncatedName);
      out.writeAscii("{\"original_bytes\":");
      out.writeLong(enc.originalBytes);
      out.writeAscii(",\"dropped\":[\"all\"]}");
    } else {
      out.writeBytes(errorName);
      out.writeString(failure.getClass().getName(), 100);
    }
    out.writeByte('}');
    out.writeByte('\n');
  }

  // ---------------------------------------------------------------------------------------------
  // Failure

  /**
   * Writes the minimal form after a failure: timestamp, level, logger, thread, message (and {@code
   * ecs.version}), each read defensively, plus the error marker.
   */
  private void writeFailure(EventView e, Encoding enc, Throwable failure) {
    startAttempt(enc);
    try {
      writeMinimal(e, enc, failure, maxString, maxString);
      if (maxEventBytes > 0 && enc.out.length > maxEventBytes) {
        writeMinimal(e, enc, failure, Math.max(0, (maxEventBytes - 900) / 6), MINIMAL_NAME_LIMIT);
      }
      if (maxEventBytes > 0 && enc.out.length > maxEventBytes) {
        writeLastResort(e, enc, failure);
      }
    } catch (Throwable again) {
      if (again instanceof VirtualMachineError && !(again instanceof StackOverflowError)) {
        throw (VirtualMachineError) again;
      }
      writeLastResort(e, enc, failure);
    }
  }

  private void writeMinimal(
      EventView e, Encoding enc, Throwable failure, int messageLimit, int nameLimit) {
    JsonBuffer out = enc.out;
    out.reset();
    enc.needComma = false;
    out.writeByte('{');
    for (int op : ops) {
      switch (op) {
        case OP_TIMESTAMP:
          name(enc, op);
          out.writeTimestamp(safeTimestamp(e));
          break;
        case OP_LEVEL:
        case OP_LOGGER:
        case OP_THREAD:
          name(enc, op);
          out.writeString(safeHeader(e, op), nameLimit);
          break;
        case OP_MESSAGE:
          name(enc, op);
          out.writeString(safeHeader(e, op), messageLimit);
          break;
        case OP_ECS_VERSION:
          comma(enc);
          out.writeBytes(ecsVersionField);
          break;
        default:
          break;
      }
    }
    comma(enc);
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

  private static long safeTimestamp(EventView e) {
    try {
      return e.timestampMillis();
    } catch (Throwable ignored) {
      return System.currentTimeMillis();
    }
  }

  private static CharSequence safeHeader(EventView e, int op) {
    try {
      CharSequence text;
      switch (op) {
        case OP_LEVEL:
          text = e.levelName();
          break;
        case OP_LOGGER:
          text = e.loggerName();
          break;
        case OP_THREAD:
          text = e.threadName();
          break;
        default:
          text = e.message();
          // A CharSequence that failed once may fail again: take its string form now.
          text = text == null ? null : text.toString();
          break;
      }
      return text == null ? "" : text;
    } catch (Throwable ignored) {
      return "[unavailable]";
    }
  }
}
