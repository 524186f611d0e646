package dev.logcontext.json.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small bounded pool of {@link Encoding}s shared by all threads of one writer: no thread-locals
 * (they leak on redeploy and multiply with virtual threads), no locks (nothing to pin a virtual
 * thread). Acquire takes any pooled encoding or creates a fresh one when the pool is empty; release
 * trims oversized buffers and returns the encoding unless the pool is full.
 *
 * <p>Thread-safe: each slot is claimed with an atomic swap, so an encoding is owned by one thread
 * at a time. A nested encode on the same thread (logging from a {@code toString()}) simply gets
 * another encoding.
 */
public final class EncodingPool {
  private final AtomicReferenceArray<Encoding> slots;
  private final EventEncoder encoder;

  /** Creates a pool of {@code size} slots for encodings of {@code encoder}. */
  public EncodingPool(EventEncoder encoder, int size) {
    this.encoder = encoder;
    this.slots = new AtomicReferenceArray<>(size);
  }

  /** Returns the default pool size: twice the processor count, between 2 and 16. */
  public static int defaultSize() {
    return Math.max(2, Math.min(16, 2 * Runtime.getRuntime().availableProcessors()));
  }

  /** Returns a pooled encoding, or a new one when none is free. */
  public Encoding acquire() {
    int n = slots.length();
    int start = startSlot(n);
    for (int k = 0; k < n; k++) {
      int i = start + k < n ? start + k : start + k - n;
      if (slots.get(i) != null) {
        Encoding taken = slots.getAndSet(i, null);
        if (taken != null) {
          return taken;
        }
      }
    }
    return encoder.newEncoding();
  }

  /** Returns {@code encoding} to the pool, trimmed; drops it when the pool is full. */
  public void release(Encoding encoding) {
    encoding.trimForReuse();
    int n = slots.length();
    int start = startSlot(n);
    for (int k = 0; k < n; k++) {
      int i = start + k < n ? start + k : start + k - n;
      if (slots.get(i) == null && slots.compareAndSet(i, null, encoding)) {
        return;
      }
    }
  }

  /**
   * Spreads threads over the slots by their id (a field read; an identity hash code may cost a call
   * into the VM).
   */
  private static int startSlot(int slots) {
    return (int) ((Thread.currentThread().getId() & Long.MAX_VALUE) % slots);
  }

  /** Returns how many encodings are pooled now; for tests. */
  public int pooled() {
    int count = 0;
    for (int i = 0; i < slots.length(); i++) {
      if (slots.get(i) != null) {
        count++;
      }
    }
    return count;
  }
}
