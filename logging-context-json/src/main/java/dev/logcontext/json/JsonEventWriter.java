package dev.logcontext.json;

import dev.logcontext.json.internal.Encoding;
import dev.logcontext.json.internal.EventEncoder;
import dev.logcontext.json.internal.JsonBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes logging events as JSON lines: one object followed by {@code \n}, UTF-8, in the field order
 * and with the options of its {@link JsonFormat}.
 *
 * <pre>{@code
 * JsonEventWriter writer = JsonEventWriter.create(JsonFormat.defaults());
 * byte[] line = writer.encode(view);          // {"@timestamp":"...","level":"INFO",...}\n
 * writer.encode(view, outputStream);          // same bytes, no byte[] per event
 * }</pre>
 *
 * <p>The format is compiled once, when the writer is created. Output buffers come from a small
 * bounded pool shared by all threads (no thread-locals); a buffer that grew beyond 64 KiB for a
 * huge event is not kept. In the steady state {@link #encode(EventView, OutputStream)} and {@link
 * #encode(EventView, Object, ByteSink)} allocate nothing for events whose values are strings,
 * integers, booleans, UUIDs and enums; {@link #encode(EventView)} allocates only the returned
 * array.
 *
 * <p>Thread-safety: a writer is immutable and safe for concurrent use by any number of threads,
 * including nested use from a {@code toString()} called while an event is being encoded.
 *
 * <p>Bad input: a key-value whose {@code toString()} throws is written as a marker string naming
 * the exception, a throwable whose {@code getMessage()} throws likewise. Any other exception thrown
 * while reading or rendering the event (a view method, a broken {@code Map}, ...) never reaches the
 * caller. The event is then written in its minimal form (timestamp, level, logger, thread, message
 * and the {@link StandardField#ENCODER_ERROR} marker) and the exception is passed to {@link
 * JsonFormat#errorListener()}. Only {@link VirtualMachineError}s other than {@link
 * StackOverflowError} propagate. A null event throws {@link NullPointerException}.
 */
public final class JsonEventWriter {
  private final JsonFormat format;
  private final EventEncoder encoder;
  private final BoundedPool<Encoding> pool;

  private JsonEventWriter(JsonFormat format) {
    this.format = format;
    this.encoder = new EventEncoder(format);
    this.pool = new BoundedPool<>(encoder::newEncoding, Encoding::trimForReuse);
  }

  /**
   * Returns a writer for {@code format}.
   *
   * @throws NullPointerException when {@code format} is null
   */
  public static JsonEventWriter create(JsonFormat format) {
    return new JsonEventWriter(Objects.requireNonNull(format, "format"));
  }

  /** Returns the format this writer was created with. */
  public JsonFormat format() {
    return format;
  }

  /** Returns {@code event} as one JSON line, newline included, in UTF-8. */
  public byte[] encode(EventView event) {
    Objects.requireNonNull(event, "event");
    Encoding encoding = pool.acquire();
    try {
      encoder.encode(event, encoding);
      return encoding.out().toByteArray();
    } finally {
      pool.release(encoding);
    }
  }

  /** Returns {@code event} as one JSON line, newline included, as a string (for text layouts). */
  public String encodeToString(EventView event) {
    Objects.requireNonNull(event, "event");
    Encoding encoding = pool.acquire();
    try {
      encoder.encode(event, encoding);
      JsonBuffer out = encoding.out();
      return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
    } finally {
      pool.release(encoding);
    }
  }

  /**
   * Writes {@code event} as one JSON line to {@code out} with a single {@code write(byte[], int,
   * int)} call and returns the number of bytes written. Does not flush.
   *
   * @throws IOException only when {@code out} throws it; encoding itself does not fail
   */
  public int encode(EventView event, OutputStream out) throws IOException {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(out, "out");
    Encoding encoding = pool.acquire();
    try {
      encoder.encode(event, encoding);
      JsonBuffer buffer = encoding.out();
      out.write(buffer.array(), 0, buffer.length());
      return buffer.length();
    } finally {
      pool.release(encoding);
    }
  }

  /**
   * Encodes {@code event} and hands the line to {@code sink} in one call, {@code sink.write(target,
   * bytes, 0, length)}; returns the length. Lets a garbage-free layout copy the bytes into its
   * destination without any allocation (see {@link ByteSink}).
   *
   * <p>Exceptions thrown by the sink propagate to the caller.
   */
  public <T> int encode(EventView event, T target, ByteSink<T> sink) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(sink, "sink");
    Encoding encoding = pool.acquire();
    try {
      encoder.encode(event, encoding);
      JsonBuffer buffer = encoding.out();
      sink.write(target, buffer.array(), 0, buffer.length());
      return buffer.length();
    } finally {
      pool.release(encoding);
    }
  }

  /** Returns how many buffers the pool holds now; for tests and diagnostics. */
  int pooledBuffers() {
    return pool.pooled();
  }
}
