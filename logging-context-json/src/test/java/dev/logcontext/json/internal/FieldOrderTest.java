package dev.logcontext.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.json.JsonFormat;
import dev.logcontext.json.StandardField;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldOrderTest {
  @Test
  void everyStandardFieldButTheTwoMarkersHasExactlyOnePlaceInEachPreset() {
    for (JsonFormat.Preset preset : JsonFormat.Preset.values()) {
      List<StandardField> order = new ArrayList<>(FieldOrder.head(preset));
      order.addAll(FieldOrder.tail(preset));
      EnumSet<StandardField> expected = EnumSet.allOf(StandardField.class);
      expected.remove(StandardField.EVENT_TRUNCATED);
      expected.remove(StandardField.ENCODER_ERROR);
      assertThat(order).as("order of %s", preset).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void everyFieldOfEachPresetIsCompiledIntoThePlan() {
    for (JsonFormat.Preset preset : JsonFormat.Preset.values()) {
      JsonFormat.Builder builder = JsonFormat.builder().preset(preset);
      for (StandardField field : StandardField.values()) {
        builder.include(field);
      }
      // Compiling fails for a field without an op.
      assertThat(new EventEncoder(builder.build()).newEncoding()).isNotNull();
    }
  }
}
