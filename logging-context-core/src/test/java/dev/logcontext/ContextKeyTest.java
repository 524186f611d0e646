package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ContextKeyTest {
  private static final ContextKey<Long> USER_ID = ContextKey.of("user_id", Long.class);
  private static final ContextKey<String> TENANT =
      ContextKey.of("tenant", String.class).withDefault("public");

  @Test
  void getReturnsTheBoundValueElseTheDefaultElseNull() {
    assertThat(USER_ID.get()).isNull();
    assertThat(TENANT.get()).isEqualTo("public");
    try (Scope scope = USER_ID.set(42L).and(TENANT, "acme")) {
      assertThat(USER_ID.get()).isEqualTo(42L);
      assertThat(TENANT.get()).isEqualTo("acme");
      assertThat(LogContext.get("user_id")).isEqualTo(42L);
    }
    assertThat(TENANT.get()).isEqualTo("public");
  }

  @Test
  void requireThrowsNamingTheKeyOnlyWhenThereIsNeitherValueNorDefault() {
    assertThat(TENANT.require()).isEqualTo("public");
    assertThatThrownBy(USER_ID::require)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("\"user_id\"");
    try (Scope scope = LogContext.with(USER_ID, 7L)) {
      assertThat(USER_ID.require()).isEqualTo(7L);
    }
  }

  @Test
  void findIsEmptyOnlyWhenThereIsNeitherValueNorDefault() {
    assertThat(USER_ID.find()).isEmpty();
    assertThat(TENANT.find()).contains("public");
  }

  @Test
  void stringKeysAndTypedKeysShareOneNamespace() {
    try (Scope scope = LogContext.with("user_id", 9L)) {
      assertThat(USER_ID.get()).isEqualTo(9L);
    }
  }

  @Test
  void readingAFieldBoundToAnotherTypeFailsNamingTheKey() {
    try (Scope scope = LogContext.with("user_id", "not a long")) {
      assertThatThrownBy(USER_ID::get)
          .isInstanceOf(ClassCastException.class)
          .hasMessageContaining("\"user_id\"")
          .hasMessageContaining("java.lang.String");
    }
  }

  @Test
  void typesThatWouldBeStringifiedAreRejectedAtCreation() {
    assertThatThrownBy(() -> ContextKey.of("counter", AtomicLong.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"counter\"")
        .hasMessageContaining("AtomicLong");
    assertThat(ContextKey.of("attrs", Map.class).name()).isEqualTo("attrs");
    assertThat(ContextKey.of("items", List.class).type()).isEqualTo(List.class);
  }

  @Test
  void invalidNamesAreRejectedAtCreation() {
    assertThatThrownBy(() -> ContextKey.of("bad key", String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"bad key\"");
  }

  @Test
  void settingNullRemovesTheField() {
    try (Scope outer = USER_ID.set(1L)) {
      try (Scope inner = USER_ID.set(null)) {
        assertThat(USER_ID.get()).isNull();
      }
      assertThat(USER_ID.get()).isEqualTo(1L);
    }
  }
}
