package dev.logcontext.logctx;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * Streams the lines of a stream (gzip-compressed files, standard input) that contain a byte
 * pattern, without looking at the others: it searches large blocks for the pattern and only then
 * finds the line around a hit. Memory is one buffer (1 MiB, doubled for a line longer than that).
 * Files starting with the gzip magic bytes are decompressed on the fly. Not thread-safe.
 */
final class LineScanner implements CandidateLines {
  private static final int INITIAL_BUFFER = 1 << 20;
  private static final int MAX_BUFFER = 1 << 30;

  private final Source source;
  private final ByteSearch search;
  private byte[] buffer = new byte[INITIAL_BUFFER];
  private int filled;

  /** Bytes before this index are whole lines (or everything, at the end of the input). */
  private int complete;

  private int position;
  private boolean endOfInput;
  private int lineStart;
  private int lineEnd;

  private LineScanner(Source source, ByteSearch search) {
    this.source = source;
    this.search = search;
  }

  /**
   * Opens {@code path} whole; "-" reads standard input, and a path that is not a regular file (a
   * pipe) is read as a stream. Input starting with the gzip magic bytes is decompressed.
   */
  static LineScanner open(Path path, ByteSearch search) throws IOException {
    if (path.toString().equals("-")) {
      return new LineScanner(Source.of(maybeGzip(System.in)), search);
    }
    if (!Files.isRegularFile(path)) { // a pipe, such as a shell's <(zcat ..)
      return new LineScanner(Source.of(maybeGzip(Files.newInputStream(path))), search);
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      if (isGzip(channel)) {
        InputStream in = Channels.newInputStream(channel);
        return new LineScanner(Source.of(new GZIPInputStream(in, 1 << 16)), search);
      }
      return new LineScanner(Source.of(channel, 0, Long.MAX_VALUE), search);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Returns whether the file starts with the gzip magic bytes; reads without moving. */
  static boolean isGzip(FileChannel channel) throws IOException {
    ByteBuffer magic = ByteBuffer.allocate(2);
    while (magic.hasRemaining() && channel.read(magic, magic.position()) > 0) {
      // positional reads leave the channel where it was
    }
    return magic.position() == 2 && (magic.get(0) & 0xFF) == 0x1f && (magic.get(1) & 0xFF) == 0x8b;
  }

  /**
   * Returns the offset just after the first line break at or after {@code from}, or {@code limit}
   * when there is none before it: where a range that starts mid-line really starts.
   */
  static long nextLineStart(FileChannel channel, long from, long limit) throws IOException {
    ByteBuffer block = ByteBuffer.allocate(1 << 16);
    long position = from;
    while (position < limit) {
      block.clear();
      int n = channel.read(block, position);
      if (n <= 0) {
        return limit;
      }
      for (int i = 0; i < n; i++) {
        if (block.get(i) == '\n') {
          return Math.min(position + i + 1, limit);
        }
      }
      position += n;
    }
    return limit;
  }

  private static InputStream maybeGzip(InputStream in) throws IOException {
    PushbackInputStream pushback = new PushbackInputStream(in, 2);
    byte[] magic = new byte[2];
    int n = pushback.readNBytes(magic, 0, 2);
    pushback.unread(magic, 0, n);
    if (n == 2 && (magic[0] & 0xFF) == 0x1f && (magic[1] & 0xFF) == 0x8b) {
      return new GZIPInputStream(pushback, 1 << 16);
    }
    return pushback;
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      if (position < complete) {
        int hit = search.indexOf(buffer, position, complete);
        if (hit >= 0) {
          int start = hit;
          while (start > position && buffer[start - 1] != '\n') {
            start--;
          }
          int end = hit + search.length();
          while (end < complete && buffer[end] != '\n') {
            end++;
          }
          position = end + 1;
          if (end > start && buffer[end - 1] == '\r') {
            end--;
          }
          lineStart = start;
          lineEnd = end;
          return true;
        }
        position = complete;
      }
      if (endOfInput) {
        return false;
      }
      fill();
    }
  }

  private void fill() throws IOException {
    int rest = filled - complete;
    System.arraycopy(buffer, complete, buffer, 0, rest);
    filled = rest;
    complete = 0;
    position = 0;
    while (complete == 0 && !endOfInput) {
      if (filled == buffer.length) {
        if (buffer.length >= MAX_BUFFER) {
          throw new IOException("a line longer than " + MAX_BUFFER + " bytes");
        }
        byte[] larger = new byte[buffer.length * 2];
        System.arraycopy(buffer, 0, larger, 0, filled);
        buffer = larger;
      }
      int n = source.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        endOfInput = true;
        complete = filled;
        break;
      }
      filled += n;
      int lastBreak = filled - 1;
      while (lastBreak >= 0 && buffer[lastBreak] != '\n') {
        lastBreak--;
      }
      complete = lastBreak + 1;
    }
  }

  @Override
  public byte[] buffer() {
    return buffer;
  }

  @Override
  public int lineStart() {
    return lineStart;
  }

  @Override
  public int lineEnd() {
    return lineEnd;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }

  /** Where bytes come from: a file channel read in large blocks, or a stream. */
  private interface Source extends Closeable {
    /** Reads into {@code target[offset..offset+length)}, filling as much as it can; -1 at end. */
    int read(byte[] target, int offset, int length) throws IOException;

    static Source of(FileChannel channel, long start, long end) {
      return new Source() {
        private long position = start;

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
          long left = end - position;
          if (left <= 0) {
            return -1;
          }
          ByteBuffer window = ByteBuffer.wrap(target, offset, (int) Math.min(length, left));
          int total = 0;
          while (window.hasRemaining()) {
            int n = channel.read(window, position);
            if (n < 0) {
              break;
            }
            position += n;
            total += n;
          }
          return total == 0 ? -1 : total;
        }

        @Override
        public void close() throws IOException {
          channel.close();
        }
      };
    }

    static Source of(InputStream in) {
      return new Source() {
        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
          int n = in.readNBytes(target, offset, length);
          return n == 0 && length > 0 ? -1 : n;
        }

        @Override
        public void close() throws IOException {
          in.close();
        }
      };
    }
  }
}
