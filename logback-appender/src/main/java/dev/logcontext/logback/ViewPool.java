package dev.logcontext.logback;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small bounded pool of {@link LogbackEventView}s shared by the threads that encode through one
 * encoder: no thread-locals (virtual threads, redeploys) and no locks. Acquire takes any pooled
 * view or creates one; release clears it and returns it unless the pool is full. A nested encode on
 * the same thread (logging from a {@code toString()}) simply gets another view.
 */
final class ViewPool {
  private final AtomicReferenceArray<LogbackEventView> slots;

  /** Creates a pool of twice the processor count slots, between 2 and 16. */
  ViewPool() {
    this.slots =
        new AtomicReferenceArray<>(
            Math.max(2, Math.min(16, 2 * Runtime.getRuntime().availableProcessors())));
  }

  /** Returns a pooled view, or a new one when none is free. */
  LogbackEventView acquire() {
    int n = slots.length();
    int start = (System.identityHashCode(Thread.currentThread()) & 0x7fffffff) % n;
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      if (slots.get(i) != null) {
        LogbackEventView taken = slots.getAndSet(i, null);
        if (taken != null) {
          return taken;
        }
      }
    }
    return new LogbackEventView();
  }

  /** Clears {@code view} and returns it to the pool; drops it when the pool is full. */
  void release(LogbackEventView view) {
    view.clear();
    int n = slots.length();
    int start = (System.identityHashCode(Thread.currentThread()) & 0x7fffffff) % n;
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      if (slots.get(i) == null && slots.compareAndSet(i, null, view)) {
        return;
      }
    }
  }

  /** Returns how many views are pooled now; for tests. */
  int pooled() {
    int count = 0;
    for (int i = 0; i < slots.length(); i++) {
      if (slots.get(i) != null) {
        count++;
      }
    }
    return count;
  }
}
