package dev.logcontext.log4j2.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small bounded pool of {@link LogEventView}s shared by the threads that encode through one
 * layout: no thread-locals (virtual threads, redeploys) and no locks. Acquire takes any pooled view
 * or creates one; release returns it unless the pool is full. A nested encode on the same thread
 * simply gets another view.
 */
public final class ViewPool {
  private final AtomicReferenceArray<LogEventView> slots;

  /** Creates a pool of twice the processor count slots, between 2 and 16. */
  public ViewPool() {
    this.slots =
        new AtomicReferenceArray<>(
            Math.max(2, Math.min(16, 2 * Runtime.getRuntime().availableProcessors())));
  }

  /** Returns a pooled view, or a new one when none is free. */
  public LogEventView acquire() {
    int n = slots.length();
    int start = (System.identityHashCode(Thread.currentThread()) & 0x7fffffff) % n;
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      if (slots.get(i) != null) {
        LogEventView taken = slots.getAndSet(i, null);
        if (taken != null) {
          return taken;
        }
      }
    }
    return new LogEventView();
  }

  /** Clears {@code view} and returns it to the pool; drops it when the pool is full. */
  public void release(LogEventView view) {
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
}
