package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.EventFields;
import java.nio.file.Path;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in the JVM with Log4j's own ThreadContextMap: the source's fields reach events through
 * {@link LogContextDataProvider} alone, asked on the thread that logged.
 */
class ProviderOnlyEventFieldsTest {
  @TempDir Path dir;

  @Test
  void theProviderAddsTheSourceFieldsBehindTheAsyncAppender() throws Exception {
    assertThat(LogContextDataProvider.bridged()).isFalse();
    Path file = dir.resolve("provider-only-traced.log");
    try (EventFields.Registration registration = TracedLoad.installTracer()) {
      LoggerContext context = Log4jConfigs.start("log4j2-async-appender.xml", file);
      int expected = TracedLoad.run(context.getLogger("com.example.Traced"));
      Log4jConfigs.stop(context);
      TracedLoad.check(JsonLines.read(file), expected, true);
    }
  }
}
