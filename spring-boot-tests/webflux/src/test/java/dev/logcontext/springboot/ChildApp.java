package dev.logcontext.springboot;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A main class running in a JVM of its own, its standard output and error kept in files. */
final class ChildApp implements AutoCloseable {
  /** What a stopped child printed. */
  record Output(int exitCode, String stdout, String stderr) {}

  private static final Pattern PORT = Pattern.compile("Netty started on port (\\d+)");

  private final Process process;
  private final Path out;
  private final Path err;

  private ChildApp(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code mainClass} with {@link #logbackClassPath}, {@code jvmOptions} and {@code args}. */
  static ChildApp start(Path dir, List<String> jvmOptions, Class<?> mainClass, List<String> args)
      throws IOException {
    return start(dir, logbackClassPath(), jvmOptions, mainClass, args);
  }

  /**
   * The test class path without Log4j2's SLF4J provider (there for the Log4j2 runs): a Logback
   * application has one provider, and SLF4J says nothing on standard error.
   */
  static List<String> logbackClassPath() {
    return testClassPath().stream().filter(entry -> !entry.contains("log4j-slf4j2-impl")).toList();
  }

  /** Starts {@code mainClass} with {@code classPath}, {@code jvmOptions} and {@code args}. */
  static ChildApp start(
      Path dir, List<String> classPath, List<String> jvmOptions, Class<?> mainClass, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.addAll(jvmOptions);
    command.add(mainClass.getName());
    command.addAll(args);
    Files.createDirectories(dir);
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    process.getOutputStream().close();
    return new ChildApp(process, out, err);
  }

  /** Waits (at most two minutes) for the line saying which port Netty listens on. */
  int awaitPort() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      Matcher matcher = PORT.matcher(Files.readString(out, StandardCharsets.UTF_8));
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "the application ended before it listened: "
                + Files.readString(err, StandardCharsets.UTF_8)
                + Files.readString(out, StandardCharsets.UTF_8));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the application did not listen within two minutes");
  }

  /** Waits (at most two minutes) for the child to end by itself, and returns what it printed. */
  Output awaitExit() throws IOException, InterruptedException {
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the child JVM did not end");
    }
    return output();
  }

  /** Stops the child as a service manager would (SIGTERM: Boot's shutdown hook runs). */
  Output stop() throws IOException, InterruptedException {
    process.destroy();
    return awaitExit();
  }

  private Output output() throws IOException {
    return new Output(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }

  /** The class path the tests run with (Surefire passes it in a property of its own). */
  static List<String> testClassPath() {
    String path =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(path.split(File.pathSeparator));
  }

  /**
   * The JVM options of every child: only a smaller stack and quicker start-up. No {@code
   * -Dslf4j.provider}: the module's listener makes LogContext the MDC from Boot's first line.
   */
  static List<String> jvmOptions() {
    return List.of("-Xss512k", "-XX:TieredStopAtLevel=1");
  }
}
