package dev.logcontext;

/**
 * A source of fields that every logging event gets when it is created: the current trace and span
 * of a tracer, for example. The backends' bridges ask the {@linkplain EventFields#install
 * installed} sources through {@link EventFields#capture()} on the thread that logs, at the moment
 * the event is created (before an asynchronous appender or async logger hands it to another
 * thread), so that the fields travel with the event like the rest of its context.
 *
 * <pre>{@code
 * EventFields.install(context -> context.with("tenant", Tenants.current()));
 * }</pre>
 *
 * <p>{@link #addFields} receives the event's context and returns it with this source's fields bound
 * ({@link Snapshot#with}), or {@code context} itself when it has nothing to add. It may also drop
 * fields that its own fields replace (as {@link TraceFields#with} drops Micrometer's MDC keys).
 * Returning {@code context} unchanged allocates nothing.
 *
 * <p><b>Thread safety.</b> Called concurrently from every thread that logs; implementations must be
 * thread-safe and fast (they run once for every event that passes the level check). <b>Bad
 * input.</b> An exception thrown by {@link #addFields} (a {@link StackOverflowError} included), or
 * a null result, never reaches the code that logs and never loses the event: the event keeps the
 * context as it was before this source, plus the field {@value EventFields#FAILURE_FIELD} naming
 * the source's class and the exception's class. Only an {@link OutOfMemoryError} or another {@link
 * VirtualMachineError} propagates. An event logged from inside {@link #addFields} (on the same
 * thread) gets the context without any source's fields.
 */
@FunctionalInterface
public interface EventFieldSource {
  /**
   * Returns {@code context} with this source's fields for an event created now, on the calling
   * thread; {@code context} itself when there are none.
   *
   * @param context the event's context so far: the current snapshot, with the fields of the sources
   *     installed before this one
   */
  Snapshot addFields(Snapshot context);
}
