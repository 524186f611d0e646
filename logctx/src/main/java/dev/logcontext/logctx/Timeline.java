package dev.logcontext.logctx;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prints matching events one after the other, the same way whether they come from files or from a
 * cluster: as timeline lines (offset from the first event, service, thread, level, message, the
 * other fields as {@code k=v}; control characters escaped) or, with {@code --json}, the lines
 * unchanged. Not thread-safe (one per trace).
 */
final class Timeline {
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

  private final String id;
  private final List<String> fields;
  private final boolean json;
  private final PrintStream out;
  private long firstNanos = Long.MIN_VALUE;

  Timeline(String id, List<String> fields, boolean json, PrintStream out) {
    this.id = id;
    this.fields = fields;
    this.json = json;
    this.out = out;
  }

  /** Prints {@code event}; offsets are from the first event printed. */
  void print(LogEvent event) {
    if (firstNanos == Long.MIN_VALUE) {
      firstNanos = event.epochNanos();
    }
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
