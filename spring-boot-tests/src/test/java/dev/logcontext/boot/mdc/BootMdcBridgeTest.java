package dev.logcontext.boot.mdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.logback.LogContextMDCAdapter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the starter and a Logback configuration without LogContext's encoder, and no {@code
 * -Dslf4j.provider}, LogContext is the MDC from Boot's first line on: {@code %X{..}} shows the
 * fields of a scope opened before Spring started on every line, Boot's own included, {@code
 * MDC.put} joins LogContext, and nothing is printed on standard error.
 */
class BootMdcBridgeTest {
  @TempDir Path dir;

  @Test
  void logContextIsTheMdcFromBootsFirstLineWithoutAnyFlag() throws Exception {
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                MdcApplication.class.getName(),
                "--logging.config=classpath:mdc-pattern.xml")
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    process.getOutputStream().close();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the application ended").isTrue();

    assertThat(Files.readString(err, StandardCharsets.UTF_8)).as("standard error").isEmpty();
    assertThat(process.exitValue()).as("exit code").isZero();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).as("Boot's first line").startsWith("start-1||Starting MdcApplication");
    assertThat(lines).as("every line, Boot's own included").allMatch(line -> line.startsWith("start-1|"));
    assertThat(lines)
        .contains("start-1||adapter " + LogContextMDCAdapter.class.getName())
        .contains("start-1|1001|after put, LogContext sees 1001");
  }
}
