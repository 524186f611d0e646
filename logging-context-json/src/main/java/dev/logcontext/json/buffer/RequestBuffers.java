package dev.logcontext.json.buffer;

import dev.logcontext.RequestEnd;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events held per request until the request fails or ends: the backend-neutral core of the
 * buffering appenders. An event of a request is {@linkplain #hold held}, {@linkplain #trigger
 * triggers} the replay of what its request holds, or {@linkplain #pass passes} through; a request
 * {@linkplain #end ends} when {@link RequestEnd} says so, and what it held is dropped and counted
 * once no event created before the end can still arrive ({@link #expire}).
 *
 * <p>Memory is bounded: at most {@code maxEvents} events and {@code maxBytes} estimated bytes per
 * request (beyond either, the oldest events are dropped and the next line written for the request
 * carries their number), at most {@code maxRequests} requests (beyond that, the request held the
 * longest is dropped whole), and no request is held longer than {@code maxAgeMillis} (checked
 * whenever a request starts being held), so a request whose end is never signalled does not live
 * forever.
 *
 * <p>Thread-safety: all methods are thread-safe. Events of one request are held, replayed and
 * passed under that request's lock, so a replay writes every event the request held before the
 * trigger, in the order they were held, exactly once, and nothing of the request is written between
 * them. Different requests do not contend except when a request starts or ends. Bad input: the
 * constructor throws {@link IllegalArgumentException} naming a bound that is not positive.
 *
 * @param <E> the backend's event type; held events must not change (the adapter copies mutable
 *     events before holding them)
 */
public final class RequestBuffers<E> {
  /** Where the buffers write: the adapter marks the lines and forwards them to its appenders. */
  public interface Output<E> {
    /**
     * Writes {@code event}, held earlier, marked as replayed; {@code dropped > 0} is the number of
     * events of the request dropped before it, to be noted on this line.
     */
    void replay(E event, long dropped);

    /**
     * Writes {@code event} as it came; {@code dropped > 0} is the number of events of its request
     * dropped since the last line written for it, to be noted on this line.
     */
    void write(E event, long dropped);
  }

  /** What the buffers hold and have dropped; a consistent view of each request, not of all. */
  public record Stats(
      int requests,
      long events,
      long bytes,
      long droppedAtEnd,
      long droppedOverflow,
      long droppedEvicted) {}

  private final int maxEvents;
  private final long maxBytes;
  private final int maxRequests;
  private final long maxAgeNanos;
  private final ConcurrentHashMap<Object, Buffer<E>> requests = new ConcurrentHashMap<>();

  /** The same buffers in the order they were created, for eviction; guarded by itself. */
  private final LinkedHashMap<Object, Buffer<E>> byAge = new LinkedHashMap<>();

  /** Buffers of requests that ended, in the order they ended, until they expire. */
  private final ConcurrentLinkedQueue<Buffer<E>> ending = new ConcurrentLinkedQueue<>();

  /** Drop counts of requests evicted whole, for their next line; bounded by maxRequests. */
  private final ConcurrentHashMap<Object, Long> evictedNotes = new ConcurrentHashMap<>();

  /** The ids of {@link #evictedNotes} in the order they were noted; the oldest go first. */
  private final ConcurrentLinkedQueue<Object> noteOrder = new ConcurrentLinkedQueue<>();

  private final AtomicInteger noteCount = new AtomicInteger();

  private final AtomicLong droppedAtEnd = new AtomicLong();
  private final AtomicLong droppedOverflow = new AtomicLong();
  private final AtomicLong droppedEvicted = new AtomicLong();

  /**
   * Creates empty buffers with these bounds.
   *
   * @throws IllegalArgumentException naming the bound ({@code maxEvents}, {@code maxBytes}, {@code
   *     maxRequests}, {@code maxAgeMillis}) when it is not positive
   */
  public RequestBuffers(int maxEvents, long maxBytes, int maxRequests, long maxAgeMillis) {
    this.maxEvents = positive("maxEvents", maxEvents);
    this.maxBytes = positive("maxBytes", maxBytes);
    this.maxRequests = positive("maxRequests", maxRequests);
    this.maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(positive("maxAgeMillis", maxAgeMillis));
  }

  private static int positive(String name, int value) {
    return (int) positive(name, (long) value);
  }

  private static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  /**
   * Returns a listener that ends a request when the context that ends holds {@code requestKey} and
   * the context after it does not hold the same value; register it with {@link
   * RequestEnd#addListener}.
   */
  public RequestEnd.Listener endListener(String requestKey) {
    return (ending, after) -> {
      Object id = ending.get(requestKey);
      if (id != null && !id.equals(after.get(requestKey))) {
        end(id, System.currentTimeMillis());
      }
    };
  }

  /**
   * Drops the requests that ended before {@code eventMillis}; the adapter calls it with each
   * event's time before handing the event over. Behind an asynchronous appender or logger, events
   * of a request may still be queued when the request ends: they were all created before the end,
   * and an event created after it leaves the queue after them, so the first event newer than the
   * end tells that none of the request's events can still come. One volatile read when nothing
   * ended.
   */
  public void expire(long eventMillis) {
    if (ending.isEmpty()) {
      return;
    }
    while (true) {
      Buffer<E> expired;
      synchronized (ending) {
        Buffer<E> head = ending.peek();
        if (head == null || head.endedAt >= eventMillis) {
          return;
        }
        expired = ending.poll();
      }
      close(expired, false);
    }
  }

  /** Holds {@code event} of request {@code id}; {@code bytes} is its estimated size. */
  public void hold(Object id, E event, long eventMillis, int bytes) {
    while (true) {
      Buffer<E> buffer = requests.get(id);
      if (buffer == null) {
        buffer = create(id);
      }
      synchronized (buffer) {
        if (isCurrent(buffer, eventMillis)) {
          add(buffer, event, Math.max(bytes, 1));
          return;
        }
      }
      close(buffer, false); // ended before this event: the event starts a new buffer
    }
  }

  /** Whether {@code event} at {@code eventMillis} belongs to {@code buffer}; under its lock. */
  private static boolean isCurrent(Buffer<?> buffer, long eventMillis) {
    return !buffer.closed && (buffer.endedAt == 0 || eventMillis <= buffer.endedAt);
  }

  private void add(Buffer<E> buffer, E event, int bytes) {
    buffer.events.addLast(event);
    buffer.sizes.addLast(bytes);
    buffer.bytes += bytes;
    while (buffer.events.size() > maxEvents || buffer.bytes > maxBytes) {
      buffer.events.removeFirst();
      buffer.bytes -= buffer.sizes.removeFirst();
      buffer.dropped++;
      droppedOverflow.incrementAndGet();
    }
  }

  private Buffer<E> create(Object id) {
    List<Buffer<E>> evicted = null;
    Buffer<E> buffer;
    synchronized (byAge) {
      buffer = requests.get(id);
      if (buffer != null) {
        return buffer;
      }
      long now = System.nanoTime();
      buffer = new Buffer<>(id, now);
      Long note = evictedNotes.remove(id);
      if (note != null) {
        buffer.dropped = note;
      }
      Iterator<Buffer<E>> oldest = byAge.values().iterator();
      while (oldest.hasNext()) {
        Buffer<E> candidate = oldest.next();
        if (byAge.size() < maxRequests && now - candidate.created < maxAgeNanos) {
          break;
        }
        oldest.remove();
        requests.remove(candidate.id, candidate);
        if (evicted == null) {
          evicted = new ArrayList<>(2);
        }
        evicted.add(candidate);
      }
      byAge.put(id, buffer);
      requests.put(id, buffer);
    }
    if (evicted != null) {
      for (Buffer<E> old : evicted) {
        close(old, true);
      }
    }
    return buffer;
  }

  /**
   * Closes {@code buffer} and drops what it holds: counted as dropped at the end of its request,
   * or, when {@code evicted} (held too long or beyond maxRequests), noted for the request's next
   * line. Closing a closed buffer does nothing.
   */
  private void close(Buffer<E> buffer, boolean evicted) {
    synchronized (byAge) {
      if (byAge.remove(buffer.id, buffer)) {
        requests.remove(buffer.id, buffer);
      }
    }
    long count;
    synchronized (buffer) {
      if (buffer.closed) {
        return;
      }
      buffer.closed = true;
      evicted &= buffer.endedAt == 0; // a request that ended has no next line to note it on
      (evicted ? droppedEvicted : droppedAtEnd).addAndGet(buffer.events.size());
      count = buffer.events.size() + buffer.dropped;
      buffer.clear();
    }
    if (evicted && count > 0) {
      evictedNotes.merge(buffer.id, count, Long::sum);
      noteOrder.add(buffer.id);
      if (noteCount.incrementAndGet() > maxRequests) {
        Object oldest = noteOrder.poll();
        if (oldest != null) {
          noteCount.decrementAndGet();
          evictedNotes.remove(oldest);
        }
      }
    }
  }

  /**
   * Writes what request {@code id} holds, in order and marked, then {@code trigger}; the request
   * stays open and holds its later events again.
   */
  public void trigger(Object id, E trigger, long eventMillis, Output<E> out) {
    Buffer<E> buffer = requests.get(id);
    if (buffer != null) {
      synchronized (buffer) {
        if (isCurrent(buffer, eventMillis)) {
          long dropped = buffer.dropped;
          buffer.dropped = 0;
          E held;
          while ((held = buffer.events.pollFirst()) != null) {
            buffer.bytes -= buffer.sizes.removeFirst();
            out.replay(held, dropped);
            dropped = 0;
          }
          out.write(trigger, dropped);
          return;
        }
      }
      close(buffer, false);
    }
    out.write(trigger, takeEvictedNote(id));
  }

  /** Writes {@code event} of request {@code id} as it came, with any pending drop count. */
  public void pass(Object id, E event, long eventMillis, Output<E> out) {
    Buffer<E> buffer = requests.get(id);
    if (buffer != null) {
      synchronized (buffer) {
        if (isCurrent(buffer, eventMillis)) {
          long dropped = buffer.dropped;
          buffer.dropped = 0;
          out.write(event, dropped);
          return;
        }
      }
      close(buffer, false);
    }
    out.write(event, takeEvictedNote(id));
  }

  private long takeEvictedNote(Object id) {
    if (evictedNotes.isEmpty()) {
      return 0;
    }
    Long note = evictedNotes.remove(id);
    return note == null ? 0 : note;
  }

  /**
   * Ends request {@code id} at {@code endMillis}: events of it created until then are still held or
   * replayed as they arrive; the first event created later, of any request, drops what it holds and
   * counts it ({@link #expire}). Unknown ids are ignored.
   */
  public void end(Object id, long endMillis) {
    Buffer<E> buffer = requests.get(id);
    if (buffer == null) {
      evictedNotes.remove(id);
      return;
    }
    synchronized (buffer) {
      if (buffer.closed || buffer.endedAt != 0) {
        return;
      }
      buffer.endedAt = endMillis;
    }
    synchronized (ending) {
      ending.add(buffer);
    }
  }

  /** Drops everything held, without counting it (the appender stops). */
  public void clear() {
    synchronized (byAge) {
      for (Buffer<E> buffer : byAge.values()) {
        synchronized (buffer) {
          buffer.closed = true;
          buffer.clear();
        }
      }
      byAge.clear();
      requests.clear();
      evictedNotes.clear();
      noteOrder.clear();
      noteCount.set(0);
    }
    synchronized (ending) {
      ending.clear();
    }
  }

  /** Returns what is held now (requests that ended included, until they expire) and dropped. */
  public Stats stats() {
    int count = 0;
    long events = 0;
    long bytes = 0;
    for (Buffer<E> buffer : requests.values()) {
      synchronized (buffer) {
        if (!buffer.closed) {
          count++;
          events += buffer.events.size();
          bytes += buffer.bytes;
        }
      }
    }
    return new Stats(
        count, events, bytes, droppedAtEnd.get(), droppedOverflow.get(), droppedEvicted.get());
  }

  /** The events one request holds; guarded by itself. */
  private static final class Buffer<E> {
    final Object id;
    final long created;
    final ArrayDeque<E> events = new ArrayDeque<>();
    final ArrayDeque<Integer> sizes = new ArrayDeque<>();
    long bytes;
    long dropped;

    /** When the request ended (0 while it runs): later events belong to a new buffer. */
    long endedAt;

    /** Removed from the index and emptied; an event that finds it closed starts a new one. */
    boolean closed;

    Buffer(Object id, long created) {
      this.id = id;
      this.created = created;
    }

    void clear() {
      events.clear();
      sizes.clear();
      bytes = 0;
      dropped = 0;
    }
  }
}
