package dev.logcontext;

import java.util.Arrays;
import java.util.Objects;

/**
 * Tells listeners that a unit of work, such as a request, has ended: integrations that hold
 * something per request (the buffering appenders) learn here when to let it go.
 *
 * <p>A request ends in two ways:
 *
 * <ul>
 *   <li>explicitly, by {@link #signal(Snapshot)}: the servlet filter signals the request's context
 *       when the request completes, asynchronous or not;
 *   <li>implicitly, when a scope that <em>bound</em> fields ({@link LogContext#with}, {@link
 *       Scope#and}) closes on its own thread: listeners receive the context that was current inside
 *       the scope and the one restored by closing it, and decide from the two whether their key
 *       ended (a key bound inside and changed or gone after). Scopes that only attach a snapshot
 *       ({@link Snapshot#attach()}, propagating executors, {@link Snapshot#run}) do not end
 *       anything: they carry a request to another thread, which is not its end.
 * </ul>
 *
 * <p>Cost: with no listener, closing a scope reads one static field more. Listeners run on the
 * thread that closed the scope or signalled, after its context was restored, and must be quick.
 *
 * <p>Thread-safety: all methods are thread-safe; listeners may be added and removed at any time.
 * Bad input: a null listener or snapshot throws {@link NullPointerException}; an exception thrown
 * by a listener is caught and ignored, so that a listener never breaks the code closing a scope.
 */
public final class RequestEnd {
  /** Receives the end of requests; see {@link RequestEnd}. Implementations must be thread-safe. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called when a request ends: {@code ending} is the context the request ran in, {@code after}
     * the context current once it ended ({@link Snapshot#empty()} for an explicit {@link
     * RequestEnd#signal}).
     */
    void ended(Snapshot ending, Snapshot after);
  }

  private static final Listener[] NONE = new Listener[0];

  /** The listeners, copied on write; null when there are none, the one check on scope close. */
  private static volatile Listener[] listeners;

  private RequestEnd() {}

  /** Adds {@code listener}; adding one twice makes it called twice. */
  public static synchronized void addListener(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    Listener[] now = listeners == null ? NONE : listeners;
    Listener[] next = Arrays.copyOf(now, now.length + 1);
    next[now.length] = listener;
    listeners = next;
  }

  /** Removes one registration of {@code listener}; does nothing when it is not registered. */
  public static synchronized void removeListener(Listener listener) {
    Listener[] now = listeners;
    if (now == null) {
      return;
    }
    for (int i = 0; i < now.length; i++) {
      if (now[i] == listener) {
        Listener[] next = new Listener[now.length - 1];
        System.arraycopy(now, 0, next, 0, i);
        System.arraycopy(now, i + 1, next, i, now.length - i - 1);
        listeners = next.length == 0 ? null : next;
        return;
      }
    }
  }

  /** Tells every listener that the request that ran in {@code context} has ended. */
  public static void signal(Snapshot context) {
    Objects.requireNonNull(context, "context");
    Listener[] now = listeners;
    if (now != null) {
      notify(now, context, Snapshot.empty());
    }
  }

  /** Whether closing a binding scope must be reported; read on every such close. */
  static boolean listening() {
    return listeners != null;
  }

  /** Called after a binding scope closed: {@code ending} was current inside it. */
  static void scopeClosed(Snapshot ending, Snapshot after) {
    Listener[] now = listeners;
    if (now != null && ending != after) {
      notify(now, ending, after);
    }
  }

  private static void notify(Listener[] now, Snapshot ending, Snapshot after) {
    for (Listener listener : now) {
      try {
        listener.ended(ending, after);
      } catch (RuntimeException ignored) {
        // A listener never breaks the code that closed the scope.
      }
    }
  }
}
