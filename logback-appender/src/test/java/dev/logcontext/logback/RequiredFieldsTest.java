package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.ScopeChecks;
import dev.logcontext.concurrent.ContextExecutors;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The encoder's {@code requiredFields} diagnostic, configured from XML. */
class RequiredFieldsTest {
  private static final Logger log = LoggerFactory.getLogger("com.example.OrderService");

  @TempDir Path dir;
  private LoggerContext context;

  @AfterEach
  void stopLogback() {
    ScopeChecks.setStrict(false);
    if (context != null) {
      LogbackConfigs.stop(context);
    }
    assertThat(LogContext.capture().isEmpty()).as("test left context behind").isTrue();
  }

  private List<Status> warnings() {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getLevel() == Status.WARN)
        .toList();
  }

  @Test
  void aLineFromAnUnwrappedPoolIsFlaggedAndReportedOnceWithTheSubmittingStack() throws Exception {
    Path file = dir.resolve("required.json");
    context = LogbackConfigs.load("json-required-fields.xml", file);
    ScopeChecks.setStrict(true);
    ExecutorService unwrapped = Executors.newSingleThreadExecutor();
    ExecutorService wrapped = ContextExecutors.propagating(Executors.newSingleThreadExecutor());
    try (Scope request = LogContext.with("correlation_id", "c-1")) {
      log.info("on the request thread");
      submitFromTheRequest(unwrapped);
      for (int i = 0; i < 4; i++) {
        wrapped.submit(() -> log.info("on a propagating pool")).get();
      }
    } finally {
      unwrapped.shutdown();
      wrapped.shutdown();
      assertThat(unwrapped.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(wrapped.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    List<Status> warnings = warnings();
    LogbackConfigs.stop(context);
    context = null;

    List<Map<String, Object>> lines = JsonLines.read(file);
    assertThat(lines).hasSize(10);
    for (Map<String, Object> line : lines) {
      if ("lost".equals(line.get("message"))) {
        assertThat(line)
            .doesNotContainKey("correlation_id")
            .containsEntry("context_missing", List.of("correlation_id"));
      } else {
        assertThat(line)
            .containsEntry("correlation_id", "c-1")
            .doesNotContainKey("context_missing");
      }
    }
    assertThat(lines).filteredOn(l -> "lost".equals(l.get("message"))).hasSize(5);
    assertThat(warnings).as("one report for five lines of one logger and thread").hasSize(1);
    Status report = warnings.get(0);
    assertThat(report.getMessage())
        .contains("[correlation_id]", "com.example.OrderService", "pool-");
    Throwable logged = report.getThrowable();
    assertThat(logged.getStackTrace())
        .as("the stack of the logging call")
        .anyMatch(frame -> frame.getMethodName().contains("lambda$submitFromTheRequest"));
    assertThat(logged.getCause()).as("strict mode: where the thread was created").isNotNull();
    assertThat(logged.getCause().getStackTrace())
        .as("the submitting stack")
        .anyMatch(frame -> frame.getMethodName().equals("submitFromTheRequest"));
  }

  private static void submitFromTheRequest(ExecutorService unwrapped) throws Exception {
    for (int i = 0; i < 5; i++) {
      unwrapped.submit(() -> log.info("lost")).get();
    }
  }

  @Test
  void withoutTheOptionNothingIsFlagged() throws Exception {
    Path file = dir.resolve("plain.json");
    context = LogbackConfigs.load("json-async.xml", file);
    log.info("no context");
    LogbackConfigs.stop(context);
    context = null;
    assertThat(JsonLines.read(file).get(0)).doesNotContainKey("context_missing");
  }
}
