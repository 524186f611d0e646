package dev.logcontext.log4j2.internal;

import dev.logcontext.Snapshot;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout.EventTemplateAdditionalField;
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

  /** The collision prefix rule of {@code JsonFormat.Builder.collisionPrefix}. */
  private static final Pattern COLLISION_PREFIX = Pattern.compile("[A-Za-z0-9_.@-]{1,16}");

  private final String key;
  private final boolean flatten;
  private final String prefix;
  private final boolean stringified;
  private final Set<String> reserved;
  private final String collisionPrefix;
  private final Recycler<Loop> loops;
  private final int maxStringLength;
  private final String truncatedStringSuffix;
  private final Charset charset;

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
    JsonWriter writer = context.getJsonWriter();
    this.maxStringLength = writer.getMaxStringLength();
    this.truncatedStringSuffix = writer.getTruncatedStringSuffix();
    this.charset = context.getCharset();
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
    Set<String> reserved = new HashSet<>(DEFAULT_RESERVED_KEYS);
    Object reservedOption = config.getObject("reservedKeys");
    if (reservedOption != null) {
      if (!(reservedOption instanceof Collection)) {
        throw new IllegalArgumentException(
            "logContext resolver: reservedKeys must be an array of names: " + config);
      }
      reserved.clear();
      for (Object name : (Collection<?>) reservedOption) {
        reserved.add(String.valueOf(name));
      }
    }
    EventTemplateAdditionalField[] additional = context.getEventTemplateAdditionalFields();
    if (additional != null) {
      for (EventTemplateAdditionalField field : additional) {
        reserved.add(field.getKey());
      }
    }
    String collisionPrefix = config.getString("collisionPrefix");
    if (collisionPrefix == null) {
      collisionPrefix = "ctx_";
    } else if (!COLLISION_PREFIX.matcher(collisionPrefix).matches()) {
      throw new IllegalArgumentException(
          "logContext resolver: collisionPrefix '"
              + collisionPrefix
              + "' must be 1-16 chars of [A-Za-z0-9_.@-]: "
              + config);
    }
    return new LogContextResolver(
        context, key, flatten, prefix, stringified, Set.copyOf(reserved), collisionPrefix);
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
      loop.start(flatten && succeedingEntry);
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

  /**
   * The per-call state of one map walk; recycled, so resolving allocates nothing for names that
   * need no renaming.
   */
  private static final class Loop implements TriConsumer<String, Object, JsonWriter> {
    private final LogContextResolver resolver;
    private final WrittenNames written;
    private boolean needSeparator;

    Loop(LogContextResolver resolver) {
      this.resolver = resolver;
      this.written =
          new WrittenNames(
              resolver.maxStringLength, resolver.truncatedStringSuffix, resolver.charset);
    }

    void start(boolean succeedingEntry) {
      this.needSeparator = succeedingEntry;
    }

    void end() {
      written.clear();
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

    /**
     * Returns the name to write for {@code key}, by the rule of the JSON writer: the first field to
     * use a name (as written) keeps it; a later one, or one whose name is reserved (flatten mode
     * only), gets the collision prefix, repeated up to four times, then {@code prefix + name + "_"
     * + n}.
     */
    private String nameFor(String key) {
      LogContextResolver r = resolver;
      String candidate = r.prefix == null ? key : r.prefix + key;
      String name = written.asWritten(candidate);
      if (isFree(name)) {
        written.add(name);
        return candidate;
      }
      return renamed(name);
    }

    private boolean isFree(String name) {
      return !(resolver.flatten && resolver.reserved.contains(name)) && !written.contains(name);
    }

    private String renamed(String name) {
      String prefix = resolver.collisionPrefix;
      String candidate = prefix + name;
      // Bounded: past every taken name a free "_n" exists unless the layout cuts the names.
      int bound = written.size() + resolver.reserved.size() + 8;
      String candidateWritten = written.asWritten(candidate);
      for (int attempt = 2; !isFree(candidateWritten) && attempt < bound; attempt++) {
        candidate = attempt <= 4 ? prefix + candidate : prefix + name + "_" + attempt;
        candidateWritten = written.asWritten(candidate);
      }
      written.add(candidateWritten);
      return candidate;
    }
  }
}
