package dev.logcontext.boot.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ShopApplication} in a JVM of its own, started with the test class path: its port once it
 * is up, and what it printed once it stopped.
 */
final class BootJvm implements AutoCloseable {
  /** What a stopped JVM printed. */
  record Output(int exitCode, String stdout, String stderr) {}

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final int port;

  private BootJvm(Process process, Path stdout, Path stderr, int port) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.port = port;
  }

  /** Starts the application in {@code dir} with {@code args} and waits until it listens. */
  static BootJvm start(Path dir, List<String> args) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path portFile = dir.resolve("port");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(ShopApplication.class.getName());
    command.add("--shop.port-file=" + portFile);
    command.addAll(args);
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    long giveUpAt = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!Files.exists(portFile)) {
      if (!process.isAlive() || System.nanoTime() > giveUpAt) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            "the application did not start: "
                + Files.readString(err, StandardCharsets.UTF_8)
                + Files.readString(out, StandardCharsets.UTF_8));
      }
      Thread.sleep(100);
    }
    int port = Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).trim());
    return new BootJvm(process, out, err, port);
  }

  /** The application's base URL on loopback. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Ends standard input, which stops the application, and returns what it printed. */
  Output stop() throws IOException, InterruptedException {
    process.getOutputStream().close();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the application did not stop");
    }
    return new Output(
        process.exitValue(),
        Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }

}
