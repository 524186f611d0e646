package dev.logcontext.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.concurrent.ContextExecutors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Subtasks of a StructuredTaskScope opened with a propagating thread factory (JDK 25, preview). */
class StructuredTaskScopeTest {
  private final ThreadFactory virtualThreads =
      ContextExecutors.propagating(Thread.ofVirtual().name("subtask-", 0).factory());

  @AfterEach
  void nothingLeftBehind() {
    assertThat(LogContext.capture().isEmpty()).as("context left on the test thread").isTrue();
  }

  @Test
  void everySubtaskSeesTheForkingThreadsTypedFields() throws Exception {
    Map<String, String> failures = new ConcurrentHashMap<>();
    for (int round = 0; round < 200; round++) {
      int request = round;
      try (Scope scope = LogContext.with("request_id", "req-" + request).and("round", request);
          var tasks =
              StructuredTaskScope.open(
                  Joiner.<Object>awaitAllSuccessfulOrThrow(),
                  cfg -> cfg.withThreadFactory(virtualThreads))) {
        List<Subtask<Object>> subtasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          int part = i;
          subtasks.add(
              tasks.fork(
                  () -> {
                    Thread.sleep(1); // unmount; resume possibly on another carrier
                    Map<String, Object> wanted =
                        Map.of("request_id", "req-" + request, "round", request);
                    if (!LogContext.fields().equals(wanted)) {
                      failures.put(request + "/" + part, "saw " + LogContext.fields());
                    }
                    return LogContext.get("round");
                  }));
        }
        tasks.join();
        for (Subtask<Object> subtask : subtasks) {
          assertThat(subtask.get()).isEqualTo(request);
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void aNestedScopeForksWithTheInnerFieldsAndASubtasksOwnBindingStaysInIt() throws Exception {
    try (Scope outer = LogContext.with("request_id", "r-1");
        var tasks =
            StructuredTaskScope.open(
                Joiner.<Object>awaitAllSuccessfulOrThrow(),
                cfg -> cfg.withThreadFactory(virtualThreads))) {
      Subtask<Object> inner;
      try (Scope step = LogContext.with("step", "price")) {
        inner =
            tasks.fork(
                () -> {
                  try (Scope own = LogContext.with("sku", "fig")) {
                    return LogContext.fields();
                  }
                });
      }
      Subtask<Object> plain = tasks.fork(() -> LogContext.fields());
      tasks.join();
      assertThat(inner.get())
          .isEqualTo(Map.of("request_id", "r-1", "step", "price", "sku", "fig"));
      assertThat(plain.get()).isEqualTo(Map.of("request_id", "r-1"));
      assertThat(LogContext.fields()).isEqualTo(Map.of("request_id", "r-1"));
    }
  }
}
