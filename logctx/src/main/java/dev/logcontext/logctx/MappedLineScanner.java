package dev.logcontext.logctx;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * {@link CandidateLines} of a byte range of a plain file, searched where the file is mapped into
 * memory: no copy of the file's bytes is made, only of the candidate lines. The range is mapped in
 * windows of up to 256 MiB that end at line breaks.
 */
final class MappedLineScanner implements CandidateLines {
  private static final long WINDOW = 256L << 20;

  private final FileChannel channel;
  private final ByteSearch search;
  private final long end;
  private long windowStart;
  private MappedByteBuffer window;
  private int windowLength;
  private int position;
  private byte[] line = new byte[1 << 12];
  private int lineLength;

  /** Scans {@code [start, end)} of {@code channel}; start must be a line start. */
  MappedLineScanner(FileChannel channel, long start, long end, ByteSearch search) {
    this.channel = channel;
    this.search = search;
    this.end = end;
    this.windowStart = start;
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      if (window != null) {
        int hit = search.indexOf(window, position, windowLength);
        if (hit >= 0) {
          int start = hit;
          while (start > position && window.get(start - 1) != '\n') {
            start--;
          }
          int stop = hit + search.length();
          while (stop < windowLength && window.get(stop) != '\n') {
            stop++;
          }
          position = stop + 1;
          if (stop > start && window.get(stop - 1) == '\r') {
            stop--;
          }
          copyLine(start, stop);
          return true;
        }
        windowStart += windowLength;
        window = null;
      }
      if (windowStart >= end) {
        return false;
      }
      map();
    }
  }

  private void map() throws IOException {
    long length = Math.min(WINDOW, end - windowStart);
    MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, windowStart, length);
    int usable = (int) length;
    if (windowStart + length < end) {
      while (usable > 0 && mapped.get(usable - 1) != '\n') {
        usable--;
      }
      if (usable == 0) {
        throw new IOException("a line longer than " + WINDOW + " bytes");
      }
    }
    window = mapped;
    windowLength = usable;
    position = 0;
  }

  private void copyLine(int start, int stop) {
    lineLength = stop - start;
    if (line.length < lineLength) {
      line = new byte[Math.max(lineLength, line.length * 2)];
    }
    window.get(start, line, 0, lineLength);
  }

  @Override
  public byte[] buffer() {
    return line;
  }

  @Override
  public int lineStart() {
    return 0;
  }

  @Override
  public int lineEnd() {
    return lineLength;
  }

  @Override
  public void close() throws IOException {
    window = null;
    channel.close();
  }
}
