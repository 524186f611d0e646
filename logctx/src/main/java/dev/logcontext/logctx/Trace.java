package dev.logcontext.logctx;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * {@code logctx trace}: every event whose id field equals the id, from all files, merged by time.
 *
 * <p>Each file is a stream of its matching events, read on demand; a k-way merge always prints the
 * earliest head. Memory is one read buffer and a bounded reorder window of matching events per file
 * ({@link FileEvents#REORDER_WINDOW}), whatever the files' sizes: events that concurrent threads or
 * an asynchronous appender wrote slightly out of time order are put back in order. Where a file
 * goes back in time by more than the window, its events come out in the file's own order, the merge
 * stays approximate around them, and a note on stderr says how many events were out of order. An
 * event without a readable timestamp takes the time of the file's previous matching event (or sorts
 * first).
 */
final class Trace {
  /** Above this many scanning threads, files are read on the main thread instead. */
  private static final int MAX_THREADS = 32;

  private final String id;
  private final List<String> fields;
  private final PrintStream out;
  private final PrintStream err;
  private final Timeline timeline;

  private final int maxSegments;
  private final long minSegment;

  Trace(String id, List<String> fields, boolean json, PrintStream out, PrintStream err) {
    this(id, fields, json, out, err, 0, FileEvents.MIN_SEGMENT);
  }

  /**
   * A trace cutting files into up to {@code maxSegments} segments (0: as many as processors) of at
   * least {@code minSegment} bytes.
   */
  Trace(
      String id,
      List<String> fields,
      boolean json,
      PrintStream out,
      PrintStream err,
      int maxSegments,
      long minSegment) {
    this.maxSegments = maxSegments;
    this.minSegment = minSegment;
    this.id = id;
    this.fields = fields;
    this.out = out;
    this.err = err;
    this.timeline = new Timeline(id, fields, json, out);
  }

  /** The next event of one file, waiting in the merge. */
  private record Head(LogEvent event, FileEvents file) {}

  /**
   * Runs the trace over {@code paths}; returns the exit status: 0 when something matched, 1 when
   * nothing did, 2 when a file could not be read.
   */
  int run(List<Path> paths) {
    List<FileEvents> files = new ArrayList<>();
    boolean failed = false;
    PriorityQueue<Head> heads =
        new PriorityQueue<>(
            Comparator.<Head>comparingLong(h -> h.event().sortNanos())
                .thenComparingInt(h -> h.event().fileIndex())
                .thenComparingLong(h -> h.event().sequence()));
    int cpus = Runtime.getRuntime().availableProcessors();
    int segmentsPerFile =
        maxSegments > 0 ? maxSegments : Math.max(1, cpus / Math.max(1, paths.size()));
    boolean background = paths.size() * segmentsPerFile <= MAX_THREADS && cpus > 1;
    for (int i = 0; i < paths.size(); i++) {
      Path path = paths.get(i);
      try {
        FileEvents file =
            FileEvents.open(
                path, i, displayName(path), id, fields, segmentsPerFile, minSegment, background);
        files.add(file);
        LogEvent first = file.next();
        if (first != null) {
          heads.add(new Head(first, file));
        }
      } catch (IOException | RuntimeException e) {
        err.println("logctx: " + path + ": " + describe(e));
        failed = true;
      }
    }
    long printed = 0;
    while (!heads.isEmpty() && !out.checkError()) {
      Head head = heads.poll();
      LogEvent event = head.event();
      FileEvents file = head.file();
      timeline.print(event);
      printed++;
      try {
        LogEvent next = file.next();
        if (next != null) {
          heads.add(new Head(next, file));
        }
      } catch (IOException | RuntimeException e) {
        err.println("logctx: " + file.name + ": " + describe(e));
        failed = true;
      }
    }
    out.flush();
    for (FileEvents file : files) {
      file.close();
      long malformed = file.malformed();
      if (malformed > 0) {
        err.println(
            "logctx: "
                + file.name
                + ": "
                + malformed
                + " malformed line"
                + (malformed == 1 ? "" : "s")
                + " containing the id skipped (not one JSON object)");
      }
      if (file.outOfOrder > 0) {
        err.println(
            "logctx: "
                + file.name
                + ": "
                + file.outOfOrder
                + " event"
                + (file.outOfOrder == 1 ? " was" : "s were")
                + " earlier than the one before in the file; shown in file order");
      }
    }
    if (failed) {
      return 2;
    }
    return printed > 0 ? 0 : 1;
  }

  private static String describe(Exception e) {
    return e instanceof java.nio.file.NoSuchFileException
        ? "no such file"
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /**
   * Returns the bytes to search for: the id as a JSON encoder writes it inside a string, UTF-8,
   * with {@code "} and {@code \} and control characters escaped.
   */
  static byte[] searchBytes(String id) {
    StringBuilder escaped = new StringBuilder(id.length());
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '"' || c == '\\') {
        escaped.append('\\').append(c);
      } else if (c < 0x20) {
        escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String displayName(Path path) {
    Path name = path.getFileName();
    return name == null ? path.toString() : name.toString();
  }
}
