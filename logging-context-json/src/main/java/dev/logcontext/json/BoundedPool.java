package dev.logcontext.json;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A small bounded pool of reusable objects, for adapters that keep one mutable {@link EventView}
 * per encode call (and for the writer's own output buffers): no thread-locals (they leak on
 * redeploy and multiply with virtual threads) and no locks. {@link #acquire()} takes any pooled
 * object or creates one; {@link #release} resets it and returns it unless the pool is full, in
 * which case it is dropped. A nested encode on the same thread (logging from a {@code toString()})
 * simply gets another object.
 *
 * <p>Thread-safety: safe for any number of threads. Bad input: null arguments throw {@link
 * NullPointerException}; an exception from the reset action propagates from {@code release} and the
 * object is not pooled.
 *
 * @param <T> the pooled type
 */
public final class BoundedPool<T> {
  private final AtomicReferenceArray<T> slots;
  private final Supplier<? extends T> factory;
  private final Consumer<? super T> reset;

  /**
   * Creates a pool of twice the processor count slots, between 2 and 16.
   *
   * @param factory creates an object when none is pooled
   * @param reset clears an object before it is pooled again (drop references to the last event)
   */
  public BoundedPool(Supplier<? extends T> factory, Consumer<? super T> reset) {
    this(factory, reset, Math.max(2, Math.min(16, 2 * Runtime.getRuntime().availableProcessors())));
  }

  /** Creates a pool of {@code size} slots; for tests. */
  BoundedPool(Supplier<? extends T> factory, Consumer<? super T> reset, int size) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.reset = Objects.requireNonNull(reset, "reset");
    this.slots = new AtomicReferenceArray<>(size);
  }

  /** Returns a pooled object, or a new one when none is free. */
  public T acquire() {
    int n = slots.length();
    int start = startSlot(n);
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      if (slots.get(i) != null) {
        T taken = slots.getAndSet(i, null);
        if (taken != null) {
          return taken;
        }
      }
    }
    return factory.get();
  }

  /** Resets {@code item} and returns it to the pool; drops it when the pool is full. */
  public void release(T item) {
    reset.accept(item);
    int n = slots.length();
    int start = startSlot(n);
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      if (slots.get(i) == null && slots.compareAndSet(i, null, item)) {
        return;
      }
    }
  }

  /** Returns how many objects are pooled now; for tests and diagnostics. */
  public int pooled() {
    int count = 0;
    for (int i = 0; i < slots.length(); i++) {
      if (slots.get(i) != null) {
        count++;
      }
    }
    return count;
  }

  /**
   * Spreads threads over the slots by their id, so that they rarely contend for one (a field read;
   * an identity hash code may cost a call into the VM).
   */
  private static int startSlot(int slots) {
    return (int) ((Thread.currentThread().getId() & Long.MAX_VALUE) % slots);
  }
}
