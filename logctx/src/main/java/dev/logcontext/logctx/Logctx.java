package dev.logcontext.logctx;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@code logctx}: follow one request through JSON log files or a log store, and print the index
 * template that keeps the encoders' lines indexable.
 *
 * <pre>
 * logctx trace [--field NAME]... [--json] [--] ID FILE...
 * logctx trace --url URL [--index PATTERN] [--user U --password-env VAR] [--field NAME]... [--json] ID
 * logctx template --preset logstash|ecs [--index-pattern P] [--fields FILE]
 * </pre>
 *
 * <p>{@code trace} prints every event whose {@code correlation_id} or {@code request_id} (or, with
 * {@code --field}, one of the given fields; nested fields by dotted name) equals ID, from all files
 * (or from the cluster at URL), merged in {@code @timestamp} order, as a timeline: offset from the
 * first event, service (field {@code service} or {@code service.name}, else the file or index
 * name), thread, level, message and the other fields as {@code k=v}. With {@code --json} the
 * matching lines are printed unchanged. Files may be gzip-compressed; {@code -} reads standard
 * input. {@code template} prints a composable index template for OpenSearch 2.x and Elasticsearch
 * 8.x (see {@code docs/log-stores.md}).
 *
 * <p>Exit status: 0 when an event matched (or a template was printed), 1 when none did, 2 on a
 * usage error (the message names the option), when a file could not be read or when the cluster
 * answered with an error.
 */
public final class Logctx {
  static final String USAGE =
      String.join(
          "\n",
          "usage: logctx trace [--field NAME]... [--json] [--] ID FILE...",
          "       logctx trace --url URL [--index PATTERN] [--user U --password-env VAR]",
          "                    [--field NAME]... [--json] ID",
          "       logctx template --preset logstash|ecs [--index-pattern P] [--fields FILE]",
          "",
          "trace: prints every JSON log event whose correlation_id or request_id equals ID,",
          "from all FILEs (gzip is read transparently, - is standard input) or from an",
          "OpenSearch/Elasticsearch cluster, merged in @timestamp order, as a timeline.",
          "",
          "  --field NAME          match NAME instead (repeatable; nested fields as a.b.c)",
          "  --json                print the matching lines unchanged",
          "  --url URL             search the cluster at URL (http or https) instead of files",
          "  --index PATTERN       indices to search (default "
              + IndexTemplate.DEFAULT_INDEX_PATTERN
              + ")",
          "  --user U              basic authentication as U, with the password",
          "  --password-env VAR    taken from the environment variable VAR",
          "",
          "template: prints a composable index template for the encoders' lines with",
          "that preset, so that differing JSON types across services cannot get a",
          "document rejected.",
          "",
          "  --preset NAME         logstash or ecs",
          "  --index-pattern P     the indices it applies to (default "
              + IndexTemplate.DEFAULT_INDEX_PATTERN
              + ")",
          "  --fields FILE         fields pinned to a type, name:type per line or",
          "                        comma-separated (keyword, long, double, boolean)",
          "",
          "  -h, --help            show this help",
          "",
          "Exit status: 0 matched, 1 nothing matched, 2 usage error, unreadable file or",
          "error from the cluster.");

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
    return run(args, out, err, System::getenv);
  }

  /**
   * {@link #run(String[], PrintStream, PrintStream)} reading environment variables from {@code
   * env}.
   */
  static int run(String[] args, PrintStream out, PrintStream err, UnaryOperator<String> env) {
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      out.println(USAGE);
      out.flush();
      return 0;
    }
    if (args.length == 0) {
      return usage(err, "missing command");
    }
    Options options = new Options();
    try {
      options.parse(args);
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    if (options.help) {
      out.println(USAGE);
      out.flush();
      return 0;
    }
    return switch (args[0]) {
      case "trace" -> trace(options, out, err, env);
      case "template" -> template(options, out, err);
      default -> usage(err, "unknown command: " + args[0]);
    };
  }

  /** The options of both commands, as given. */
  private static final class Options {
    final List<String> fields = new ArrayList<>();
    final List<String> operands = new ArrayList<>();
    boolean json;
    boolean help;
    String url;
    String index;
    String user;
    String passwordEnv;
    String preset;
    String indexPattern;
    String fieldsFile;

    void parse(String[] args) {
      boolean optionsDone = false;
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        if (optionsDone || !arg.startsWith("--") && !(arg.startsWith("-") && arg.length() > 1)) {
          operands.add(arg);
          continue;
        }
        String name = arg;
        String value = null;
        int equals = arg.indexOf('=');
        if (arg.startsWith("--") && equals > 2) {
          name = arg.substring(0, equals);
          value = arg.substring(equals + 1);
        }
        switch (name) {
          case "--" -> optionsDone = true;
          case "--json" -> json = true;
          case "-h", "--help" -> help = true;
          case "--field" -> fields.add(value(args, name, value, i++));
          case "--url" -> url = value(args, name, value, i++);
          case "--index" -> index = value(args, name, value, i++);
          case "--user" -> user = value(args, name, value, i++);
          case "--password-env" -> passwordEnv = value(args, name, value, i++);
          case "--preset" -> preset = value(args, name, value, i++);
          case "--index-pattern" -> indexPattern = value(args, name, value, i++);
          case "--fields" -> fieldsFile = value(args, name, value, i++);
          default -> throw new IllegalArgumentException("unknown option: " + arg);
        }
        if (value != null) {
          i--; // the value was part of the argument
        }
      }
    }

    private static String value(String[] args, String name, String inline, int i) {
      String value = inline != null ? inline : i + 1 < args.length ? args[i + 1] : null;
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      return value;
    }
  }

  private static int trace(
      Options options, PrintStream out, PrintStream err, UnaryOperator<String> env) {
    if (options.preset != null || options.indexPattern != null || options.fieldsFile != null) {
      return usage(err, "--preset, --index-pattern and --fields belong to logctx template");
    }
    if (options.operands.isEmpty()) {
      return usage(err, "missing ID");
    }
    String id = options.operands.get(0);
    if (id.isEmpty()) {
      return usage(err, "the ID must not be empty");
    }
    List<String> fields = new ArrayList<>(options.fields);
    if (fields.isEmpty()) {
      fields.add("correlation_id");
      fields.add("request_id");
    }
    if (options.url == null) {
      if (options.index != null || options.user != null || options.passwordEnv != null) {
        return usage(err, "--index, --user and --password-env need --url");
      }
      if (options.operands.size() < 2) {
        return usage(err, "missing FILE");
      }
      List<Path> paths = new ArrayList<>();
      for (String operand : options.operands.subList(1, options.operands.size())) {
        paths.add(Path.of(operand));
      }
      return new Trace(id, List.copyOf(fields), options.json, out, err).run(paths);
    }
    if (options.operands.size() > 1) {
      return usage(err, "with --url, no FILE is read (found " + options.operands.get(1) + ")");
    }
    URI base;
    try {
      base = new URI(options.url);
    } catch (URISyntaxException e) {
      return usage(err, "--url is not a URL: " + e.getMessage());
    }
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
      return usage(err, "--url must be http://HOST[:PORT] or https://HOST[:PORT]: " + options.url);
    }
    if (base.getUserInfo() != null) {
      return usage(err, "--url must not hold credentials: use --user and --password-env");
    }
    if ((options.user == null) != (options.passwordEnv == null)) {
      return usage(err, "--user and --password-env go together");
    }
    String password = null;
    if (options.passwordEnv != null) {
      password = env.apply(options.passwordEnv);
      if (password == null) {
        return usage(
            err, "--password-env: the environment variable " + options.passwordEnv + " is not set");
      }
    }
    String index = options.index != null ? options.index : IndexTemplate.DEFAULT_INDEX_PATTERN;
    ClusterTrace.Target target = new ClusterTrace.Target(base, index, options.user, password);
    return new ClusterTrace(target, id, List.copyOf(fields), options.json, out, err).run();
  }

  private static int template(Options options, PrintStream out, PrintStream err) {
    if (!options.fields.isEmpty()
        || options.json
        || options.url != null
        || options.index != null
        || options.user != null
        || options.passwordEnv != null) {
      return usage(err, "template takes only --preset, --index-pattern and --fields");
    }
    if (!options.operands.isEmpty()) {
      return usage(err, "template takes no operand: " + options.operands.get(0));
    }
    if (options.preset == null) {
      return usage(err, "template needs --preset logstash or --preset ecs");
    }
    IndexTemplate.Preset preset;
    switch (options.preset.toLowerCase(Locale.ROOT)) {
      case "logstash" -> preset = IndexTemplate.Preset.LOGSTASH;
      case "ecs" -> preset = IndexTemplate.Preset.ECS;
      default -> {
        return usage(err, "--preset: unknown preset '" + options.preset + "' (logstash or ecs)");
      }
    }
    FieldTypes pinned = FieldTypes.none();
    if (options.fieldsFile != null) {
      String text;
      try {
        text = Files.readString(Path.of(options.fieldsFile), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        err.println("logctx: --fields: " + options.fieldsFile + ": no such file");
        return 2;
      } catch (MalformedInputException e) {
        err.println("logctx: --fields: " + options.fieldsFile + ": not UTF-8 text");
        return 2;
      } catch (IOException e) {
        err.println("logctx: --fields: " + options.fieldsFile + ": " + e.getMessage());
        return 2;
      }
      try {
        pinned = FieldTypes.parse(text, options.fieldsFile);
      } catch (IllegalArgumentException e) {
        err.println("logctx: --fields: " + e.getMessage());
        return 2;
      }
    }
    String pattern =
        options.indexPattern != null ? options.indexPattern : IndexTemplate.DEFAULT_INDEX_PATTERN;
    String template;
    try {
      template = IndexTemplate.render(preset, pattern, pinned);
    } catch (IllegalArgumentException e) {
      err.println("logctx: --fields: " + e.getMessage());
      return 2;
    }
    out.println(template);
    out.flush();
    return 0;
  }

  private static int usage(PrintStream err, String problem) {
    err.println("logctx: " + problem);
    err.println(USAGE);
    return 2;
  }
}
