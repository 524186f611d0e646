package dev.logcontext.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logcontext.Snapshot;
import dev.logcontext.TraceFields;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceFieldNamesTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  private static final Snapshot TRACED =
      TraceFields.with(Snapshot.empty().with("request_id", "r-1"), TRACE, SPAN, "01");

  @Test
  void logstashWritesTheCanonicalNames() {
    ObjectNode json = Lines.parse(JsonEventWriter.create(JsonFormat.defaults()), traced());

    assertThat(json.get("trace_id").asText()).isEqualTo(TRACE);
    assertThat(json.get("span_id").asText()).isEqualTo(SPAN);
    assertThat(json.get("trace_flags").asText()).isEqualTo("01");
  }

  @Test
  void ecsWritesTraceIdSpanIdAndTraceFlagsInItsDottedNamespace() {
    JsonEventWriter ecs = JsonEventWriter.create(JsonFormat.builder().preset("ecs").build());

    ObjectNode json = Lines.parse(ecs, traced());

    assertThat(json.get("trace.id").asText()).isEqualTo(TRACE);
    assertThat(json.get("span.id").asText()).isEqualTo(SPAN);
    assertThat(json.get("trace.flags").asText()).isEqualTo("01");
    assertThat(json.has("trace_id") || json.has("span_id") || json.has("trace_flags")).isFalse();
  }

  @Test
  void aKeyBoundUnderTheEcsNameItselfIsRenamedLikeAnyDuplicateNeverWrittenTwice() {
    JsonEventWriter ecs = JsonEventWriter.create(JsonFormat.builder().preset("ecs").build());

    ObjectNode json = Lines.parse(ecs, traced().kv("trace.id", "user's own"));

    assertThat(json.get("trace.id").asText()).isEqualTo(TRACE);
    assertThat(json.get("ctx_trace.id").asText()).isEqualTo("user's own");
  }

  @Test
  void mdcFieldsFromAnotherAdapterGetTheSameNames() {
    JsonEventWriter ecs = JsonEventWriter.create(JsonFormat.builder().preset("ecs").build());

    ObjectNode json = Lines.parse(ecs, TestEvent.event().mdc(Map.of("trace_id", TRACE)));

    assertThat(json.get("trace.id").asText()).isEqualTo(TRACE);
  }

  private static TestEvent traced() {
    return TestEvent.event().context(TRACED);
  }
}
