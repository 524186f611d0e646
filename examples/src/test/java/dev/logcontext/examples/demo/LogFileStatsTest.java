package dev.logcontext.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileStatsTest {
  @TempDir Path dir;

  @Test
  void linesFlaggedByTheEncoderOrWithoutTheIdCountAsWithoutACorrelationId() throws Exception {
    Path file = dir.resolve("service.json");
    Files.writeString(
        file,
        String.join(
                "\n",
                "{\"message\":\"a\",\"correlation_id\":\"c-1\"}",
                "{\"message\":\"b\",\"context_missing\":[\"correlation_id\"]}",
                "{\"message\":\"c\",\"context_missing\":[\"user_id\"],\"correlation_id\":\"c-2\"}",
                "{\"message\":\"d\"}",
                "{\"message\":")
            + "\n",
        StandardCharsets.UTF_8);
    LogFileStats stats = LogFileStats.scan(file, "c-1");
    assertThat(stats.lines()).isEqualTo(5);
    assertThat(stats.malformed()).isEqualTo(1);
    assertThat(stats.withoutCorrelationId()).isEqualTo(2);
    assertThat(stats.matching()).isEqualTo(1);
  }
}
