package dev.logcontext.examples.demo;

import java.io.PrintStream;

/**
 * The demo's entry point: {@code java -jar examples/target/logging-context-demo.jar [--requests N]
 * [--log-dir DIR] [--serve]}. See {@link DemoOptions#USAGE}.
 */
public final class DemoMain {
  /** The SLF4J provider that makes LogContext the MDC of SLF4J and Logback. */
  static final String PROVIDER = "dev.logcontext.logback.LogContextServiceProvider";

  private DemoMain() {}

  /** Runs the demo and exits with its status. */
  public static void main(String[] args) {
    // What -Dslf4j.provider=dev.logcontext.logback.LogContextServiceProvider does on the command
    // line. It must happen before anything touches SLF4J, which picks its provider once, at the
    // first LoggerFactory call. (Without it the encoder installs LogContext as Logback's MDC
    // when it starts, as the tour's programs show; the property makes it so from the first call.)
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", PROVIDER);
      // SLF4J announces an explicitly chosen provider on stderr; keep the output to the summary.
      if (System.getProperty("slf4j.internal.verbosity") == null) {
        System.setProperty("slf4j.internal.verbosity", "WARN");
      }
    }
    System.exit(run(args, System.out, System.err));
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
