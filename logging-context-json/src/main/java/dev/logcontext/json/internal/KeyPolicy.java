package dev.logcontext.json.internal;

import dev.logcontext.json.FieldType;
import dev.logcontext.json.JsonFormat;
import dev.logcontext.json.StandardField;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a format decides about the keys of context, MDC, key-value and nested map fields: whether a
 * key is written at all (include/exclude), whether its value is redacted, and the name it is
 * written under (cut and cleaned as written, renamed with the collision prefix when reserved or
 * taken). The event-independent part of these decisions is cached per key in {@link KeyInfo}s.
 *
 * <p>The rules are those of docs/json-format.md, "Collision rule", "Duplicate rule", "Names are
 * compared as written", "Include/exclude keys" and "Redaction".
 *
 * <p>Thread-safe: immutable after construction except for its two caches, whose races are benign
 * (see {@link #keyInfo}, {@link #isRedacted}).
 */
final class KeyPolicy {
  private static final int REDACTION_CACHE_LIMIT = 4096;

  /** Slots of the field-name cache (a power of two). */
  static final int NAME_CACHE_SLOTS = 256;

  /** Keys longer than this are not kept in the field-name cache. */
  static final int NAME_CACHE_MAX_KEY = 128;

  private final Set<String> reserved;
  private final Set<String> includeKeys;
  private final Set<String> excludeKeys;
  private final String prefix;
  private final String[] redactFragments;

  /**
   * The pinned types by key: the configured ones and, for each, {@code <key>_text} as a keyword
   * (where the values of other types go) unless configured itself.
   */
  private final Map<String, FieldType> pins;

  private final String redaction;
  private final int maxString;
  private final JsonFormat.Preset preset;
  private final ConcurrentHashMap<String, Boolean> redactionCache = new ConcurrentHashMap<>();

  /**
   * The event-independent decisions for recently seen context, MDC and key-value keys, indexed by
   * the key's hash. A slot holds an immutable {@link KeyInfo} (final fields, so a racy read sees
   * either null, an older entry or a complete new one) and is overwritten on a collision; a hit is
   * verified with {@code equals}.
   */
  private final KeyInfo[] nameCache = new KeyInfo[NAME_CACHE_SLOTS];

  /** The gcp preset's special fields, whose source keys are captured; null in other presets. */
  private final GcpFields gcp;

  /**
   * Takes the key options of {@code format}; names are cut at {@code maxString} chars; {@code gcp}
   * is the gcp preset's special fields, or null.
   */
  KeyPolicy(JsonFormat format, int maxString, GcpFields gcp) {
    this.gcp = gcp;
    this.maxString = maxString;
    preset = format.preset();
    prefix = format.collisionPrefix();
    redaction = format.redactionReplacement();
    redactFragments = format.redactKeys().toArray(new String[0]);
    includeKeys = Set.copyOf(format.includeKeys());
    excludeKeys = Set.copyOf(format.excludeKeys());
    Map<String, FieldType> pinned = new HashMap<>();
    for (String key : format.fieldTypes().keySet()) {
      pinned.put(key + FieldType.TEXT_SUFFIX, FieldType.KEYWORD);
    }
    pinned.putAll(format.fieldTypes());
    pins = Map.copyOf(pinned);

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
    if (gcp != null) {
      taken.addAll(GcpFields.NAMES);
    }
    if (format.nestDottedNames()) {
      // Each object on a nested name's path is a top-level or inner key of the line too.
      for (String name : List.copyOf(taken)) {
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
          taken.add(name.substring(0, dot));
        }
      }
    }
    reserved = Set.copyOf(taken);
  }

  /** Returns {@code name} as a JSON string followed by a colon: the bytes that start a field. */
  static byte[] encodedName(String name) {
    JsonBuffer b = new JsonBuffer();
    b.writeString(name, Integer.MAX_VALUE);
    b.writeByte(':');
    return b.toByteArray();
  }

  // ---------------------------------------------------------------------------------------------
  // Filters

  /** Returns whether a field with {@code key} is written at all; exclusion wins over inclusion. */
  boolean accepts(String key) {
    if (!excludeKeys.isEmpty() && excludeKeys.contains(key)) {
      return false;
    }
    return includeKeys.isEmpty() || includeKeys.contains(key);
  }

  /**
   * Returns whether the value under {@code key} (the whole original key) is redacted: it contains a
   * configured fragment, ignoring case. Decisions are cached for up to 4,096 keys.
   */
  boolean isRedacted(String key) {
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

  /** Writes the replacement that stands for a redacted value. */
  void writeRedaction(JsonBuffer out) {
    out.writeString(redaction, maxString);
  }

  // ---------------------------------------------------------------------------------------------
  // Names

  /**
   * Writes the name of a field whose key has the cached decisions {@code info} (accepted), quotes
   * and colon included, and records it in {@code keys}. Inside the nest object only duplicates are
   * renamed; at the top level reserved names too.
   */
  void writeName(JsonBuffer out, KeySet keys, KeyInfo info, boolean nested) {
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
  }

  private void writeRenamed(JsonBuffer out, KeySet keys, String name, Set<String> reservedNames) {
    writeRecorded(out, keys, renamed(name, reservedNames, keys));
  }

  /**
   * Writes the name {@link #uniqueName} gives {@code key}, quotes and colon included, and records
   * it in {@code keys}: the name of a field whose key has no cached decisions, or of a map entry.
   */
  void writeUniqueName(JsonBuffer out, KeySet keys, String key, boolean checkReserved) {
    writeRecorded(out, keys, uniqueName(key, checkReserved, keys));
  }

  private static void writeRecorded(JsonBuffer out, KeySet keys, String name) {
    keys.add(name);
    out.writeString(name, Integer.MAX_VALUE);
    out.writeByte(':');
  }

  /**
   * Returns the name to write for {@code key}: the key as written (cut to the string limit,
   * unpaired surrogates replaced) unless that is already in {@code keys} or, with {@code
   * checkReserved}, reserved; else that name with the collision prefix, repeated until free. Names
   * are compared as written, so two keys that would come out alike never both keep the same name.
   */
  private String uniqueName(String key, boolean checkReserved, KeySet keys) {
    Set<String> reservedNames = checkReserved ? reserved : null;
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

  // ---------------------------------------------------------------------------------------------
  // The per-key cache

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
      return new KeyInfo(key, false, false, null, false, null, null, -1);
    }
    String name = JsonBuffer.asWritten(TraceNames.of(preset, key), maxString);
    boolean isReserved = reserved.contains(name);
    String renamed = isReserved ? renamed(name, reserved, null) : null;
    return new KeyInfo(
        key,
        true,
        isRedacted(key),
        name,
        isReserved,
        renamed,
        pins.get(key),
        gcp == null ? -1 : gcp.slotOf(key));
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  /**
   * What does not depend on the event for one key: whether it is written at all, whether its value
   * is redacted, the name it is written under when free (with its encoded form, quotes and colon
   * included), whether that name is reserved at the top level and, if so, the name the collision
   * rule gives it when no other field of the event took one of the candidates; and its pinned JSON
   * type, or null; and the encoding's slot that captures its value for the gcp preset's special
   * fields, or -1.
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
    final FieldType pin;
    final int capture;

    KeyInfo(
        String key,
        boolean accepted,
        boolean redacted,
        String name,
        boolean reserved,
        String renamed,
        FieldType pin,
        int capture) {
      this.key = key;
      this.accepted = accepted;
      this.redacted = redacted;
      this.name = name;
      this.encoded = name == null ? null : encodedName(name);
      this.reserved = reserved;
      this.renamed = renamed;
      this.renamedEncoded = renamed == null ? null : encodedName(renamed);
      this.pin = pin;
      this.capture = capture;
    }
  }
}
