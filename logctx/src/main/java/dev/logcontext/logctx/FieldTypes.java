package dev.logcontext.logctx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Field names pinned to a JSON type, read from the syntax of the encoders' {@code fieldTypes}
 * option: {@code user_id:long,tenant:keyword}, here also one entry per line, with {@code #}
 * comments and blank lines. Types: {@code keyword}, {@code long}, {@code double}, {@code boolean}.
 * Immutable.
 */
final class FieldTypes {
  /** The types a field can be pinned to. */
  enum Type {
    KEYWORD,
    LONG,
    DOUBLE,
    BOOLEAN;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Pattern NAME = Pattern.compile("[^\\s:,#]+");

  private final Map<String, Type> types;

  private FieldTypes(Map<String, Type> types) {
    this.types = Collections.unmodifiableMap(types);
  }

  /** No pinned fields. */
  static FieldTypes none() {
    return new FieldTypes(new LinkedHashMap<>());
  }

  /** The pinned fields in the order they were declared. */
  Map<String, Type> types() {
    return types;
  }

  /**
   * Parses {@code text}; {@code source} names it in error messages.
   *
   * @throws IllegalArgumentException naming the source, line and entry that is not {@code
   *     name:type} with a known type, or a name declared twice with different types
   */
  static FieldTypes parse(String text, String source) {
    Map<String, Type> types = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      for (String entry : line.split(",")) {
        String trimmed = entry.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        String where = source + ":" + (n + 1) + ": ";
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
          throw new IllegalArgumentException(
              where + "'" + trimmed + "' is not name:type (e.g. user_id:long)");
        }
        String name = trimmed.substring(0, colon).strip();
        String typeName = trimmed.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches() || name.startsWith(".") || name.endsWith(".")) {
          throw new IllegalArgumentException(where + "'" + name + "' is not a field name");
        }
        Type type = null;
        for (Type candidate : Type.values()) {
          if (candidate.id().equals(typeName)) {
            type = candidate;
          }
        }
        if (type == null) {
          throw new IllegalArgumentException(
              where
                  + "unknown type '"
                  + typeName
                  + "' for field '"
                  + name
                  + "' (keyword, long, double or boolean)");
        }
        Type before = types.putIfAbsent(name, type);
        if (before != null && before != type) {
          throw new IllegalArgumentException(
              where + "field '" + name + "' is declared as " + before.id() + " and " + type.id());
        }
      }
    }
    return new FieldTypes(types);
  }
}
