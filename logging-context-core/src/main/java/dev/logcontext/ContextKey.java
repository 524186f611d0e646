package dev.logcontext;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed context field with an optional default: what Python calls a {@code ContextVar}. Create
 * keys once, as constants:
 *
 * <pre>{@code
 * static final ContextKey<Long> USER_ID = ContextKey.of("user_id", Long.class);
 * try (Scope scope = USER_ID.set(42L)) {
 *   long user = USER_ID.require();
 * }
 * }</pre>
 *
 * <p>A key names a field in the same namespace as string keys: {@code LogContext.with("user_id",
 * 42L)} and {@code USER_ID.set(42L)} bind the same field. Reading a field that was bound to a value
 * of another type through a string key throws {@link ClassCastException} naming the key.
 *
 * <p>Key names are JSON field names, and one rule, {@link #isValidName}, decides them for every
 * module: 1 to 64 characters of {@code [A-Za-z0-9_.@-]}, not starting with a digit.
 *
 * <p>Thread-safety: immutable; reads and writes act on the calling thread's context. Bad input:
 * {@link #of} throws {@link IllegalArgumentException} naming the key for an invalid name or for a
 * type that is not kept as it is (see {@link LogContext}).
 */
public final class ContextKey<T> {
  /** Longest key name that {@link #isValidName} accepts. */
  static final int MAX_NAME_LENGTH = 64;

  /** Bit {@code c} is set for every ASCII character below 64 allowed in a key name. */
  private static final long NAME_CHARS_LOW = (0x3FFL << '0') | (1L << '.') | (1L << '-');

  /** Bit {@code c - 64} is set for every ASCII character from 64 to 127 allowed in a key name. */
  private static final long NAME_CHARS_HIGH =
      (0x3FFFFFFL << ('A' - 64))
          | (0x3FFFFFFL << ('a' - 64))
          | (1L << ('_' - 64))
          | (1L << ('@' - 64));

  private final String name;
  private final Class<T> type;
  private final T defaultValue;

  private ContextKey(String name, Class<T> type, T defaultValue) {
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
  }

  /**
   * Returns a key for the field {@code name} holding values of {@code type}: {@code String}, a
   * boxed primitive, {@code BigDecimal}, {@code BigInteger}, an enum, {@code UUID}, a {@code
   * java.time} value type, {@code Map} or {@code List}.
   *
   * @throws IllegalArgumentException naming the key when the name is invalid or the type is not one
   *     that is kept as it is
   */
  public static <T> ContextKey<T> of(String name, Class<T> type) {
    Keys.validate(name);
    Objects.requireNonNull(type, "type");
    if (!Values.isKeptType(type)) {
      throw new IllegalArgumentException(
          "context key "
              + Keys.quote(name)
              + " cannot have type "
              + type.getName()
              + ": values of that type would be stored as strings; use String or a kept type");
    }
    return new ContextKey<>(name, type, null);
  }

  /**
   * Returns whether {@code name} is a valid context key name: 1 to 64 characters of {@code
   * [A-Za-z0-9_.@-]}, the first of them not a digit. This is the rule that {@link
   * LogContext#with(String, Object)}, {@link Snapshot#with(String, Object)} and {@link #of} apply
   * (they throw {@link IllegalArgumentException} for a name it refuses), and that the JSON writer
   * and the servlet filter apply to the field names they are configured with; a key that passes it
   * is written as a JSON field name without escaping.
   *
   * <pre>{@code
   * ContextKey.isValidName("user.id");  // true
   * ContextKey.isValidName("9lives");   // false: starts with a digit
   * }</pre>
   *
   * <p>Thread-safe and allocation-free. Bad input: returns false for null.
   */
  public static boolean isValidName(String name) {
    if (name == null) {
      return false;
    }
    int length = name.length();
    if (length == 0 || length > MAX_NAME_LENGTH) {
      return false;
    }
    char first = name.charAt(0);
    if (first >= '0' && first <= '9') {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      boolean allowed =
          c < 64
              ? (NAME_CHARS_LOW >>> c & 1) != 0
              : c < 128 && (NAME_CHARS_HIGH >>> (c - 64) & 1) != 0;
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns a key like this one whose {@link #get()} and {@link #require()} return {@code value}
   * when the field is not bound.
   *
   * @throws NullPointerException when {@code value} is null
   */
  public ContextKey<T> withDefault(T value) {
    Objects.requireNonNull(value, "default value");
    return new ContextKey<>(name, type, type.cast(Values.normalize(type.cast(value))));
  }

  /** Returns the field name. */
  public String name() {
    return name;
  }

  /** Returns the value type. */
  public Class<T> type() {
    return type;
  }

  /** Returns the bound value, else the default, else null. */
  public T get() {
    T bound = bound();
    return bound != null ? bound : defaultValue;
  }

  /** Returns the bound value or the default, or empty when there is neither. */
  public Optional<T> find() {
    return Optional.ofNullable(get());
  }

  /**
   * Returns the bound value or the default.
   *
   * @throws NoSuchElementException naming the key when there is neither
   */
  public T require() {
    T value = get();
    if (value == null) {
      throw new NoSuchElementException(
          "context key " + Keys.quote(name) + " is not bound and has no default");
    }
    return value;
  }

  /** Opens a scope in which this field is bound to {@code value}; null removes it. */
  public Scope set(T value) {
    return LogContext.with(this, value);
  }

  private T bound() {
    Object value = LogContext.get(name);
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    throw new ClassCastException(
        "context key "
            + Keys.quote(name)
            + " is bound to a "
            + value.getClass().getName()
            + ", not a "
            + type.getName());
  }

  @Override
  public String toString() {
    return "ContextKey[" + name + ": " + type.getSimpleName() + "]";
  }
}
