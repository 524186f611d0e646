package dev.logcontext.log4j2.internal;

import dev.logcontext.Snapshot;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.layout.template.json.resolver.EventResolver;
import org.apache.logging.log4j.layout.template.json.resolver.EventResolverContext;
import org.apache.logging.log4j.layout.template.json.resolver.TemplateResolverConfig;
import org.apache.logging.log4j.layout.template.json.util.JsonWriter;
import org.apache.logging.log4j.layout.template.json.util.Recycler;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.TriConsumer;

/** The {@code logContext} JsonTemplateLayout resolver; see {@code LogContextResolverFactory}. */
public final class LogContextResolver implements EventResolver {
  /** The resolver name used in templates. */
  public static final String NAME = "logContext";

  /** Field names of the templates bundled with Log4j 2.26 and of the logstash and ECS presets. */
  static final Set<String> DEFAULT_RESERVED_KEYS =
      Set.of(
          "@timestamp",
          "@version",
          "timestamp",
          "message",
          "level",
          "level_value",
          "logger_name",
          "thread_name",
          "stack_trace",
          "tags",
          "labels",
          "ecs.version",
          "log.level",
          "log.logger",
          "process.thread.name",
          "error.type",
          "error.message",
          "error.stack_trace",
          "mdc",
          "exception",
          "source_host",
          "file",
          "class",
          "method",
          "line_number",
          "version",
          "host",
          "short_message",
          "full_message",
          "_logger",
          "_thread",
          "throwable_class",
          "throwable_message");

  private final String key;
  private final boolean flatten;
  private final String prefix;
  private final boolean stringified;
  private final Set<String> reserved;
  private final String collisionPrefix;
  private final Recycler<Loop> loops;

  private LogContextResolver(
      EventResolverContext context,
      String key,
      boolean flatten,
      String prefix,
      boolean stringified,
      Set<String> reserved,
      String collisionPrefix) {
    this.key = key;
    this.flatten = flatten;
    this.prefix = prefix;
    this.stringified = stringified;
    this.reserved = reserved;
    this.collisionPrefix = collisionPrefix;
    this.loops = context.getRecyclerFactory().create(() -> new Loop(this));
  }

  /**
   * Returns the resolver for {@code config}.
   *
   * @throws IllegalArgumentException naming a bad option
   */
  public static LogContextResolver create(
      EventResolverContext context, TemplateResolverConfig config) {
    String key = config.getString("key");
    Object flattenOption = config.getObject("flatten");
    boolean flatten;
    String prefix = null;
    if (flattenOption == null) {
      flatten = false;
    } else if (flattenOption instanceof Boolean) {
      flatten = (Boolean) flattenOption;
    } else if (flattenOption instanceof Map) {
      flatten = true;
      prefix = config.getString(new String[] {"flatten", "prefix"});
    } else {
      throw new IllegalArgumentException(
          "logContext resolver: flatten must be true, false or {\"prefix\": ...}: " + config);
    }
    if (key != null && flatten) {
      throw new IllegalArgumentException(
          "logContext resolver: key and flatten cannot be combined: " + config);
    }
    boolean stringified = config.getBoolean("stringified", false);
    Set<String> reserved = DEFAULT_RESERVED_KEYS;
    Object reservedOption = config.getObject("reservedKeys");
    if (reservedOption != null) {
      if (!(reservedOption instanceof Collection)) {
        throw new IllegalArgumentException(
            "logContext resolver: reservedKeys must be an array of names: " + config);
      }
      Set<String> names = new HashSet<>();
      for (Object name : (Collection<?>) reservedOption) {
        names.add(String.valueOf(name));
      }
      reserved = Set.copyOf(names);
    }
    String collisionPrefix = config.getString("collisionPrefix");
    if (collisionPrefix == null) {
      collisionPrefix = "ctx_";
    } else if (collisionPrefix.isEmpty()) {
      throw new IllegalArgumentException(
          "logContext resolver: collisionPrefix must not be empty: " + config);
    }
    return new LogContextResolver(
        context, key, flatten, prefix, stringified, reserved, collisionPrefix);
  }

  @Override
  public boolean isFlattening() {
    return flatten;
  }

  @Override
  public boolean isResolvable(LogEvent event) {
    ReadOnlyStringMap data = event.getContextData();
    if (data == null) {
      return false;
    }
    return key != null ? data.containsKey(key) : !data.isEmpty();
  }

  @Override
  public void resolve(LogEvent event, JsonWriter writer) {
    resolve(event, writer, false);
  }

  @Override
  public void resolve(LogEvent event, JsonWriter writer, boolean succeedingEntry) {
    ReadOnlyStringMap data = event.getContextData();
    if (key != null) {
      writeValue(writer, data == null ? null : data.getValue(key));
      return;
    }
    if (data == null || data.isEmpty()) {
      if (!flatten) {
        writer.writeNull();
      }
      return;
    }
    if (!flatten) {
      writer.writeObjectStart();
    }
    Loop loop = loops.acquire();
    try {
      loop.start(writer, data, flatten && succeedingEntry);
      Snapshot snapshot = SnapshotStringMap.snapshotOf(data);
      if (snapshot != null) {
        for (int i = 0; i < snapshot.size(); i++) {
          loop.accept(snapshot.keyAt(i), snapshot.valueAt(i), writer);
        }
      } else {
        data.forEach(loop, writer);
      }
    } finally {
      loop.end();
      loops.release(loop);
    }
    if (!flatten) {
      writer.writeObjectEnd();
    }
  }

  private void writeValue(JsonWriter writer, Object value) {
    if (stringified && value != null && !(value instanceof String)) {
      writer.writeString(String.valueOf(value));
    } else {
      writer.writeValue(value);
    }
  }

  /** The per-call state of one map walk; recycled, so resolving allocates nothing. */
  private static final class Loop implements TriConsumer<String, Object, JsonWriter> {
    private final LogContextResolver resolver;
    private ReadOnlyStringMap data;
    private boolean needSeparator;

    Loop(LogContextResolver resolver) {
      this.resolver = resolver;
    }

    void start(JsonWriter writer, ReadOnlyStringMap data, boolean succeedingEntry) {
      this.data = data;
      this.needSeparator = succeedingEntry;
    }

    void end() {
      this.data = null;
    }

    @Override
    public void accept(String key, Object value, JsonWriter writer) {
      if (needSeparator) {
        writer.writeSeparator();
      }
      needSeparator = true;
      writer.writeObjectKey(nameFor(key));
      resolver.writeValue(writer, value);
    }

    private CharSequence nameFor(String key) {
      LogContextResolver r = resolver;
      if (!r.flatten) {
        return key;
      }
      String candidate = r.prefix == null ? key : r.prefix + key;
      return r.reserved.contains(candidate) ? renamed(candidate) : candidate;
    }

    /** Prefixes a reserved key until it names neither a reserved field nor another context key. */
    private String renamed(String name) {
      LogContextResolver r = resolver;
      String candidate = r.collisionPrefix + name;
      while (r.reserved.contains(candidate) || data.containsKey(candidate)) {
        candidate = r.collisionPrefix + candidate;
      }
      return candidate;
    }
  }
}
