package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CreationSiteTest {
  private static Throwable creationSiteOfANewThread() throws InterruptedException {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    AtomicReference<Object> id = new AtomicReference<>("unset");
    Thread thread =
        new Thread(
            () -> {
              id.set(LogContext.get("correlation_id"));
              seen.set(ScopeChecks.creationSite());
            });
    thread.start();
    thread.join();
    assertThat(id.get()).as("a new thread starts empty").isNull();
    return seen.get();
  }

  @Test
  void inStrictModeAThreadCreatedByAThreadWithContextKnowsWhere() throws Exception {
    ScopeChecks.setStrict(true);
    Throwable site;
    try (Scope request = LogContext.with("correlation_id", "c1")) {
      site = creationSiteOfANewThread();
    }
    assertThat(site).isNotNull();
    assertThat(site.getMessage()).contains("[correlation_id]");
    assertThat(site.getStackTrace())
        .anyMatch(
            frame ->
                frame.getMethodName().equals("creationSiteOfANewThread")
                    && frame.getClassName().equals(CreationSiteTest.class.getName()));
  }

  @Test
  void aPlainPoolsWorkerStartedBySubmittingWithContextPointsAtTheSubmission() throws Exception {
    ScopeChecks.setStrict(true);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Scope request = LogContext.with("correlation_id", "c2")) {
      Throwable site = pool.submit(ScopeChecks::creationSite).get();
      assertThat(site).isNotNull();
      assertThat(site.getStackTrace())
          .anyMatch(
              frame ->
                  frame.getMethodName().contains("PointsAtTheSubmission")
                      && frame.getClassName().equals(CreationSiteTest.class.getName()));
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aThreadCreatedWithoutContextOrOutsideStrictModeHasNone() throws Exception {
    ScopeChecks.setStrict(true);
    assertThat(creationSiteOfANewThread()).isNull();
    ScopeChecks.setStrict(false);
    try (Scope request = LogContext.with("correlation_id", "c3")) {
      assertThat(creationSiteOfANewThread()).isNull();
    }
  }
}
