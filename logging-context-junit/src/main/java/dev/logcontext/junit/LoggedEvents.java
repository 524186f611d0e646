package dev.logcontext.junit;

import java.math.BigInteger;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An unmodifiable list of captured events, in the order they were logged, with queries that return
 * narrower lists; works with AssertJ's {@code assertThat(List)}.
 *
 * <p>Thread-safety: immutable. Bad input: the queries throw {@link NullPointerException} for a null
 * key; the mutators of {@link List} throw {@link UnsupportedOperationException}.
 */
public final class LoggedEvents extends AbstractList<LoggedEvent> implements RandomAccess {
  private final List<LoggedEvent> events;

  LoggedEvents(List<LoggedEvent> events) {
    this.events = List.copyOf(events);
  }

  @Override
  public LoggedEvent get(int index) {
    return events.get(index);
  }

  @Override
  public int size() {
    return events.size();
  }

  /**
   * Returns the events whose context holds {@code key} bound to {@code value}, compared as typed
   * values: the string {@code "42"} does not match the number {@code 42}, while integral numbers
   * match by value whatever their class ({@code 42} matches {@code 42L}). A null {@code value}
   * matches nothing, as no field holds null.
   */
  public LoggedEvents withField(String key, Object value) {
    List<LoggedEvent> matching = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      LoggedEvent event = events.get(i);
      if (sameValue(event.context().get(key), value)) {
        matching.add(event);
      }
    }
    return new LoggedEvents(matching);
  }

  /** Returns the events whose context holds {@code key}, whatever its value. */
  public LoggedEvents withField(String key) {
    List<LoggedEvent> matching = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      LoggedEvent event = events.get(i);
      if (event.context().contains(key)) {
        matching.add(event);
      }
    }
    return new LoggedEvents(matching);
  }

  /** Returns the events logged at {@code level}, such as {@code "WARN"}. */
  public LoggedEvents atLevel(String level) {
    List<LoggedEvent> matching = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      LoggedEvent event = events.get(i);
      if (event.level().equals(level)) {
        matching.add(event);
      }
    }
    return new LoggedEvents(matching);
  }

  /** Returns the formatted messages of these events, in order. */
  public List<String> messages() {
    List<String> messages = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      messages.add(events.get(i).message());
    }
    return List.copyOf(messages);
  }

  static boolean sameValue(Object actual, Object expected) {
    if (actual == null || expected == null) {
      return false;
    }
    if (actual.equals(expected)) {
      return true;
    }
    BigInteger a = integral(actual);
    return a != null && a.equals(integral(expected));
  }

  private static BigInteger integral(Object value) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    return value instanceof BigInteger big ? big : null;
  }
}
