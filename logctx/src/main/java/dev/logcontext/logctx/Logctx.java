package dev.logcontext.logctx;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code logctx}: follow one request through JSON log files.
 *
 * <pre>
 * logctx trace [--field NAME]... [--json] [--] ID FILE...
 * </pre>
 *
 * <p>Prints every event whose {@code correlation_id} or {@code request_id} (or, with {@code
 * --field}, one of the given fields; nested fields by dotted name) equals ID, from all files,
 * merged in {@code @timestamp} order, as a timeline: offset from the first event, service (field
 * {@code service} or {@code service.name}, else the file name), thread, level, message and the
 * other fields as {@code k=v}. With {@code --json} the matching lines are printed unchanged. Files
 * may be gzip-compressed; {@code -} reads standard input.
 *
 * <p>Exit status: 0 when an event matched, 1 when none did, 2 on a usage error or when a file could
 * not be read.
 */
public final class Logctx {
  static final String USAGE =
      String.join(
          "\n",
          "usage: logctx trace [--field NAME]... [--json] [--] ID FILE...",
          "",
          "Prints every JSON log event whose correlation_id or request_id equals ID,",
          "from all FILEs (gzip is read transparently, - is standard input), merged",
          "in @timestamp order, as a timeline.",
          "",
          "  --field NAME   match NAME instead (repeatable; nested fields as a.b.c)",
          "  --json         print the matching lines unchanged",
          "  -h, --help     show this help",
          "",
          "Exit status: 0 matched, 1 nothing matched, 2 usage error or unreadable file.");

  private Logctx() {}

  /** Runs the tool and exits with its status. */
  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int status = run(args, out, err);
    out.flush();
    System.exit(status);
  }

  /**
   * Runs the tool in-process, as {@link #main} does without exiting: writes to {@code out} and
   * {@code err} and returns the exit status. Bad arguments give status 2 and a message on {@code
   * err}, never an exception. Thread-safe: each call has its own state.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      out.println(USAGE);
      out.flush();
      return 0;
    }
    if (args.length == 0 || !args[0].equals("trace")) {
      return usage(err, args.length == 0 ? "missing command" : "unknown command: " + args[0]);
    }
    List<String> fields = new ArrayList<>();
    List<String> operands = new ArrayList<>();
    boolean json = false;
    boolean optionsDone = false;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (optionsDone || !arg.startsWith("--") && !(arg.startsWith("-") && arg.length() > 1)) {
        operands.add(arg);
      } else if (arg.equals("--")) {
        optionsDone = true;
      } else if (arg.equals("--json")) {
        json = true;
      } else if (arg.equals("--field")) {
        if (i + 1 >= args.length || args[i + 1].isEmpty()) {
          return usage(err, "--field needs a field name");
        }
        fields.add(args[++i]);
      } else if (arg.startsWith("--field=") && arg.length() > "--field=".length()) {
        fields.add(arg.substring("--field=".length()));
      } else if (arg.equals("-h") || arg.equals("--help")) {
        out.println(USAGE);
        out.flush();
        return 0;
      } else {
        return usage(err, "unknown option: " + arg);
      }
    }
    if (operands.isEmpty()) {
      return usage(err, "missing ID");
    }
    String id = operands.get(0);
    if (id.isEmpty()) {
      return usage(err, "the ID must not be empty");
    }
    if (operands.size() < 2) {
      return usage(err, "missing FILE");
    }
    if (fields.isEmpty()) {
      fields.add("correlation_id");
      fields.add("request_id");
    }
    List<Path> paths = new ArrayList<>();
    for (String operand : operands.subList(1, operands.size())) {
      paths.add(Path.of(operand));
    }
    return new Trace(id, List.copyOf(fields), json, out, err).run(paths);
  }

  private static int usage(PrintStream err, String problem) {
    err.println("logctx: " + problem);
    err.println(USAGE);
    return 2;
  }
}
