package dev.logcontext.logctx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code logctx template}: a composable index template (OpenSearch 2.x, Elasticsearch 8.x) for the
 * lines of the JSON encoders with one preset. The encoders' own fields get explicit types; every
 * other field (context, MDC, key-value) is mapped by {@code dynamic_templates} so that two services
 * writing one name with different JSON types cannot get a document rejected:
 *
 * <ul>
 *   <li>scalars of any JSON type (string, number, boolean) become {@code keyword}, so {@code 42}
 *       and {@code "u-42"} both fit; a field pinned to a type ({@link FieldTypes}) is mapped with
 *       that type instead, and {@code <name>_text} as {@code keyword}, where an encoder with the
 *       same {@code fieldTypes} writes a value of another type;
 *   <li>objects of unknown fields are kept in {@code _source} but not indexed ({@code enabled:
 *       false}), so a later scalar under the same name is accepted;
 *   <li>the index setting {@code index.mapping.ignore_malformed} keeps a document whose value does
 *       not fit a typed field (the value is left unindexed), also an object where a scalar was
 *       mapped first;
 *   <li>no date or numeric detection in strings, and {@code ignore_above} on keywords, so a long
 *       value cannot exceed Lucene's term limit.
 * </ul>
 *
 * <p>The design and its limits are in {@code docs/log-stores.md}. Stateless.
 */
final class IndexTemplate {
  /** The encoders' presets a template can be made for. */
  enum Preset {
    LOGSTASH,
    ECS
  }

  static final String DEFAULT_INDEX_PATTERN = "logs-*";

  /** Keyword values longer than this are kept in {@code _source} only (Lucene's term limit). */
  static final int IGNORE_ABOVE = 1024;

  /** Enough for many services' context fields in one index; the default is 1,000. */
  static final int TOTAL_FIELDS_LIMIT = 5000;

  /** Above the built-in templates' priorities (Elasticsearch's {@code logs} is 100). */
  static final int PRIORITY = 200;

  private static final JsonFactory JSON = new JsonFactory();

  private IndexTemplate() {}

  /** Returns the template as pretty-printed JSON. */
  static String render(Preset preset, String indexPattern, FieldTypes pinned) {
    Map<String, Object> properties = new LinkedHashMap<>();
    standardFields(preset, properties);
    for (Map.Entry<String, FieldTypes.Type> field : pinned.types().entrySet()) {
      if (has(properties, field.getKey())) {
        throw new IllegalArgumentException(
            "field '" + field.getKey() + "' is one of the encoder's own fields, already mapped");
      }
      put(properties, field.getKey(), pinnedMapping(field.getValue()));
      put(properties, field.getKey() + "_text", keyword());
    }
    Map<String, Object> mappings = new LinkedHashMap<>();
    mappings.put("date_detection", false);
    mappings.put("numeric_detection", false);
    mappings.put(
        "dynamic_templates",
        List.of(
            Map.of(
                "unknown_objects_unindexed",
                ordered(
                    "match_mapping_type",
                    "object",
                    "mapping",
                    ordered("type", "object", "enabled", false))),
            scalarsAsKeyword("string"),
            scalarsAsKeyword("long"),
            scalarsAsKeyword("double"),
            scalarsAsKeyword("boolean")));
    mappings.put("properties", properties);

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("index.mapping.ignore_malformed", true);
    settings.put("index.mapping.total_fields.limit", TOTAL_FIELDS_LIMIT);

    Map<String, Object> template = new LinkedHashMap<>();
    template.put("index_patterns", List.of(indexPattern));
    template.put("priority", PRIORITY);
    template.put(
        "_meta",
        ordered(
            "description",
            "JSON log lines of the logging-context encoders, preset "
                + preset.name().toLowerCase(Locale.ROOT)));
    template.put("template", ordered("settings", settings, "mappings", mappings));
    return write(template);
  }

  private static void standardFields(Preset preset, Map<String, Object> properties) {
    put(properties, "@timestamp", type("date"));
    put(properties, "message", type("text"));
    put(properties, "tags", keyword());
    put(properties, "correlation_id", keyword());
    put(properties, "request_id", keyword());
    put(properties, "encoder_error", keyword());
    put(
        properties,
        "event_truncated",
        ordered(
            "properties",
            ordered(
                "original_bytes", type("long"),
                "dropped", keyword(),
                "shortened", keyword())));
    if (preset == Preset.LOGSTASH) {
      put(properties, "@version", keyword());
      put(properties, "level", keyword());
      put(properties, "level_value", type("long"));
      put(properties, "logger_name", keyword());
      put(properties, "thread_name", keyword());
      put(properties, "stack_trace", type("text"));
      put(properties, "throwable_class", keyword());
      put(properties, "throwable_message", type("text"));
      put(properties, "trace_id", keyword());
      put(properties, "span_id", keyword());
    } else {
      put(properties, "log.level", keyword());
      put(properties, "level_value", type("long"));
      put(properties, "log.logger", keyword());
      put(properties, "process.thread.name", keyword());
      put(properties, "ecs.version", keyword());
      put(properties, "error.type", keyword());
      put(properties, "error.message", type("text"));
      put(properties, "error.stack_trace", type("text"));
      put(properties, "trace.id", keyword());
      put(properties, "span.id", keyword());
      put(properties, "transaction.id", keyword());
    }
  }

  private static Map<String, Object> pinnedMapping(FieldTypes.Type type) {
    return switch (type) {
      case LONG -> ordered("type", "long", "ignore_malformed", true);
      case DOUBLE -> ordered("type", "double", "ignore_malformed", true);
      // Terms true and false: OpenSearch's boolean has no ignore_malformed, so one writer
      // without the pin would get its lines rejected.
      case BOOLEAN, KEYWORD -> keyword();
    };
  }

  private static Map<String, Object> scalarsAsKeyword(String jsonType) {
    return Map.of(
        "unknown_" + jsonType + "s_as_keyword",
        ordered("match_mapping_type", jsonType, "mapping", keyword()));
  }

  private static Map<String, Object> keyword() {
    return ordered("type", "keyword", "ignore_above", IGNORE_ABOVE);
  }

  private static Map<String, Object> type(String type) {
    return ordered("type", type);
  }

  /** Whether something is mapped at the dotted {@code path}. */
  @SuppressWarnings("unchecked")
  private static boolean has(Map<String, Object> properties, String path) {
    Map<String, Object> level = properties;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      Object object = level.get(parts[i]);
      if (!(object instanceof Map<?, ?> map) || !(map.get("properties") instanceof Map)) {
        return false;
      }
      level = (Map<String, Object>) ((Map<?, ?>) object).get("properties");
    }
    return level.containsKey(parts[parts.length - 1]);
  }

  /** Puts {@code mapping} at the dotted {@code path}, as nested object properties. */
  @SuppressWarnings("unchecked")
  private static void put(
      Map<String, Object> properties, String path, Map<String, Object> mapping) {
    Map<String, Object> level = properties;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      Map<String, Object> object =
          (Map<String, Object>)
              level.computeIfAbsent(parts[i], k -> ordered("properties", new LinkedHashMap<>()));
      Object inner = object.get("properties");
      if (!(inner instanceof Map)) {
        throw new IllegalArgumentException(
            "field '" + path + "' is inside '" + parts[i] + "', which is not an object");
      }
      level = (Map<String, Object>) inner;
    }
    Object existing = level.get(parts[parts.length - 1]);
    if (existing instanceof Map<?, ?> map && map.containsKey("properties")) {
      throw new IllegalArgumentException(
          "field '" + path + "' is an object of other fields, it cannot also have a type");
    }
    level.put(parts[parts.length - 1], mapping);
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static String write(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.useDefaultPrettyPrinter();
      writeValue(json, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeValue(JsonGenerator json, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        json.writeFieldName((String) entry.getKey());
        writeValue(json, entry.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof List<?> list) {
      json.writeStartArray();
      for (Object item : list) {
        writeValue(json, item);
      }
      json.writeEndArray();
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else if (value instanceof Integer n) {
      json.writeNumber(n);
    } else {
      json.writeString((String) value);
    }
  }
}
