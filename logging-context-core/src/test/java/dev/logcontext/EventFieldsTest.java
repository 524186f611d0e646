package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoContextLeftBehind.class)
class EventFieldsTest {
  private final List<EventFields.Registration> registrations = new ArrayList<>();

  @AfterEach
  void uninstall() {
    registrations.forEach(EventFields.Registration::close);
  }

  private void install(EventFieldSource source) {
    registrations.add(EventFields.install(source));
  }

  @Test
  void withoutInstalledSourcesTheEventContextIsTheCurrentSnapshotItself() {
    try (Scope scope = LogContext.with("request_id", "r1")) {
      assertThat(EventFields.capture()).isSameAs(LogContext.capture());
    }
  }

  @Test
  void anInstalledSourceAddsItsFieldsAfterTheContextAndClosingRemovesIt() {
    EventFields.Registration registration =
        EventFields.install(context -> context.with("tenant", "acme"));
    try (Scope scope = LogContext.with("request_id", "r1")) {
      assertThat(EventFields.hasSources()).isTrue();
      assertThat(EventFields.capture().asMap())
          .containsExactly(
              java.util.Map.entry("request_id", "r1"), java.util.Map.entry("tenant", "acme"));
      assertThat(LogContext.capture().contains("tenant"))
          .as("the current context is not changed")
          .isFalse();

      registration.close();
      registration.close();

      assertThat(EventFields.capture()).isSameAs(LogContext.capture());
    }
  }

  @Test
  void sourcesRunInInstallationOrderAndEachSeesTheFieldsOfTheOnesBefore() {
    install(context -> context.with("first", 1));
    install(context -> context.with("second", context.get("first") != null));

    Snapshot event = EventFields.capture();

    assertThat(event.keyAt(0)).isEqualTo("first");
    assertThat(event.get("second")).isEqualTo(true);
  }

  @Test
  void aSourceThatThrowsLeavesTheContextAsItWasAndNamesItselfInAMarkerField() {
    install(
        context -> {
          throw new IllegalStateException("tracer broken");
        });
    install(context -> context.with("after", "still asked"));
    try (Scope scope = LogContext.with("request_id", "r1")) {
      Snapshot event = EventFields.capture();

      assertThat(event.get("request_id")).isEqualTo("r1");
      assertThat(event.get("after")).isEqualTo("still asked");
      assertThat((String) event.get(EventFields.FAILURE_FIELD))
          .startsWith("[dev.logcontext.EventFieldsTest")
          .endsWith(" threw java.lang.IllegalStateException]");
    }
  }

  @Test
  void aSourceThatReturnsNullOrOverflowsTheStackIsContainedToo() {
    install(context -> null);
    Snapshot afterNull = EventFields.capture();
    assertThat((String) afterNull.get(EventFields.FAILURE_FIELD))
        .endsWith(" threw java.lang.NullPointerException]");
    registrations.remove(0).close();

    install(
        context -> {
          throw new StackOverflowError();
        });
    assertThat((String) EventFields.capture().get(EventFields.FAILURE_FIELD))
        .endsWith(" threw java.lang.StackOverflowError]");
  }

  @Test
  void anOutOfMemoryErrorIsNotSwallowed() {
    install(
        context -> {
          throw new OutOfMemoryError("test");
        });

    assertThatThrownBy(EventFields::capture).isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void anEventCreatedInsideASourceGetsThePlainContextInsteadOfRecursing() {
    AtomicInteger calls = new AtomicInteger();
    List<Snapshot> inner = new ArrayList<>();
    install(
        context -> {
          calls.incrementAndGet();
          inner.add(EventFields.capture()); // what logging from inside the source does
          return context.with("outer", true);
        });

    Snapshot event = EventFields.capture();

    assertThat(calls).hasValue(1);
    assertThat(inner).singleElement().satisfies(s -> assertThat(s.contains("outer")).isFalse());
    assertThat(event.get("outer")).isEqualTo(true);
    assertThat(EventFields.capture().get("outer")).as("the guard is reset").isEqualTo(true);
  }

  @Test
  void aSourceDiscoveredThroughTheServiceLoaderIsAsked() {
    try (Scope scope = LogContext.with("discovery_probe", 1)) {
      assertThat(EventFields.capture().get("discovered")).isEqualTo(true);
    }
    assertThat(EventFields.capture().contains("discovered")).isFalse();
  }

  @Test
  void installingNullThrowsNamingTheArgument() {
    assertThatThrownBy(() -> EventFields.install(null)).hasMessageContaining("source");
  }

  @Test
  void everyThreadGetsTheFieldsOfItsOwnContextAtTheMomentOfCapture() throws Exception {
    install(context -> context.with("echo", context.get("n")));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> checks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        checks.add(
            pool.submit(
                () -> {
                  int wrong = 0;
                  for (int i = 0; i < 5_000; i++) {
                    long n = thread * 1_000_000L + i;
                    try (Scope scope = LogContext.with("n", n)) {
                      Snapshot event = EventFields.capture();
                      if (!Long.valueOf(n).equals(event.get("echo"))) {
                        wrong++;
                      }
                    }
                  }
                  return wrong;
                }));
      }
      for (Future<Integer> check : checks) {
        assertThat(check.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
