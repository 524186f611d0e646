package dev.logcontext.logctx;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The matching events of one file, in file order. A plain file is searched where it is mapped into
 * memory; a large one is cut at line breaks into segments scanned in parallel, each by its own
 * thread into a bounded queue that is read in order, so memory stays bounded (a read buffer and up
 * to {@value #QUEUE} events per segment) and output is the same as from one sequential pass. Not
 * thread-safe: one consumer.
 */
final class FileEvents implements Closeable {
  /** Plain files smaller than this are scanned in one piece. */
  static final long MIN_SEGMENT = 64L << 20;

  private static final int QUEUE = 1024;

  /**
   * How many matching events are held to put a file's events in time order: writers on several
   * threads (or an asynchronous appender) can write an event shortly after a later one. Bounded, so
   * memory stays constant; disorder beyond it is counted and shown in file order.
   */
  static final int REORDER_WINDOW = 4096;

  private final PriorityQueue<LogEvent> window =
      new PriorityQueue<>(
          Comparator.comparingLong(LogEvent::sortNanos).thenComparingLong(LogEvent::sequence));

  private long lastRead = Long.MIN_VALUE;

  private final List<Segment> segments;
  final int index;
  final String name;
  private int current;
  private long sequence;
  private long lastNanos = Long.MIN_VALUE;
  long outOfOrder;

  private FileEvents(List<Segment> segments, int index, String name) {
    this.segments = segments;
    this.index = index;
    this.name = name;
  }

  /**
   * Opens {@code path} ("-" for standard input), cut into up to {@code maxSegments} segments of at
   * least {@code minSegment} bytes, read by background threads when {@code background}.
   */
  static FileEvents open(
      Path path,
      int index,
      String name,
      String id,
      List<String> fields,
      int maxSegments,
      long minSegment,
      boolean background)
      throws IOException {
    List<Segment> segments = new ArrayList<>();
    try {
      long[] bounds =
          path.toString().equals("-") || !Files.isRegularFile(path)
              ? null
              : bounds(path, maxSegments, minSegment);
      if (bounds == null) {
        segments.add(scan(LineScanner.open(path, search(id)), id, fields, index, name));
      } else {
        for (int i = 0; i + 1 < bounds.length; i++) {
          if (bounds[i] < bounds[i + 1]) {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            segments.add(
                scan(
                    new MappedLineScanner(channel, bounds[i], bounds[i + 1], search(id)),
                    id,
                    fields,
                    index,
                    name));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      for (Segment segment : segments) {
        segment.close();
      }
      throw e;
    }
    if (background) {
      List<Segment> started = new ArrayList<>();
      for (Segment segment : segments) {
        started.add(new BackgroundSegment(segment, name));
      }
      segments = started;
    }
    return new FileEvents(segments, index, name);
  }

  private static ByteSearch search(String id) {
    return new ByteSearch(Trace.searchBytes(id));
  }

  /**
   * Returns the boundaries of the segments of a plain regular file, at line starts (one segment for
   * a file smaller than two minimum segments), or null for a gzip file, which is read as a stream.
   */
  private static long[] bounds(Path path, int maxSegments, long minSegment) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      if (LineScanner.isGzip(channel)) {
        return null;
      }
      long size = channel.size();
      int count = (int) Math.max(1, Math.min(maxSegments, size / minSegment));
      long[] bounds = new long[count + 1];
      for (int i = 1; i < count; i++) {
        bounds[i] = LineScanner.nextLineStart(channel, size / count * i, size);
      }
      bounds[count] = size;
      return bounds;
    }
  }

  private static Segment scan(
      CandidateLines scanner, String id, List<String> fields, int index, String name) {
    return new ScannedSegment(scanner, new EventParser(fields, id), index, name);
  }

  /** Returns the next matching event in time order (within the reorder window), or null. */
  LogEvent next() throws IOException {
    while (window.size() < REORDER_WINDOW) {
      LogEvent event = read();
      if (event == null) {
        break;
      }
      long own = event.epochNanos();
      if (own != Long.MIN_VALUE) {
        lastRead = own;
      }
      // An event without a time sorts at the time of the event read before it.
      window.add(event.placed(own == Long.MIN_VALUE ? lastRead : own, sequence++));
    }
    LogEvent next = window.poll();
    return next == null ? null : place(next);
  }

  private LogEvent read() throws IOException {
    while (current < segments.size()) {
      LogEvent event = segments.get(current).next();
      if (event != null) {
        return event;
      }
      current++;
    }
    return null;
  }

  /**
   * Keeps the file's order in the merge: an event earlier than the one emitted before it (out of
   * place by more than the reorder window) is counted and merged at the time of that one.
   */
  private LogEvent place(LogEvent event) {
    long at = event.sortNanos();
    if (at < lastNanos) {
      outOfOrder++;
      return event.placed(lastNanos, event.sequence());
    }
    lastNanos = at;
    return event;
  }

  /** Lines containing the id that were not one JSON object; complete once next() returned null. */
  long malformed() {
    long total = 0;
    for (Segment segment : segments) {
      total += segment.malformed();
    }
    return total;
  }

  @Override
  public void close() {
    for (Segment segment : segments) {
      segment.close();
    }
  }

  /** A source of matching events in order. */
  private interface Segment {
    LogEvent next() throws IOException;

    long malformed();

    void close();
  }

  /** Scans and parses on the calling thread. */
  private static final class ScannedSegment implements Segment {
    private final CandidateLines scanner;
    private final EventParser parser;
    private final int index;
    private final String name;
    private volatile long malformed;

    ScannedSegment(CandidateLines scanner, EventParser parser, int index, String name) {
      this.scanner = scanner;
      this.parser = parser;
      this.index = index;
      this.name = name;
    }

    @Override
    public LogEvent next() throws IOException {
      while (scanner.next()) {
        byte[] buffer = scanner.buffer();
        int start = scanner.lineStart();
        int end = scanner.lineEnd();
        switch (parser.parse(buffer, start, end)) {
          case MALFORMED -> malformed++;
          case NO_MATCH -> {}
          case MATCH -> {
            return parser.event(buffer, start, end, index, 0, name);
          }
        }
      }
      return null;
    }

    @Override
    public long malformed() {
      return malformed;
    }

    @Override
    public void close() {
      try {
        scanner.close();
      } catch (IOException e) {
        // nothing more to read from it
      }
    }
  }

  /** Runs a segment on its own daemon thread, handing events over through a bounded queue. */
  private static final class BackgroundSegment implements Segment {
    private static final Object END = new Object();

    private final Segment inner;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private boolean done;

    BackgroundSegment(Segment inner, String name) {
      this.inner = inner;
      this.thread = new Thread(this::produce, "logctx-scan-" + name);
      thread.setDaemon(true);
      thread.start();
    }

    private void produce() {
      try {
        try {
          LogEvent event;
          while ((event = inner.next()) != null) {
            queue.put(event);
          }
          queue.put(END);
        } catch (IOException | RuntimeException e) {
          queue.put(e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // closed: stop quietly
      }
    }

    @Override
    public LogEvent next() throws IOException {
      if (done) {
        return null;
      }
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (item == END) {
        done = true;
        return null;
      }
      if (item instanceof IOException e) {
        done = true;
        throw e;
      }
      if (item instanceof RuntimeException e) {
        done = true;
        throw e;
      }
      return (LogEvent) item;
    }

    @Override
    public long malformed() {
      return inner.malformed();
    }

    @Override
    public void close() {
      thread.interrupt();
      inner.close();
    }
  }
}
