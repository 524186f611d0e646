package dev.logcontext;

/**
 * Turns a bound value that the core does not know into a JSON tree, at bind time: how records,
 * POJOs and foreign tree types become nested JSON instead of their {@code toString()}.
 *
 * <p>The core asks the converter only for values that are not already JSON-native or a kept type:
 * never for {@code String}, boxed primitives, {@code BigDecimal}/{@code BigInteger}, enums, {@code
 * UUID}, {@code java.time} values, maps, collections or arrays — so binding a string or a number
 * never reaches it. What {@link #convert} returns is copied like any bound map or list, with the
 * same limits (16 levels, 4,096 elements, cycle marker), and only then stored; a value it returns
 * that is neither a kept type nor a structure becomes its {@code toString()}. When it declines
 * ({@link #DECLINED}), the value becomes its {@code toString()} as without a converter.
 *
 * <p>One converter serves the whole JVM: the one {@linkplain #install installed} by code, else the
 * first provider of this interface found through {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.logcontext.ValueConverter}, looked up once, at the first bind that needs
 * it), else none.
 *
 * <p><b>Thread safety.</b> Implementations are called concurrently from every thread that binds and
 * must be thread-safe. <b>Bad input.</b> An exception thrown by {@link #convert} (a {@link
 * StackOverflowError} included) never reaches the caller of {@code with(..)}: the value becomes
 * {@code [conversion of <class> threw <exception class>]}. Only an {@link OutOfMemoryError} or
 * another {@link VirtualMachineError} propagates.
 *
 * <pre>{@code
 * ValueConverter.install(value -> value instanceof Money m
 *     ? Map.of("amount", m.amount(), "currency", m.currency().getCurrencyCode())
 *     : ValueConverter.DECLINED);
 * }</pre>
 */
@FunctionalInterface
public interface ValueConverter {
  /** What {@link #convert} returns for a value it does not handle. Compared by identity. */
  Object DECLINED = Conversions.DECLINED;

  /**
   * Returns {@code value} as a JSON tree — a {@code Map<String, ?>}, a {@code List}, a {@code
   * String}, a {@code Number}, a {@code Boolean} or null, nested as deep as needed — or {@link
   * #DECLINED} when this converter does not handle it.
   *
   * @param value a non-null value of a type the core does not keep
   */
  Object convert(Object value);

  /**
   * Returns {@code value} in the form a bind stores it ({@code LogContext.with(key, value)}): kept
   * types as they are, maps, collections and arrays as immutable deep copies, and any other object
   * as the tree the current converter makes of it or else its {@code toString()}, with the limits
   * and markers of a bind; null for null. For values that reach a log line without being bound,
   * such as SLF4J key-values, so that they are written as a bound value would be.
   *
   * <p>Thread-safe. Never throws for a value (see the class comment for what becomes a marker).
   */
  static Object normalize(Object value) {
    return Values.normalize(value);
  }

  /**
   * Installs {@code converter} as the converter of every later bind in this JVM, in place of the
   * one found through {@link java.util.ServiceLoader}; null goes back to that one. Values bound
   * before keep the form they were given.
   *
   * <p>Thread-safe; meant for start-up and for tests.
   */
  static void install(ValueConverter converter) {
    Conversions.install(converter);
  }
}
