package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Runs in a JVM where Logback's own SLF4J provider was selected (see the module's POM). */
class FallbackInstallTest {
  @TempDir Path dir;

  @Test
  void installingIntoARunningLogbackMakesEventsCaptureLogContextFields() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(context.getMDCAdapter())
        .as("precondition: Logback's own adapter")
        .isExactlyInstanceOf(LogbackMDCAdapter.class);
    MDC.put("before_install", "carried");
    context.getStatusManager().clear();

    assertThat(LogContextMdc.install(context)).isNull();

    assertThat(context.getStatusManager().getCopyOfStatusList())
        .as("no status: a warning would make Logback print its whole status log on the console")
        .isEmpty();

    assertThat(context.getMDCAdapter()).isInstanceOf(LogContextMDCAdapter.class);
    assertThat(MDC.getMDCAdapter()).isSameAs(context.getMDCAdapter());
    assertThat(LogContext.get("before_install")).isEqualTo("carried");
    MDC.clear();

    Path file = dir.resolve("fallback.log");
    LogbackConfigs.load("async-text.xml", file);
    Logger log = LoggerFactory.getLogger(FallbackInstallTest.class);
    try (Scope scope = LogContext.with("request_id", "r1")) {
      log.info("one");
    }
    LogbackConfigs.stop(context);
    assertThat(Files.readAllLines(file)).containsExactly("r1|r1||one|{request_id=r1}");
    assertThat(LogContextMdc.install(context)).as("installing twice is harmless").isNull();
  }
}
