package dev.logcontext.logback;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.logcontext.Snapshot;
import java.util.Map;

/**
 * A {@code PatternLayout} converter for people who keep text logs: {@code %ctx} writes every
 * context field of the event as {@code key=value} pairs separated by {@code ", "}; {@code
 * %ctx{key}} writes one value, or nothing when it is absent. Register it in {@code logback.xml}:
 *
 * <pre>{@code
 * <conversionRule conversionWord="ctx" class="dev.logcontext.logback.LogContextConverter"/>
 * <pattern>%d %level [%ctx{request_id}] %msg {%ctx}%n</pattern>
 * }</pre>
 *
 * <p>It reads the fields captured with the event (never the context at formatting time), so it is
 * correct behind {@code AsyncAppender}. Thread-safety: stateless after start. Bad input: values are
 * written with {@code toString()}; nothing is escaped (use the JSON encoder for machine reading).
 */
public final class LogContextConverter extends ClassicConverter {
  private String key;

  /** Creates the converter; Logback calls this. */
  public LogContextConverter() {}

  @Override
  public void start() {
    String option = getFirstOption();
    key = option == null || option.isEmpty() ? null : option;
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    Snapshot snapshot = LogContextMDCAdapter.snapshotOf(mdc);
    if (key != null) {
      Object value = snapshot != null ? snapshot.get(key) : mdc.get(key);
      return value == null ? "" : value.toString();
    }
    StringBuilder out = new StringBuilder();
    if (snapshot != null) {
      for (int i = 0; i < snapshot.size(); i++) {
        append(out, snapshot.keyAt(i), snapshot.valueAt(i));
      }
    } else {
      for (Map.Entry<String, String> entry : mdc.entrySet()) {
        append(out, entry.getKey(), entry.getValue());
      }
    }
    return out.toString();
  }

  private static void append(StringBuilder out, String key, Object value) {
    if (out.length() > 0) {
      out.append(", ");
    }
    out.append(key).append('=').append(value);
  }
}
