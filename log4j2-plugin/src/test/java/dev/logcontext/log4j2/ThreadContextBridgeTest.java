package dev.logcontext.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.LegacyBindings;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import dev.logcontext.concurrent.ContextExecutors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.ContextDataInjector;
import org.apache.logging.log4j.core.impl.ContextDataInjectorFactory;
import org.apache.logging.log4j.spi.ObjectThreadContextMap;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs with {@code log4j2.threadContextMap=dev.logcontext.log4j2.LogContextThreadContextMap}. */
class ThreadContextBridgeTest {

  @AfterEach
  void clear() {
    LegacyBindings.clear();
  }

  @Test
  void theBridgeIsLog4jsThreadContextMap() {
    assertThat(ThreadContext.getThreadContextMap()).isInstanceOf(LogContextThreadContextMap.class);
  }

  @Test
  void threadContextPutIsALogContextBindingAndBack() {
    ThreadContext.put("tenant", "acme");
    assertThat(LogContext.get("tenant")).isEqualTo("acme");
    try (Scope scope = LogContext.with("user_id", 42L)) {
      assertThat(ThreadContext.get("user_id")).isEqualTo("42");
      assertThat(ThreadContext.containsKey("user_id")).isTrue();
      assertThat(ThreadContext.getContext()).containsEntry("user_id", "42");
      assertThat(ThreadContext.getImmutableContext())
          .containsEntry("tenant", "acme")
          .containsEntry("user_id", "42");
    }
    assertThat(ThreadContext.containsKey("user_id")).isFalse();
  }

  @Test
  void aThreadContextCopyPutBackKeepsTheTypedFieldsOnAnyThread() throws Exception {
    Map<String, String> copy;
    try (Scope scope = LogContext.with("user_id", 42L).and("vip", true)) {
      copy = ThreadContext.getContext();
      Snapshot before = LogContext.capture();
      ThreadContext.clearMap();
      ThreadContext.putAll(copy);
      assertThat(LogContext.capture()).isSameAs(before);
    }
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      Map<String, Object> seen =
          worker
              .submit(
                  () -> {
                    ThreadContext.putAll(copy);
                    try {
                      return LogContext.fields();
                    } finally {
                      ThreadContext.clearMap();
                    }
                  })
              .get(10, TimeUnit.SECONDS);
      assertThat(seen).containsOnly(Map.entry("user_id", 42L), Map.entry("vip", true));
    } finally {
      worker.shutdown();
    }
    copy.put("vip", "no");
    ThreadContext.putAll(copy);
    assertThat(LogContext.get("user_id")).isEqualTo(42L);
    assertThat(LogContext.get("vip")).as("a changed entry is a string").isEqualTo("no");
    ThreadContext.clearMap();
    ThreadContext.putAll(new LinkedHashMap<>(Map.of("user_id", "42")));
    assertThat(LogContext.get("user_id")).as("a foreign map binds strings").isEqualTo("42");
  }

  @Test
  void putValueKeepsTypes() {
    ObjectThreadContextMap map = (ObjectThreadContextMap) ThreadContext.getThreadContextMap();
    map.putValue("attempt", 3);
    assertThat(LogContext.get("attempt")).isEqualTo(3);
    assertThat(map.<Object>getValue("attempt")).isEqualTo(3);
    assertThat(ThreadContext.get("attempt")).isEqualTo("3");
  }

  @Test
  void putAllAddsWithoutWipingOtherFields() {
    try (Scope scope = LogContext.with("request_id", "r1")) {
      Map<String, String> more = new LinkedHashMap<>();
      more.put("a", "1");
      more.put("b", "2");
      ThreadContext.putAll(more);
      assertThat(LogContext.fields())
          .containsExactly(Map.entry("request_id", "r1"), Map.entry("a", "1"), Map.entry("b", "2"));
      ThreadContext.removeAll(List.of("a", "missing"));
      assertThat(LogContext.fields())
          .containsExactly(Map.entry("request_id", "r1"), Map.entry("b", "2"));
      ThreadContext.remove("b");
      assertThat(LogContext.fields()).containsExactly(Map.entry("request_id", "r1"));
    }
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void putBindsInsideTheInnermostScopeAndIsUndoneWhenItCloses() {
    try (Scope scope = LogContext.with("request_id", "r1")) {
      ThreadContext.put("step", "parse");
      ThreadContext.clearMap();
      assertThat(ThreadContext.isEmpty()).isTrue();
    }
    assertThat(ThreadContext.isEmpty()).isTrue();
    try (Scope outer = LogContext.with("request_id", "r2")) {
      try (Scope inner = LogContext.with("span", "s1")) {
        ThreadContext.clearMap();
      }
      assertThat(LogContext.fields()).containsExactly(Map.entry("request_id", "r2"));
    }
  }

  @Test
  void nullKeysAreIgnoredAndNullValuesRemove() {
    ThreadContext.put(null, "x");
    ThreadContext.put("k", "v");
    ThreadContext.put("k", null);
    assertThat(ThreadContext.isEmpty()).isTrue();
    Map<String, String> withNullKey = new java.util.HashMap<>();
    withNullKey.put(null, "x");
    withNullKey.put("ok", "y");
    ThreadContext.putAll(withNullKey);
    assertThat(LogContext.fields()).containsExactly(Map.entry("ok", "y"));
  }

  @Test
  void closeableThreadContextRestoresPreviousValuesAndRemovesNewKeys() {
    ThreadContext.put("user", "outer");
    try (CloseableThreadContext.Instance ctc =
        CloseableThreadContext.put("user", "inner").put("fresh", "1")) {
      assertThat(ThreadContext.get("user")).isEqualTo("inner");
      try (CloseableThreadContext.Instance nested =
          CloseableThreadContext.putAll(Map.of("user", "nested", "more", "2"))) {
        assertThat(ThreadContext.get("user")).isEqualTo("nested");
        assertThat(ThreadContext.get("fresh")).isEqualTo("1");
      }
      assertThat(ThreadContext.get("user")).isEqualTo("inner");
      assertThat(ThreadContext.containsKey("more")).isFalse();
    }
    assertThat(LogContext.fields()).containsExactly(Map.entry("user", "outer"));
  }

  @Test
  void snapshotsTakenEarlierNeverChange() {
    ThreadContext.put("step", "1");
    Snapshot before = LogContext.capture();
    ThreadContext.put("step", "2");
    ThreadContext.clearMap();
    assertThat(before.asMap()).containsExactly(Map.entry("step", "1"));
  }

  @Test
  void threadContextFieldsPropagateThroughPropagatingExecutors() throws Exception {
    ExecutorService pool = ContextExecutors.propagating(Executors.newFixedThreadPool(2));
    try {
      ThreadContext.put("request_id", "r-7");
      String seen = pool.submit(() -> ThreadContext.get("request_id")).get(5, TimeUnit.SECONDS);
      ThreadContext.remove("request_id");
      String after = pool.submit(() -> ThreadContext.get("request_id")).get(5, TimeUnit.SECONDS);
      assertThat(seen).isEqualTo("r-7");
      assertThat(after).as("nothing leaks into the next task").isNull();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void eventsGetTheSnapshotOnceWithTypedValuesThroughTheReusableMap() {
    ContextDataInjector injector = ContextDataInjectorFactory.createInjector();
    assertThat(injector.getClass().getName())
        .as("the injector that copies into the event's reusable map, allocating no map")
        .isEqualTo(
            "org.apache.logging.log4j.core.impl.ThreadContextDataInjector"
                + "$ForGarbageFreeThreadContextMap");
    try (Scope scope = LogContext.with("user_id", 42L).and("request_id", "r1")) {
      ThreadContext.put("tenant", "acme");
      StringMap reusable = new SortedArrayStringMap();
      StringMap injected = injector.injectContextData(null, reusable);
      assertThat(injected).isSameAs(reusable);
      assertThat(injected.size()).as("each field once").isEqualTo(3);
      assertThat(injected.<Object>getValue("user_id")).isEqualTo(42L);
      assertThat(injected.<Object>getValue("tenant")).isEqualTo("acme");
    }
  }

  @Test
  void theProviderStaysSilentWhileTheBridgeSuppliesTheFields() {
    try (Scope scope = LogContext.with("user_id", 42L)) {
      LogContextDataProvider provider = new LogContextDataProvider();
      assertThat(provider.supplyStringMap().isEmpty()).isTrue();
      assertThat(provider.supplyContextData()).isEmpty();
      assertThat(provider.getValue("user_id")).isNull();
      assertThat(
              ThreadContext.getThreadContextMap()
                  .getReadOnlyContextData()
                  .<Object>getValue("user_id"))
          .isEqualTo(42L);
    }
  }
}
