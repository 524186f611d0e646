package dev.logcontext.json;

import dev.logcontext.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A mutable {@link EventView} for tests, built fluently. */
class TestEvent implements EventView {
  long timestamp = 1_795_700_535_123L; // 2026-11-26T13:42:15.123Z
  String level = "INFO";
  String logger = "com.example.OrderService";
  String thread = "http-nio-8080-exec-1";
  CharSequence message = "Order 42 placed for alice";
  Snapshot context = Snapshot.empty();
  Map<String, ?> mdc;
  final List<String> keys = new ArrayList<>();
  final List<Object> values = new ArrayList<>();
  final List<String> markers = new ArrayList<>();
  Throwable throwable;

  static TestEvent event() {
    return new TestEvent();
  }

  TestEvent message(CharSequence text) {
    this.message = text;
    return this;
  }

  TestEvent level(String name) {
    this.level = name;
    return this;
  }

  TestEvent logger(String name) {
    this.logger = name;
    return this;
  }

  TestEvent thread(String name) {
    this.thread = name;
    return this;
  }

  TestEvent timestamp(long millis) {
    this.timestamp = millis;
    return this;
  }

  TestEvent context(Snapshot snapshot) {
    this.context = snapshot;
    return this;
  }

  TestEvent with(String key, Object value) {
    this.context = context.with(key, value);
    return this;
  }

  TestEvent mdc(Map<String, ?> fields) {
    this.mdc = fields;
    return this;
  }

  TestEvent kv(String key, Object value) {
    keys.add(key);
    values.add(value);
    return this;
  }

  TestEvent marker(String name) {
    markers.add(name);
    return this;
  }

  TestEvent thrown(Throwable t) {
    this.throwable = t;
    return this;
  }

  @Override
  public long timestampMillis() {
    return timestamp;
  }

  @Override
  public String levelName() {
    return level;
  }

  /** Logback's numbers, as the adapters write them. */
  @Override
  public int levelValue() {
    return switch (level == null ? "" : level) {
      case "TRACE" -> 5000;
      case "DEBUG" -> 10000;
      case "INFO" -> 20000;
      case "WARN" -> 30000;
      case "ERROR" -> 40000;
      case "FATAL" -> 50000;
      default -> 0;
    };
  }

  @Override
  public String loggerName() {
    return logger;
  }

  @Override
  public String threadName() {
    return thread;
  }

  @Override
  public CharSequence message() {
    return message;
  }

  @Override
  public Snapshot context() {
    return context;
  }

  @Override
  public Map<String, ?> mdcFields() {
    return mdc;
  }

  @Override
  public int keyValueCount() {
    return keys.size();
  }

  @Override
  public String keyValueKey(int index) {
    return keys.get(index);
  }

  @Override
  public Object keyValueValue(int index) {
    return values.get(index);
  }

  @Override
  public int markerCount() {
    return markers.size();
  }

  @Override
  public String markerName(int index) {
    return markers.get(index);
  }

  @Override
  public Throwable throwable() {
    return throwable;
  }
}
