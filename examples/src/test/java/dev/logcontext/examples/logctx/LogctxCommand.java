package dev.logcontext.examples.logctx;

import java.io.PrintStream;

/** Runs {@code logctx} in-process for tests in other packages, as its {@code main} would. */
public final class LogctxCommand {
  private LogctxCommand() {}

  /** Runs the tool with {@code args}; returns its exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Logctx.run(args, out, err);
  }
}
