package dev.logcontext.json;

import dev.logcontext.Snapshot;
import java.io.IOException;
import java.util.Map;

/**
 * The parts of one logging event that the {@link JsonEventWriter} reads: what a backend adapter
 * exposes for its own event type.
 *
 * <p>An adapter typically keeps one mutable implementation per encode call (or per appender, if
 * encoding is serialized) and points it at the backend event, so that encoding allocates nothing
 * per event. The writer calls each method at most a few times while it encodes one event and never
 * keeps a reference to the view or to anything it returns after {@code encode} returns.
 *
 * <p>Index methods ({@link #keyValueKey(int)}, {@link #markerName(int)}, ...) are called only with
 * {@code 0 <= index < count}. Any method may throw: the writer then writes the event in its minimal
 * form with an {@link StandardField#ENCODER_ERROR} marker and reports the exception to the format's
 * error listener; it never rethrows it.
 *
 * <p>Thread-safety: the writer reads a view only on the thread that called {@code encode}; a view
 * need not be thread-safe.
 */
public interface EventView {

  /** Returns the event time in milliseconds since the epoch. */
  long timestampMillis();

  /** Returns the level name, e.g. {@code "INFO"}; null is written as an empty string. */
  String levelName();

  /**
   * Returns the numeric level written as {@link StandardField#LEVEL_VALUE}: a number that orders
   * levels, from the adapter's backend. The Logback adapter gives Logback's own {@code
   * Level.toInt()} (TRACE 5000 to ERROR 40000), which is what logstash-logback-encoder writes; the
   * Log4j2 adapter maps Log4j's levels onto the same numbers (FATAL 50000) so that both backends
   * write the same JSON for the same event.
   */
  int levelValue();

  /** Returns the logger name; null is written as an empty string. */
  String loggerName();

  /** Returns the name of the thread that logged; null is written as an empty string. */
  String threadName();

  /**
   * Returns the formatted message (a {@code String}, or a reusable {@code StringBuilder} that is
   * not changed until encoding returns); null is written as an empty string.
   */
  CharSequence message();

  /**
   * Optionally appends the formatted message to {@code out}, which writes it straight into the
   * output as a JSON string, and returns true; then {@link #message()} is not called. Returns false
   * to have {@link #message()} written instead: anything appended before is then discarded. The
   * default returns false.
   *
   * <p>A backend whose message is a pattern and arguments formats it here without building a {@code
   * String}. What is appended must be exactly the text {@link #message()} would return (the writer
   * escapes and truncates both alike); when in doubt, return false. The writer may call {@link
   * #message()} instead without calling this (for example under {@code maxEventBytes}, where an
   * event can be written more than once). {@code out} never throws {@link IOException} and is valid
   * only during the call.
   *
   * @throws IOException never from {@code out}; declared by {@link Appendable}
   */
  default boolean appendMessage(Appendable out) throws IOException {
    return false;
  }

  /**
   * Returns the context captured when the event was created, never {@code null} ({@link
   * Snapshot#empty()} when there was none). The writer never calls {@code LogContext.capture()}.
   */
  Snapshot context();

  /**
   * Returns MDC fields that did not come through {@link #context()}, or null when there are none
   * (the usual case: pass null when the MDC is the snapshot, or the fields would be written twice,
   * the second time renamed). Values are written with the same typing rules as key-value values.
   * Iterating the map allocates, so adapters should pass null whenever they can.
   */
  default Map<String, ?> mdcFields() {
    return null;
  }

  /** Returns the number of SLF4J 2 key-value pairs of the event. */
  default int keyValueCount() {
    return 0;
  }

  /** Returns the key of pair {@code index}; a null key is written as {@code "null"}. */
  default String keyValueKey(int index) {
    throw new IndexOutOfBoundsException(index);
  }

  /**
   * Returns the raw value of pair {@code index}. Values are not normalized: the writer types them
   * (numbers, booleans, maps, collections, arrays, UUIDs, enums, ...) and writes anything else as
   * its {@code toString()}, guarded against exceptions.
   */
  default Object keyValueValue(int index) {
    throw new IndexOutOfBoundsException(index);
  }

  /** Returns the number of marker names, written as the {@link StandardField#TAGS} array. */
  default int markerCount() {
    return 0;
  }

  /** Returns marker name {@code index}. */
  default String markerName(int index) {
    throw new IndexOutOfBoundsException(index);
  }

  /** Returns the event's throwable, or null. */
  default Throwable throwable() {
    return null;
  }
}
