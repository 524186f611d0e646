package dev.logcontext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The thread states registered for a leak check ({@link ScopeChecks#watchNewThreads()}): off until
 * a test kit turns it on, then every thread that first uses the context registers its state once.
 * Package-private: {@link ScopeChecks} states the rules for users.
 *
 * <p>The fourth piece of mutable static state of the core (beside the storage slot, the misuse
 * settings and the converter): a flag read once per new thread state, and a set that holds its
 * states weakly, so that a thread that ends leaves nothing behind.
 */
final class ThreadWatch {
  private static volatile boolean on;

  private static final Set<ThreadState> STATES =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private ThreadWatch() {}

  static void start() {
    on = true;
  }

  /** Registers the state of a thread that has just used the context, when watching is on. */
  static void register(ThreadState state) {
    if (on) {
      STATES.add(state);
    }
  }

  /** Returns what {@link ScopeChecks#contextOnWatchedThreads()} describes. */
  static Map<Thread, Snapshot> onWatchedThreads() {
    List<ThreadState> states;
    synchronized (STATES) {
      states = new ArrayList<>(STATES);
    }
    Map<Thread, Snapshot> left = new LinkedHashMap<>();
    Thread self = Thread.currentThread();
    for (ThreadState state : states) {
      Thread owner = state.owner;
      if (owner == self || !owner.isAlive()) {
        continue;
      }
      Snapshot seen = state.seenFromOutside();
      if (seen != null && !seen.isEmpty()) {
        left.put(owner, seen);
      }
    }
    return left;
  }
}
