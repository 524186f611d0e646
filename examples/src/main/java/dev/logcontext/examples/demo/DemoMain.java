package dev.logcontext.examples.demo;

import java.io.PrintStream;

/**
 * The demo's entry point: {@code java -jar examples/target/logging-context-demo.jar [--requests N]
 * [--log-dir DIR] [--preset P] [--backend B] [--serve]}. See {@link DemoOptions#USAGE}.
 */
public final class DemoMain {
  /** The SLF4J provider that makes LogContext the MDC of SLF4J and Logback. */
  static final String PROVIDER = "dev.logcontext.logback.LogContextServiceProvider";

  /** Log4j2's SLF4J provider, for {@code --backend log4j2}. */
  static final String LOG4J2_PROVIDER = "org.apache.logging.slf4j.SLF4JServiceProvider";

  private DemoMain() {}

  /** Runs the demo and exits with its status. */
  public static void main(String[] args) {
    // What -Dslf4j.provider=dev.logcontext.logback.LogContextServiceProvider does on the command
    // line. It must happen before anything touches SLF4J, which picks its provider once, at the
    // first LoggerFactory call. (Without it the encoder installs LogContext as Logback's MDC
    // when it starts, as the tour's programs show; the property makes it so from the first call.)
    // With --backend log4j2, Log4j2's provider instead (a usage error is reported by run).
    if (System.getProperty("slf4j.provider") == null) {
      boolean log4j2;
      try {
        log4j2 = DemoOptions.parse(args).backend() == DemoOptions.Backend.LOG4J2;
      } catch (IllegalArgumentException e) {
        log4j2 = false;
      }
      System.setProperty("slf4j.provider", log4j2 ? LOG4J2_PROVIDER : PROVIDER);
      if (log4j2) {
        // Log4j2 loads the demo's configuration from the start (no default one announced on
        // stderr), and the demo, not Log4j2's own shutdown hook, closes the files at Ctrl-C.
        setIfAbsent("log4j2.configurationFile", DemoLogging.LOG4J2_CONFIGURATION.substring(1));
        setIfAbsent("log4j2.shutdownHookEnabled", "false");
      }
      // SLF4J announces an explicitly chosen provider on stderr; keep the output to the summary.
      setIfAbsent("slf4j.internal.verbosity", "WARN");
    }
    System.exit(run(args, System.out, System.err));
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * Runs the demo with {@code args}, printing to {@code out} and {@code err}; returns the status.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("demo: " + e.getMessage());
      err.println(DemoOptions.USAGE);
      return 2;
    }
    if (options.help()) {
      out.println(DemoOptions.USAGE);
      return 0;
    }
    try {
      if (options.serve()) {
        Demo.serve(options, out);
        return 0;
      }
      DemoReport report = Demo.run(options);
      report.print(out);
      out.flush();
      return report.exitStatus();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("demo: interrupted");
      return 1;
    } catch (Exception e) {
      err.println("demo: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }
}
