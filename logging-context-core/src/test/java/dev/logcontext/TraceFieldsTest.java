package dev.logcontext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceFieldsTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  @Test
  void bindsTheCanonicalNamesAndDropsTheMdcKeysOfMicrometer() {
    Snapshot context =
        Snapshot.empty().with("request_id", "r1").with("traceId", TRACE).with("spanId", "other");

    Snapshot traced = TraceFields.with(context, TRACE, SPAN, "01");

    assertThat(traced.asMap())
        .containsExactly(
            Map.entry("request_id", "r1"),
            Map.entry(TraceFields.TRACE_ID, TRACE),
            Map.entry(TraceFields.SPAN_ID, SPAN),
            Map.entry(TraceFields.TRACE_FLAGS, "01"));
  }

  @Test
  void aContextThatHoldsTheseIdsAlreadyIsReturnedAsItIs() {
    Snapshot traced = TraceFields.with(Snapshot.empty().with("a", 1), TRACE, SPAN, "00");

    assertThat(TraceFields.with(traced, TRACE, SPAN, "00")).isSameAs(traced);
  }

  @Test
  void theIdsOfAnotherSpanReplaceTheOldOnesAndNullFlagsRemoveTheirs() {
    Snapshot old = TraceFields.with(Snapshot.empty(), TRACE, "1111111111111111", "01");

    Snapshot traced = TraceFields.with(old, TRACE, SPAN, null);

    assertThat(traced.get(TraceFields.SPAN_ID)).isEqualTo(SPAN);
    assertThat(traced.contains(TraceFields.TRACE_FLAGS)).isFalse();
  }

  @Test
  void inALargeContextTheIdsAreFoundAndReplacedLikeAnyField() {
    Snapshot large = Snapshot.empty();
    for (int i = 0; i < 12; i++) {
      large = large.with("f" + i, i);
    }
    assertThat(large.get("f11")).as("builds the lookup index").isEqualTo(11);

    Snapshot traced = TraceFields.with(large, TRACE, SPAN, "01");
    Snapshot child = TraceFields.with(traced, TRACE, "1111111111111111", "01");

    assertThat(traced.size()).isEqualTo(15);
    assertThat(traced.get("f7")).isEqualTo(7);
    assertThat(traced.get(TraceFields.SPAN_ID)).isEqualTo(SPAN);
    assertThat(child.get(TraceFields.SPAN_ID)).isEqualTo("1111111111111111");
    assertThat(child.keyAt(13)).as("rebinding keeps the position").isEqualTo(TraceFields.SPAN_ID);
    assertThat(child.with("late", 1).get("late")).isEqualTo(1);
  }

  @Test
  void missingIdsBindNothingAndDropNothing() {
    Snapshot context = Snapshot.empty().with("traceId", TRACE);

    assertThat(TraceFields.with(context, null, SPAN, "01")).isSameAs(context);
    assertThat(TraceFields.with(context, TRACE, "", "01")).isSameAs(context);
  }
}
