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
import java.util.Set;

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
  /** Fields left out of the {@code k=v} part of a timeline line, shown in columns or not at all. */
  private static final Set<String> SHOWN_ELSEWHERE =
      Set.of(
          "@timestamp",
          "timestamp",
          "@version",
          "level",
          "log.level",
          "thread_name",
          "process.thread.name",
          "message",
          "service",
          "service.name",
          "logger_name",
          "log.logger",
          "ecs.version",
          "stack_trace",
          "error.stack_trace");

  /** Above this many scanning threads, files are read on the main thread instead. */
  private static final int MAX_THREADS = 32;

  private final String id;
  private final List<String> fields;
  private final boolean json;
  private final PrintStream out;
  private final PrintStream err;

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
    this.json = json;
    this.out = out;
    this.err = err;
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
    long firstNanos = Long.MIN_VALUE;
    while (!heads.isEmpty() && !out.checkError()) {
      Head head = heads.poll();
      LogEvent event = head.event();
      FileEvents file = head.file();
      if (firstNanos == Long.MIN_VALUE) {
        firstNanos = event.epochNanos();
      }
      print(event, firstNanos);
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

  private void print(LogEvent event, long firstNanos) {
    if (json) {
      out.write(event.line(), 0, event.line().length);
      out.write('\n');
      return;
    }
    StringBuilder line = new StringBuilder(160);
    long own = event.epochNanos();
    String offset;
    if (own == Long.MIN_VALUE || firstNanos == Long.MIN_VALUE) {
      offset = "?";
    } else {
      long micros = (own - firstNanos) / 1_000;
      offset =
          String.format(
              Locale.ROOT,
              "%s%d.%03ds",
              micros < 0 ? "-" : "+",
              Math.abs(micros) / 1_000_000,
              Math.abs(micros) / 1_000 % 1_000);
    }
    pad(line, offset, 10);
    String service = event.first("service", "service.name");
    pad(line, clean(service != null ? service : stripExtensions(event.file())), 12);
    pad(line, clean(orDash(event.first("thread_name", "process.thread.name"))), 20);
    pad(line, clean(orDash(event.first("level", "log.level"))), 6);
    line.append(clean(orDash(event.get("message"))));
    for (int i = 0; i < event.names().size(); i++) {
      String name = event.names().get(i);
      if (SHOWN_ELSEWHERE.contains(name) || isTracedField(event, i)) {
        continue;
      }
      line.append("  ")
          .append(clean(name))
          .append('=')
          .append(quoteIfNeeded(event.values().get(i)));
    }
    out.println(line);
    String stack = event.first("stack_trace", "error.stack_trace");
    if (stack != null) {
      for (String frame : stack.split("\r?\n")) {
        out.println("            " + clean(frame));
      }
    }
  }

  private boolean isTracedField(LogEvent event, int index) {
    return fields.contains(event.names().get(index)) && event.values().get(index).equals(id);
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }

  private static String stripExtensions(String file) {
    String name = file;
    for (String ext : List.of(".gz", ".json", ".jsonl", ".ndjson", ".log")) {
      if (name.endsWith(ext) && name.length() > ext.length()) {
        name = name.substring(0, name.length() - ext.length());
      }
    }
    return name;
  }

  private static void pad(StringBuilder line, String value, int width) {
    line.append(value);
    for (int i = value.length(); i < width; i++) {
      line.append(' ');
    }
    line.append(' ');
  }

  /** Escapes control characters, so that a log line cannot drive the terminal. */
  static String clean(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
      if (control && out == null) {
        out = new StringBuilder(value.length() + 8).append(value, 0, i);
      }
      if (out != null) {
        if (control) {
          out.append(
              switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> String.format(Locale.ROOT, "\\u%04x", (int) c);
              });
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? value : out.toString();
  }

  private static String quoteIfNeeded(String value) {
    boolean plain = !value.isEmpty();
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = c > ' ' && c != '"' && c != '=' && c != 0x7f;
    }
    if (plain) {
      return clean(value);
    }
    return '"' + clean(value.replace("\\", "\\\\").replace("\"", "\\\"")) + '"';
  }
}
