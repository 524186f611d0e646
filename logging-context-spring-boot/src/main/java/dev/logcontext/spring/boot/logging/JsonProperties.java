package dev.logcontext.spring.boot.logging;

import dev.logcontext.json.JsonFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads the {@code logcontext.json.*} properties into the option names of {@link JsonFormat}: the
 * string form that the Logback encoder's setters and the Log4j2 layout's attributes take.
 *
 * <p>A property names an option in any of Boot's relaxed forms ({@code max-event-bytes}, {@code
 * maxEventBytes}, {@code LOGCONTEXT_JSON_MAXEVENTBYTES}). A list may be one comma-separated value
 * or a YAML list; static fields may be one {@code name=value,...} value or a map, {@code
 * logcontext.json.static-fields.service=orders}. An unknown name is reported, naming the property,
 * and left out.
 */
final class JsonProperties {
  static final String PREFIX = "logcontext.json";

  private JsonProperties() {}

  /** Returns the options set under {@value #PREFIX}, by option name, in the order found. */
  static Map<String, String> options(Environment environment, Consumer<String> onProblem) {
    Map<String, String> canonical = new LinkedHashMap<>();
    for (String name : JsonFormat.optionNames()) {
      canonical.put(uniform(name), name);
    }
    Map<String, String> raw =
        Binder.get(environment)
            .bind(PREFIX, Bindable.mapOf(String.class, String.class))
            .orElseGet(Map::of);
    Map<String, String> options = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : raw.entrySet()) {
      String key = entry.getKey();
      String value = entry.getValue() == null ? "" : entry.getValue();
      String head = key;
      String mapKey = null;
      int dot = key.indexOf('.');
      if (dot > 0) {
        head = key.substring(0, dot);
        mapKey = key.substring(dot + 1);
      }
      boolean listItem = head.endsWith("]") && head.indexOf('[') > 0;
      if (listItem) {
        head = head.substring(0, head.indexOf('['));
      }
      String option = canonical.get(uniform(head));
      if (option == null || (mapKey != null && !option.equals("staticFields"))) {
        onProblem.accept(
            PREFIX
                + "."
                + key
                + ": unknown option (value '"
                + value
                + "'); ignored. The options are "
                + JsonFormat.optionNames());
        continue;
      }
      String item = mapKey != null ? escape(mapKey) + "=" + escape(value) : value;
      if (mapKey != null || listItem) {
        options.merge(option, item, (before, added) -> before + "," + added);
      } else {
        options.put(option, item);
      }
    }
    return options;
  }

  /** Returns the property name of an option, as the documentation writes it. */
  static String propertyName(String option) {
    StringBuilder out = new StringBuilder(PREFIX).append('.');
    for (int i = 0; i < option.length(); i++) {
      char c = option.charAt(i);
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String uniform(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  private static String escape(String item) {
    return item.replace(",", "\\,");
  }
}
