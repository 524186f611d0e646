package dev.logcontext.json;

/**
 * Receives the bytes of one encoded event from {@link JsonEventWriter#encode(EventView, Object,
 * ByteSink)}; lets a garbage-free layout copy them into its own destination.
 *
 * <p>Use a non-capturing lambda or method reference and pass the destination as {@code target}, so
 * that nothing is allocated per event:
 *
 * <pre>{@code
 * private static final ByteSink<ByteBufferDestination> TO_DESTINATION =
 *     ByteBufferDestination::writeBytes;
 * writer.encode(view, destination, TO_DESTINATION);
 * }</pre>
 *
 * @param <T> the destination type
 */
@FunctionalInterface
public interface ByteSink<T> {
  /**
   * Consumes {@code bytes[offset..offset+length)}. The array belongs to the writer and is reused
   * after this method returns: copy what you need, keep no reference.
   */
  void write(T target, byte[] bytes, int offset, int length);
}
