package dev.logcontext.json;

import static dev.logcontext.json.TestEvent.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The work for one event is bounded whatever its values hold: cycles are cut where they repeat, and
 * at most a fixed number of nested elements is written per event.
 */
class WorkBoundTest {
  private static final String TOO_MANY = "[truncated: more than 10000 elements in this event]";

  private final JsonEventWriter writer = JsonEventWriter.create(JsonFormat.defaults());
  private final JsonEventWriter capped =
      JsonEventWriter.create(JsonFormat.builder().maxEventBytes(4096).build());

  @Test
  void aListContainingItselfThreeTimesIsWrittenOnceWithCycleMarkers() {
    List<Object> self = new ArrayList<>();
    self.add(self);
    self.add(self);
    self.add(self);
    ObjectNode json = Lines.parse(writer, event().kv("self", self).kv("after", 1));
    assertThat(json.get("self").toString())
        .isEqualTo(
            "[\"[cycle: contains itself]\",\"[cycle: contains itself]\","
                + "\"[cycle: contains itself]\"]");
    assertThat(json.get("after").asInt()).isEqualTo(1);
    assertThat(Lines.parse(capped, event().kv("self", self)).get("self")).isNotNull();
  }

  @Test
  void aSharedSubStructureRepeatedAtEveryLevelIsBoundedNotExponential() {
    Object level = List.of("leaf");
    for (int i = 0; i < 40; i++) {
      level = List.of(level, level, level);
    }
    byte[] line = writer.encode(event().kv("dag", level).message("still here"));
    ObjectNode json = Lines.parse(line);
    assertThat(json.get("message").asText()).isEqualTo("still here");
    assertThat(json.get("dag").toString()).contains(TOO_MANY);
    assertThat(line.length).isLessThan(1_000_000);

    byte[] cut = capped.encode(event().kv("dag", level).message("still here"));
    assertThat(cut.length).isLessThanOrEqualTo(4096);
    assertThat(Lines.parse(cut).get("message").asText()).isEqualTo("still here");
  }

  @Test
  void aCollectionThatNeverEndsIsCutAtTheElementLimit() {
    Iterable<Object> endless =
        new AbstractCollection<Object>() {
          @Override
          public Iterator<Object> iterator() {
            return new Iterator<Object>() {
              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public Object next() {
                return "again";
              }
            };
          }

          @Override
          public int size() {
            return Integer.MAX_VALUE;
          }
        };
    ObjectNode json = Lines.parse(writer, event().kv("endless", endless));
    assertThat(json.get("endless").size()).isEqualTo(10_001);
    assertThat(json.get("endless").get(10_000).asText()).isEqualTo(TOO_MANY);
  }

  @Test
  void theElementLimitCountsEveryValueOfTheEventTogether() {
    ObjectNode json = Lines.parse(writer, event().kv("a", new int[6_000]).kv("b", new long[6_000]));
    assertThat(json.get("a").size()).isEqualTo(6_000);
    assertThat(json.get("b").size()).isEqualTo(4_001);
    assertThat(json.get("b").get(4_000).asText()).isEqualTo(TOO_MANY);
  }

  @Test
  void aHugeArrayUnderAnEventCapStopsBeingWrittenOnceOverTheCap() {
    byte[] line = capped.encode(event().kv("huge", new int[5_000_000]).message("kept"));
    assertThat(line.length).isLessThanOrEqualTo(4096);
    assertThat(Lines.parse(line).get("message").asText()).isEqualTo("kept");
  }
}
