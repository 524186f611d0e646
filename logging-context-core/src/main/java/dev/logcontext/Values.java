package dev.logcontext;

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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns bound values into what a snapshot stores: immutable known types as they are, maps and lists
 * as immutable deep copies, anything else as the tree the {@link ValueConverter} makes of it
 * (copied the same way) or else its {@code toString()}, taken now. Package-private: {@link
 * LogContext} states the rules for users.
 *
 * <p>Stateless and thread-safe. Never throws for a value: a {@code toString()} that throws (even
 * with a {@link StackOverflowError}) or returns null becomes a marker string; see {@link
 * #safeToString}. Only an {@link OutOfMemoryError} or another {@link VirtualMachineError} of the
 * machine itself propagates.
 */
final class Values {
  /** Nesting depth of maps and lists beyond which a value is replaced by a marker. */
  static final int MAX_DEPTH = 16;

  /** What replaces a value nested deeper than {@link #MAX_DEPTH}. */
  static final String TOO_DEEP = "[nested deeper than " + MAX_DEPTH + " levels]";

  /**
   * Most elements (list elements, array elements and map entries, at every depth together) copied
   * from one bound value; what is beyond is replaced by {@link #TRUNCATED}. Bounds the work and
   * memory of a bind whatever the value's shape: wide, deep, or a tree that shares its branches.
   */
  static final int MAX_ELEMENTS = 4096;

  /** The last element of a list, or the value of {@link #TRUNCATED_KEY}, where a copy stopped. */
  static final String TRUNCATED = "[truncated: more than " + MAX_ELEMENTS + " elements]";

  /** The key under which a map copied only in part holds {@link #TRUNCATED}, as its last entry. */
  static final String TRUNCATED_KEY = "[truncated]";

  /** What replaces a map, list or array inside itself (found again on the path to it). */
  static final String CYCLE = "[cycle: contains itself]";

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
  static boolean isKeptType(Class<?> type) {
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
   * the tree the {@link ValueConverter} makes of them, copied with the same rules and limits, or
   * their {@code toString()} when there is no converter or it declines. The copy of one value is
   * bounded in work and size: a structure that contains itself becomes {@link #CYCLE} where it
   * repeats, nesting deeper than {@link #MAX_DEPTH} becomes {@link #TOO_DEEP}, and after {@link
   * #MAX_ELEMENTS} elements the structures still being copied end with {@link #TRUNCATED} (in a
   * map, as the value of {@link #TRUNCATED_KEY}). A structure whose size, iterator or entries throw
   * becomes a marker naming the exception.
   */
  static Object normalize(Object value) {
    if (value == null || value instanceof String) {
      return value;
    }
    return isStructure(value) ? new Copy().structure(value, 0) : leaf(value);
  }

  private static boolean isStructure(Object value) {
    return value instanceof Map || value instanceof Collection || value.getClass().isArray();
  }

  private static Object leaf(Object value) {
    return isKept(value) ? value : converted(value, null, 0);
  }

  private static boolean isKept(Object value) {
    Class<?> type = value.getClass();
    return type == Long.class
        || type == Integer.class
        || type == Boolean.class
        || SCALARS.contains(type)
        || value instanceof Enum
        || value instanceof ZoneId;
  }

  /**
   * Returns the form of {@code value}, a value of a type the core does not keep, that the {@link
   * ValueConverter} gives, copied with the limits of {@code copy} (a new copy when null, for a
   * value bound as it is) at {@code depth}; its {@code toString()} when there is no converter or it
   * declines. A tree that is null for a value bound as it is becomes the {@code toString()} too, so
   * that a value never removes its key.
   */
  private static Object converted(Object value, Copy copy, int depth) {
    ValueConverter converter = Conversions.current();
    if (converter == null) {
      return safeToString(value);
    }
    Object tree;
    try {
      tree = converter.convert(value);
    } catch (Throwable e) {
      return threw("conversion", value, e);
    }
    if (tree == Conversions.DECLINED || (tree == null && copy == null)) {
      return safeToString(value);
    }
    if (tree == null || tree instanceof String) {
      return tree;
    }
    if (isStructure(tree)) {
      return (copy != null ? copy : new Copy()).structure(tree, depth);
    }
    return isKept(tree) ? tree : safeToString(tree);
  }

  /**
   * The copy of one bound value: the structures on the path from the value to the one being copied
   * (to recognise a cycle by identity) and what is left of the element budget. Made only for values
   * that are structures; used by one thread, once.
   */
  private static final class Copy {
    private final Object[] path = new Object[MAX_DEPTH];
    private int remaining = MAX_ELEMENTS;

    private Object element(Object value, int depth) {
      if (value == null || value instanceof String) {
        return value;
      }
      if (isStructure(value)) {
        return structure(value, depth);
      }
      return isKept(value) ? value : converted(value, this, depth);
    }

    /** Copies the map, collection or array {@code value}, found {@code depth} levels down. */
    Object structure(Object value, int depth) {
      for (int i = 0; i < depth; i++) {
        if (path[i] == value) {
          return CYCLE;
        }
      }
      if (depth >= MAX_DEPTH) {
        return TOO_DEEP;
      }
      path[depth] = value;
      try {
        if (value instanceof Map<?, ?> map) {
          return map(map, depth + 1);
        }
        if (value instanceof Collection<?> collection) {
          return collection(collection, depth + 1);
        }
        return array(value, depth + 1);
      } catch (Throwable e) {
        return threw("copy", value, e);
      } finally {
        path[depth] = null;
      }
    }

    /** Returns how many elements to make room for: the size, but not beyond the budget left. */
    private int capacity(int size) {
      return Math.max(0, Math.min(size, remaining + 1));
    }

    private Object map(Map<?, ?> map, int depth) {
      Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, capacity(map.size()) * 2));
      Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
      while (entries.hasNext()) {
        if (remaining == 0) {
          copy.put(TRUNCATED_KEY, TRUNCATED);
          break;
        }
        remaining--;
        Map.Entry<?, ?> entry = entries.next();
        Object key = entry.getKey();
        String name = key instanceof String text ? text : safeToString(key);
        copy.put(name, element(entry.getValue(), depth));
      }
      return Collections.unmodifiableMap(copy);
    }

    private Object collection(Collection<?> collection, int depth) {
      List<Object> copy = new ArrayList<>(capacity(collection.size()));
      Iterator<?> elements = collection.iterator();
      while (elements.hasNext()) {
        if (remaining == 0) {
          copy.add(TRUNCATED);
          break;
        }
        remaining--;
        copy.add(element(elements.next(), depth));
      }
      return Collections.unmodifiableList(copy);
    }

    private Object array(Object array, int depth) {
      int length = Array.getLength(array);
      List<Object> copy = new ArrayList<>(capacity(length));
      for (int i = 0; i < length; i++) {
        if (remaining == 0) {
          copy.add(TRUNCATED);
          break;
        }
        remaining--;
        copy.add(element(Array.get(array, i), depth));
      }
      return Collections.unmodifiableList(copy);
    }
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
  static String safeToString(Object value) {
    if (value == null) {
      return "null";
    }
    String text;
    try {
      text = value.toString();
    } catch (Throwable e) {
      return threw("toString()", value, e);
    }
    return text != null ? text : "[toString() of " + value.getClass().getName() + " returned null]";
  }

  /**
   * Returns the marker {@code [<what> of <class> threw <exception class>]} for {@code e}, thrown by
   * the {@code what} of {@code value}; rethrows {@code e} instead when it is a {@link
   * VirtualMachineError} other than a {@link StackOverflowError}.
   */
  private static String threw(String what, Object value, Throwable e) {
    if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
      throw fatal;
    }
    return "["
        + what
        + " of "
        + value.getClass().getName()
        + " threw "
        + e.getClass().getName()
        + "]";
  }
}
