package dev.logcontext.junit;

import java.util.List;

/**
 * Assertions that must hold for every captured event, from {@link LogCapture#assertEveryEvent()}.
 * Each throws an {@link AssertionError} naming the field and the first event that breaks it, and
 * fails when no event was captured at all, so that an assertion over nothing cannot pass.
 *
 * <p>Thread-safety: immutable; it checks the events captured when it was made. Bad input: a null
 * key or value throws {@link NullPointerException}.
 */
public final class EveryEvent {
  private final List<LoggedEvent> events;

  EveryEvent(List<LoggedEvent> events) {
    this.events = events;
  }

  /** Checks that every event carries the field {@code key}; returns this, for chaining. */
  public EveryEvent hasField(String key) {
    java.util.Objects.requireNonNull(key, "key");
    checkNotEmpty("field \"" + key + "\"");
    for (int i = 0; i < events.size(); i++) {
      LoggedEvent event = events.get(i);
      if (!event.context().contains(key)) {
        throw new AssertionError(
            "expected every event to have field \""
                + key
                + "\", but event "
                + (i + 1)
                + " of "
                + events.size()
                + " has not: "
                + event);
      }
    }
    return this;
  }

  /**
   * Checks that every event carries {@code key} bound to {@code value}, compared as {@link
   * LoggedEvents#withField(String, Object)} does; returns this, for chaining.
   */
  public EveryEvent hasField(String key, Object value) {
    java.util.Objects.requireNonNull(key, "key");
    java.util.Objects.requireNonNull(value, "value");
    checkNotEmpty("field \"" + key + "\" = " + value);
    for (int i = 0; i < events.size(); i++) {
      LoggedEvent event = events.get(i);
      if (!LoggedEvents.sameValue(event.context().get(key), value)) {
        throw new AssertionError(
            "expected every event to have field \""
                + key
                + "\" = "
                + describe(value)
                + ", but event "
                + (i + 1)
                + " of "
                + events.size()
                + " has "
                + describe(event.context().get(key))
                + ": "
                + event);
      }
    }
    return this;
  }

  private void checkNotEmpty(String what) {
    if (events.isEmpty()) {
      throw new AssertionError("expected every event to have " + what + ", but none was logged");
    }
  }

  private static String describe(Object value) {
    if (value == null) {
      return "no value";
    }
    return value instanceof String
        ? "\"" + value + "\" (String)"
        : value + " (" + value.getClass().getSimpleName() + ")";
  }
}
