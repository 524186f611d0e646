package dev.logcontext.examples.demo;

import java.nio.file.Path;

/**
 * The demo's command line: {@code [--requests N] [--log-dir DIR] [--preset P] [--backend B]
 * [--serve]}.
 *
 * @param requests how many requests the burst sends, 1 to 100000 (default 50)
 * @param logDirectory where the services write their JSON files (default {@code logs})
 * @param preset the encoder's field-name preset, {@code logstash} (default) or {@code ecs}
 * @param backend the logging backend that writes the files (default Logback)
 * @param serve keep the services running until Ctrl-C instead of sending a burst
 * @param help print the usage and exit
 */
record DemoOptions(
    int requests, Path logDirectory, String preset, Backend backend, boolean serve, boolean help) {
  /** The logging backends the demo can write its files with. */
  enum Backend {
    /** Logback with {@code LogContextJsonEncoder}, from {@code demo/logback.xml}. */
    LOGBACK,
    /** Log4j2 with {@code LogContextJsonLayout}, from {@code demo/log4j2.xml}. */
    LOG4J2
  }

  static final String DEFAULT_PRESET = "logstash";

  static final int DEFAULT_REQUESTS = 50;
  static final int MAX_REQUESTS = 100_000;

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar logging-context-demo.jar [--requests N] [--log-dir DIR]",
          "                                         [--preset P] [--backend B] [--serve]",
          "",
          "Starts two services, gateway and inventory, on loopback ports, sends a burst of",
          "concurrent requests through them, and checks that every line they logged to",
          "DIR/gateway.json and DIR/inventory.json carries a correlation id.",
          "",
          "  --requests N   requests in the burst, 1 to " + MAX_REQUESTS + " (default 50)",
          "  --log-dir DIR  directory for the JSON log files (default logs); files of an",
          "                 earlier run are replaced",
          "  --preset P     field names of the JSON lines: logstash (default) or ecs",
          "  --backend B    logging backend that writes them: logback (default, the",
          "                 encoder) or log4j2 (the layout)",
          "  --serve        no burst: keep the services running and print their ports",
          "                 until Ctrl-C",
          "  -h, --help     show this help",
          "",
          "Exit status: 0 when every request was answered as expected and every line has a",
          "correlation id, 1 otherwise, 2 on a usage error.");

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException naming the bad or unknown argument
   */
  static DemoOptions parse(String... args) {
    int requests = DEFAULT_REQUESTS;
    Path logDirectory = Path.of("logs");
    String preset = DEFAULT_PRESET;
    Backend backend = Backend.LOGBACK;
    boolean serve = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        value = arg.substring(equals + 1);
        arg = arg.substring(0, equals);
      }
      switch (arg) {
        case "-h", "--help" -> {
          return new DemoOptions(requests, logDirectory, preset, backend, serve, true);
        }
        case "--serve" -> serve = true;
        case "--requests" -> {
          String number = value != null ? value : next(args, ++i, arg);
          try {
            requests = Integer.parseInt(number);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--requests needs a whole number, not " + number);
          }
          if (requests < 1 || requests > MAX_REQUESTS) {
            throw new IllegalArgumentException(
                "--requests must be 1 to " + MAX_REQUESTS + ", was " + requests);
          }
        }
        case "--log-dir" -> {
          String directory = value != null ? value : next(args, ++i, arg);
          if (directory.isEmpty()) {
            throw new IllegalArgumentException("--log-dir needs a directory");
          }
          logDirectory = Path.of(directory);
        }
        case "--preset" -> {
          preset = value != null ? value : next(args, ++i, arg);
          if (!preset.equals("logstash") && !preset.equals("ecs")) {
            throw new IllegalArgumentException(
                "--preset must be logstash or ecs, was '" + preset + "'");
          }
        }
        case "--backend" -> {
          String name = value != null ? value : next(args, ++i, arg);
          backend =
              switch (name) {
                case "logback" -> Backend.LOGBACK;
                case "log4j2" -> Backend.LOG4J2;
                default ->
                    throw new IllegalArgumentException(
                        "--backend must be logback or log4j2, was '" + name + "'");
              };
        }
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    return new DemoOptions(requests, logDirectory, preset, backend, serve, false);
  }

  private static String next(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }
}
