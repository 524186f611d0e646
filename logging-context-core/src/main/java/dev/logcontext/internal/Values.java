package dev.logcontext.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns bound values into what a snapshot stores: immutable known types as they are, maps and lists
 * as immutable deep copies, anything else as its {@code toString()} taken now.
 *
 * <p>Stateless and thread-safe. Never throws for a value: a {@code toString()} that throws (even
 * with a {@link StackOverflowError}) or returns null becomes a marker string; see {@link
 * #safeToString}. Only an {@link OutOfMemoryError} or another {@link VirtualMachineError} of the
 * machine itself propagates.
 */
public final class Values {
  /** Nesting depth of maps and lists beyond which a value is replaced by a marker. */
  public static final int MAX_DEPTH = 16;

  /** What replaces a value nested deeper than {@link #MAX_DEPTH}. */
  public static final String TOO_DEEP = "[nested deeper than " + MAX_DEPTH + " levels]";

  private static final Set<Class<?>> SCALARS =
      Set.of(
          String.class,
          Integer.class,
          Long.class,
          Short.class,
          Byte.class,
          Double.class,
          Float.class,
          Character.class,
          Boolean.class,
          BigDecimal.class,
          BigInteger.class,
          UUID.class,
          Instant.class,
          LocalDate.class,
          LocalTime.class,
          LocalDateTime.class,
          OffsetDateTime.class,
          OffsetTime.class,
          ZonedDateTime.class,
          Duration.class,
          Period.class,
          Year.class,
          YearMonth.class,
          MonthDay.class);

  private Values() {}

  /**
   * Returns whether values of {@code type} are stored as they are or as immutable copies of the
   * same interface, so that a typed key can promise to return a {@code type}.
   */
  public static boolean isKeptType(Class<?> type) {
    return SCALARS.contains(type)
        || type.isEnum()
        || ZoneId.class.isAssignableFrom(type)
        || type == Map.class
        || type == List.class;
  }

  /**
   * Returns the form of {@code value} that a snapshot stores; null for null.
   *
   * <p>Maps become unmodifiable insertion-ordered maps with string keys, collections and arrays
   * become unmodifiable lists, both deep-copied with the same rules; other unknown objects become
   * their {@code toString()}.
   */
  public static Object normalize(Object value) {
    if (value == null || value instanceof String) {
      return value;
    }
    return normalize(value, 0);
  }

  private static Object normalize(Object value, int depth) {
    if (value == null) {
      return null;
    }
    Class<?> type = value.getClass();
    if (type == Long.class
        || type == Integer.class
        || type == Boolean.class
        || SCALARS.contains(type)
        || value instanceof Enum
        || value instanceof ZoneId) {
      return value;
    }
    if (value instanceof Map || value instanceof Collection || type.isArray()) {
      return depth >= MAX_DEPTH ? TOO_DEEP : copyStructure(value, depth + 1);
    }
    return safeToString(value);
  }

  private static Object copyStructure(Object value, int depth) {
    if (value instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) value;
      Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        Object key = entry.getKey();
        String name = key instanceof String ? (String) key : safeToString(key);
        copy.put(name, normalize(entry.getValue(), depth));
      }
      return Collections.unmodifiableMap(copy);
    }
    List<Object> copy;
    if (value instanceof Collection) {
      Collection<?> collection = (Collection<?>) value;
      copy = new ArrayList<>(collection.size());
      for (Object element : collection) {
        copy.add(normalize(element, depth));
      }
    } else {
      int length = Array.getLength(value);
      copy = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        copy.add(normalize(Array.get(value, i), depth));
      }
    }
    return Collections.unmodifiableList(copy);
  }

  /**
   * Returns {@code value.toString()}, or a marker when it cannot be used: {@code [toString() of
   * <class> threw <exception class>]} when it throws, including a {@link StackOverflowError} from a
   * {@code toString()} that recurses forever (the JSON writer writes the same marker for the same
   * object), and {@code [toString() of <class> returned null]} when it returns null, so that such a
   * value never removes its key. Other {@link VirtualMachineError}s, {@link OutOfMemoryError} above
   * all, propagate: the stack of an overflow is unwound once it is caught, but memory exhausted by
   * one thread is exhausted for every thread, and a caught one hides the cause.
   */
  public static String safeToString(Object value) {
    if (value == null) {
      return "null";
    }
    String text;
    try {
      text = value.toString();
    } catch (StackOverflowError e) {
      return threw(value, e);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      return threw(value, e);
    }
    return text != null ? text : "[toString() of " + value.getClass().getName() + " returned null]";
  }

  private static String threw(Object value, Throwable e) {
    return "[toString() of "
        + value.getClass().getName()
        + " threw "
        + e.getClass().getName()
        + "]";
  }
}
