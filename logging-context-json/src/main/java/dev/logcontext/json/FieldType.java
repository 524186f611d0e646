package dev.logcontext.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON type a context, MDC or key-value field is pinned to with {@link
 * JsonFormat.Builder#fieldType(String, FieldType)}, so that every line of every service gives the
 * field the same type in a log index. A value of another type is never written under the field's
 * name: it goes, as a string, to {@code <name>_text} (docs/json-format.md, "Pinned field types").
 *
 * <p>Thread-safety: an immutable enum. Bad input: {@link #fromId} throws {@link
 * IllegalArgumentException} naming the unknown id and the valid ones.
 */
public enum FieldType {
  /** A JSON integer ({@code 42}); an index maps it as {@code long}. */
  LONG("long"),
  /**
   * A JSON number, integer or not ({@code 4.5}, {@code 42}); an index maps it as {@code double}.
   */
  DOUBLE("double"),
  /** {@code true} or {@code false}; an index maps it as {@code boolean}. */
  BOOLEAN("boolean"),
  /**
   * A JSON string; a number or a boolean is written as its text in a string ({@code "42"}), as an
   * index would store it in a {@code keyword} field anyway.
   */
  KEYWORD("keyword"),
  /** A JSON object (a {@code Map}); an index maps it as {@code object}. */
  OBJECT("object");

  /** The suffix of the field that takes the values that are not of the pinned type. */
  public static final String TEXT_SUFFIX = "_text";

  private final String id;

  FieldType(String id) {
    this.id = id;
  }

  /** Returns the configuration id: {@code long}, {@code double}, {@code boolean}, … */
  public String id() {
    return id;
  }

  /**
   * Returns the type with configuration id {@code id} (case-insensitive, trimmed).
   *
   * @throws IllegalArgumentException naming {@code id} and the valid ids when there is none
   */
  public static FieldType fromId(String id) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    for (FieldType type : values()) {
      if (type.id.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown type '" + id + "'; expected one of: long, double, boolean, keyword, object");
  }

  /**
   * Returns the JSON type the writer gives values of the Java type {@code type}
   * (docs/json-format.md, "Typing"), or null when that is an array ({@code List}), which is not
   * pinned: whole numbers are {@link #LONG}, other numbers {@link #DOUBLE}, {@code Boolean} {@link
   * #BOOLEAN}, {@code Map} {@link #OBJECT}, everything else (strings, enums, UUIDs, {@code
   * java.time} values) {@link #KEYWORD}.
   */
  static FieldType ofJavaType(Class<?> type) {
    if (type == Long.class
        || type == Integer.class
        || type == Short.class
        || type == Byte.class
        || type == BigInteger.class) {
      return LONG;
    }
    if (type == Double.class || type == Float.class || type == BigDecimal.class) {
      return DOUBLE;
    }
    if (type == Boolean.class) {
      return BOOLEAN;
    }
    if (Map.class.isAssignableFrom(type)) {
      return OBJECT;
    }
    if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
      return null;
    }
    return KEYWORD;
  }
}
