package dev.logcontext.logback;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs a main class in a new JVM with this JVM's test class path, and keeps what it printed. */
final class ChildJvm {
  /** The class path the tests run with (Surefire passes it in a property of its own). */
  static List<String> testClassPath() {
    String path =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /**
   * The test class path with the entries that {@code first} accepts moved to the front, in their
   * order, and then the entries that {@code second} accepts.
   */
  static List<String> reordered(
      List<String> classPath, Predicate<String> first, Predicate<String> second) {
    List<String> result = new ArrayList<>();
    classPath.stream().filter(first).forEach(result::add);
    classPath.stream().filter(second.and(first.negate())).forEach(result::add);
    classPath.stream().filter(first.negate().and(second.negate())).forEach(result::add);
    return result;
  }

  /** What a finished child JVM printed. */
  record Result(int exitCode, String stdout, String stderr) {
    List<String> stdoutLines() {
      return stdout.isEmpty() ? List.of() : Arrays.asList(stdout.split("\n", -1));
    }
  }

  private ChildJvm() {}

  /** Runs {@code mainClass} with {@code options} before it; waits at most two minutes. */
  static Result run(Path dir, List<String> classPath, List<String> options, String mainClass)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.addAll(options);
    command.add(mainClass);
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
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("child JVM did not end: " + command);
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
