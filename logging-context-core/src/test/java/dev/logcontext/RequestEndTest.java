package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.concurrent.ContextExecutors;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestEndTest {
  private final List<String> ended = new CopyOnWriteArrayList<>();
  private final RequestEnd.Listener listener =
      (ending, after) -> {
        Object id = ending.get("correlation_id");
        if (id != null && !id.equals(after.get("correlation_id"))) {
          ended.add(id + " on " + Thread.currentThread().getName());
        }
      };

  @BeforeEach
  void listen() {
    RequestEnd.addListener(listener);
  }

  @AfterEach
  void stopListening() {
    RequestEnd.removeListener(listener);
  }

  @Test
  void closingTheScopeThatBoundTheKeyEndsTheRequestOnceAfterRestoringTheContext() {
    String thread = Thread.currentThread().getName();
    RequestEnd.Listener seesRestored =
        (ending, after) -> assertThat(LogContext.capture()).isSameAs(after);
    RequestEnd.addListener(seesRestored);
    try {
      try (Scope request = LogContext.with("correlation_id", "c1")) {
        try (Scope step = LogContext.with("step", 1)) {
          assertThat(ended).isEmpty();
        }
        request.and("user_id", 7L);
        assertThat(ended).as("a nested scope that left the key as it was ends nothing").isEmpty();
      }
    } finally {
      RequestEnd.removeListener(seesRestored);
    }
    assertThat(ended).containsExactly("c1 on " + thread);
  }

  @Test
  void attachingASnapshotAndRunningTasksInPropagatingPoolsEndNothing() throws Exception {
    ExecutorService pool = ContextExecutors.propagating(Executors.newFixedThreadPool(2));
    try (Scope request = LogContext.with("correlation_id", "c2")) {
      Snapshot snapshot = LogContext.capture();
      for (int i = 0; i < 100; i++) {
        pool.submit(() -> LogContext.get("correlation_id")).get();
      }
      Thread other =
          new Thread(
              () -> {
                try (Scope attached = snapshot.attach()) {
                  assertThat(LogContext.get("correlation_id")).isEqualTo("c2");
                }
                snapshot.run(() -> assertThat(LogContext.get("correlation_id")).isEqualTo("c2"));
              });
      other.start();
      other.join();
      assertThat(ended).isEmpty();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(ended).hasSize(1);
  }

  @Test
  void aSignalEndsTheRequestOfTheGivenContextWithoutAScope() {
    RequestEnd.signal(Snapshot.empty().with("correlation_id", "c3"));
    assertThat(ended).containsExactly("c3 on " + Thread.currentThread().getName());
  }

  @Test
  void aThrowingListenerNeitherBreaksTheCloseNorSilencesTheOthers() {
    RequestEnd.Listener throwing =
        (ending, after) -> {
          throw new IllegalStateException("listener failed");
        };
    RequestEnd.addListener(throwing);
    try {
      try (Scope request = LogContext.with("correlation_id", "c4")) {
        assertThat(LogContext.get("correlation_id")).isEqualTo("c4");
      }
    } finally {
      RequestEnd.removeListener(throwing);
    }
    assertThat(LogContext.capture().isEmpty()).isTrue();
    assertThat(ended).hasSize(1);
  }

  @Test
  void aRemovedListenerIsNotCalled() {
    RequestEnd.removeListener(listener);
    try (Scope request = LogContext.with("correlation_id", "c5")) {
      assertThat(LogContext.get("correlation_id")).isEqualTo("c5");
    }
    assertThat(ended).isEmpty();
  }
}
