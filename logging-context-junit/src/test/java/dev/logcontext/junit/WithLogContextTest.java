package dev.logcontext.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.LogContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.Events;

class WithLogContextTest {
  @Test
  void fieldsAreVisibleWithTheirTypesInTheTestAndGoneAfterIt() {
    Events events = Kit.run(Annotated.class);

    assertThat(events.succeeded().count()).isEqualTo(1);
    assertThat(Annotated.inBeforeEach).isEqualTo(Annotated.inTest);
    assertThat(Annotated.inAfterEach).isEqualTo(Annotated.inTest);
    assertThat(Annotated.inTest)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "tenant",
                "acme",
                "user_id",
                7L,
                "beta",
                true,
                "ratio",
                new BigDecimal("1.50"),
                "zip",
                "042"));
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void aNestedClassAddsToItsEnclosingClass() {
    Events events = Kit.run(Outer.Inner.class);

    assertThat(events.succeeded().count()).isEqualTo(1);
    assertThat(Outer.Inner.seen)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("tenant", "acme", "user_id", 42L, "zip", "042", "region", "eu"));
    assertThat(LogContext.capture().isEmpty()).isTrue();
  }

  @Test
  void aMalformedEntryFailsTheTestNamingTheEntry() {
    List<Throwable> failures = Kit.failures(Kit.run(Malformed.class));

    assertThat(failures).hasSize(2);
    assertThat(failures)
        .allSatisfy(
            failure -> assertThat(failure).isInstanceOf(ExtensionConfigurationException.class));
    assertThat(failures)
        .extracting(Throwable::getMessage)
        .anySatisfy(message -> assertThat(message).contains("\"tenant\"").contains("key=value"))
        .anySatisfy(message -> assertThat(message).contains("\"1st=x\"").contains("invalid key"));
  }

  @Test
  void valuesAreTypedAsJsonWouldTypeThem() {
    assertThat(Fields.typed("true")).isEqualTo(Boolean.TRUE);
    assertThat(Fields.typed("false")).isEqualTo(Boolean.FALSE);
    assertThat(Fields.typed("True")).isEqualTo("True");
    assertThat(Fields.typed("42")).isEqualTo(42L);
    assertThat(Fields.typed("-7")).isEqualTo(-7L);
    assertThat(Fields.typed("0")).isEqualTo(0L);
    assertThat(Fields.typed("9223372036854775808"))
        .isEqualTo(new BigInteger("9223372036854775808"));
    assertThat(Fields.typed("1.50")).isEqualTo(new BigDecimal("1.50"));
    assertThat(Fields.typed("2e3")).isEqualTo(new BigDecimal("2e3"));
    assertThat(Fields.typed("042")).isEqualTo("042");
    assertThat(Fields.typed("+1")).isEqualTo("+1");
    assertThat(Fields.typed("1.")).isEqualTo("1.");
    assertThat(Fields.typed("")).isEqualTo("");
    assertThat(Fields.typed("a=b")).isEqualTo("a=b");
  }

  @WithLogContext({"tenant=acme", "user_id=42", "zip=042"})
  static class Annotated {
    static volatile Map<String, Object> inBeforeEach;
    static volatile Map<String, Object> inTest;
    static volatile Map<String, Object> inAfterEach;

    @BeforeEach
    void before() {
      inBeforeEach = LogContext.fields();
    }

    @Test
    @WithLogContext({"user_id=7", "beta=true", "ratio=1.50"})
    void sees() {
      inTest = LogContext.fields();
    }

    @AfterEach
    void after() {
      inAfterEach = LogContext.fields();
    }
  }

  @WithLogContext({"tenant=acme", "user_id=42", "zip=042"})
  static class Outer {
    @Nested
    @WithLogContext("region=eu")
    class Inner {
      static volatile Map<String, Object> seen;

      @Test
      void sees() {
        seen = LogContext.fields();
      }
    }
  }

  static class Malformed {
    @Test
    @WithLogContext("tenant")
    void noEquals() {}

    @Test
    @WithLogContext("1st=x")
    void badKey() {}
  }
}
