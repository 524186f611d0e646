package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegacyBindingsTest {
  @Test
  void aPutInsideAScopeIsUndoneWhenTheScopeCloses() {
    try (Scope scope = LogContext.with("request_id", "r1")) {
      LegacyBindings.put("legacy", "x");
      assertThat(LogContext.fields()).containsOnlyKeys("request_id", "legacy");
    }
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void getStringReturnsTheValuesTextOrNull() {
    try (Scope scope = LogContext.with("user_id", 42L)) {
      assertThat(LegacyBindings.getString("user_id")).isEqualTo("42");
      assertThat(LegacyBindings.getString("missing")).isNull();
      assertThat(LegacyBindings.getString(null)).isNull();
    }
  }

  @Test
  void aPutAtTopLevelLastsUntilRemoved() {
    LegacyBindings.put("legacy", "x");
    assertThat(LogContext.get("legacy")).isEqualTo("x");
    LegacyBindings.remove("legacy");
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void keysOutsideTheKeyRuleAreKept() {
    LegacyBindings.put("has space\n", 1);
    assertThat(LogContext.get("has space\n")).isEqualTo(1);
    LegacyBindings.clear();
  }

  @Test
  void aPutNeverChangesASnapshotAlreadyCaptured() {
    LegacyBindings.put("a", 1);
    Snapshot captured = LogContext.capture();
    LegacyBindings.put("a", 2);
    assertThat(captured.get("a")).isEqualTo(1);
    LegacyBindings.clear();
  }

  @Test
  void clearEmptiesTheContextOnlyUntilTheEnclosingScopeCloses() {
    try (Scope scope = LogContext.with("kept", 1)) {
      LegacyBindings.clear();
      assertThat(LogContext.capture().isEmpty()).isTrue();
    }
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void replaceAllSetsExactlyTheGivenFieldsInOrder() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("z", "1");
    fields.put("a", "2");
    try (Scope scope = LogContext.with("old", 1)) {
      LegacyBindings.replaceAll(fields);
      assertThat(LogContext.fields().keySet()).containsExactly("z", "a");
    }
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void putAllBindsEveryEntry() {
    LegacyBindings.putAll(Map.of("a", 1, "b", 2));
    assertThat(LogContext.fields()).containsOnlyKeys("a", "b");
    LegacyBindings.clear();
  }

  @Test
  void aStringCopyHandedBackUnchangedRestoresTheVerySnapshotItWasMadeFrom() {
    try (Scope scope = LogContext.with("user_id", 42L).and("vip", true).and("tenant", "acme")) {
      Snapshot before = LogContext.capture();
      Map<String, String> copy = LegacyBindings.copyOfStrings();
      assertThat(copy).isEqualTo(Map.of("user_id", "42", "vip", "true", "tenant", "acme"));
      LegacyBindings.clear();
      LegacyBindings.replaceAll(copy);
      assertThat(LogContext.capture()).isSameAs(before);
    }
  }

  @Test
  void aStringCopyKeepsTheTypesOfTheEntriesLeftAsCopiedAndChangedEntriesAreStrings() {
    Map<String, String> copy;
    try (Scope scope = LogContext.with("user_id", 42L).and("vip", true).and("score", 1.5)) {
      copy = LegacyBindings.copyOfStrings();
    }
    copy.put("vip", "false");
    copy.remove("score");
    copy.put("added", "7");
    try (Scope scope = LogContext.with("other", 1)) {
      LegacyBindings.replaceAll(copy);
      assertThat(LogContext.fields())
          .containsOnly(
              Map.entry("user_id", 42L), Map.entry("vip", "false"), Map.entry("added", "7"));
    }
    try (Scope scope = LogContext.with("other", 1)) {
      LegacyBindings.putAll(copy);
      assertThat(LogContext.get("user_id")).isEqualTo(42L);
      assertThat(LogContext.get("other")).isEqualTo(1);
    }
  }

  @Test
  void aStringCopyRestoresTypesOnAnotherThread() throws Exception {
    Map<String, String> copy;
    try (Scope scope = LogContext.with("user_id", 42L)) {
      copy = LegacyBindings.copyOfStrings();
    }
    Object[] seen = new Object[1];
    Thread worker =
        new Thread(
            () -> {
              LegacyBindings.replaceAll(copy);
              seen[0] = LogContext.get("user_id");
              LegacyBindings.clear();
            });
    worker.start();
    worker.join();
    assertThat(seen[0]).isEqualTo(42L);
  }

  @Test
  void aForeignMapKeepsStringSemantics() {
    LegacyBindings.replaceAll(new LinkedHashMap<>(Map.of("user_id", "42")));
    assertThat(LogContext.get("user_id")).isEqualTo("42");
    LegacyBindings.clear();
  }
}
