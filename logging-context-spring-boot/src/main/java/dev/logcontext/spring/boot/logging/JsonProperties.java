package dev.logcontext.spring.boot.logging;

import dev.logcontext.json.JsonFormat;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
    Map<String, TreeMap<Integer, String>> items = new LinkedHashMap<>();
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
      // A YAML list item comes as name.0, name.1, ... (or name[0] from other sources).
      String index = null;
      if (mapKey != null && !mapKey.isEmpty() && mapKey.chars().allMatch(Character::isDigit)) {
        index = mapKey;
        mapKey = null;
      } else if (head.endsWith("]") && head.indexOf('[') > 0) {
        index = head.substring(head.indexOf('[') + 1, head.length() - 1);
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
      if (index != null) {
        items
            .computeIfAbsent(option, name -> new TreeMap<>())
            .put(parseIndex(index), escape(value));
      } else if (mapKey != null) {
        options.merge(
            option, escape(mapKey) + "=" + escape(value), (before, added) -> before + "," + added);
      } else {
        options.put(option, value);
      }
    }
    for (Map.Entry<String, TreeMap<Integer, String>> list : items.entrySet()) {
      options.put(list.getKey(), String.join(",", list.getValue().values()));
    }
    return options;
  }

  /**
   * Sets every {@code logcontext.json} option of {@code environment} on {@code target} through its
   * setter of the option's name ({@code setMaxEventBytes}, {@code addFrameExclusion}), as the
   * logging backend's own configuration would; each problem goes to {@code onProblem}, naming the
   * property, and the option is left out.
   */
  static void configure(Environment environment, Object target, Consumer<String> onProblem) {
    for (Map.Entry<String, String> option : options(environment, onProblem).entrySet()) {
      apply(target, option.getKey(), option.getValue(), onProblem);
    }
  }

  /** Calls the setter of {@code option} on {@code target} with {@code value}, converted. */
  static void apply(Object target, String option, String value, Consumer<String> onProblem) {
    String property = propertyName(option);
    Method setter = setter(target.getClass(), option);
    if (setter == null) {
      onProblem.accept(property + ": no such option in " + target.getClass().getName());
      return;
    }
    Class<?> type = setter.getParameterTypes()[0];
    String trimmed = value.trim();
    Object argument;
    if (type == int.class || type == Integer.class) {
      try {
        argument = Integer.parseInt(trimmed);
      } catch (NumberFormatException e) {
        onProblem.accept(property + ": '" + value + "' is not a whole number; ignored");
        return;
      }
    } else if (type == boolean.class || type == Boolean.class) {
      String wanted = trimmed.toLowerCase(Locale.ROOT);
      if (!wanted.equals("true") && !wanted.equals("false")) {
        onProblem.accept(property + ": '" + value + "' is not true or false; ignored");
        return;
      }
      argument = wanted.equals("true");
    } else {
      argument = value;
    }
    try {
      setter.invoke(target, argument);
    } catch (IllegalAccessException | InvocationTargetException e) {
      onProblem.accept(property + ": '" + value + "' was refused: " + e);
    }
  }

  /** Returns the public one-argument setter of {@code option} in {@code type}, or null. */
  static Method setter(Class<?> type, String option) {
    String suffix = Character.toUpperCase(option.charAt(0)) + option.substring(1);
    for (Method method : type.getMethods()) {
      if (method.getParameterCount() == 1
          && (method.getName().equals("set" + suffix) || method.getName().equals("add" + suffix))) {
        return method;
      }
    }
    return null;
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

  private static int parseIndex(String index) {
    try {
      return Integer.parseInt(index);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static String uniform(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  private static String escape(String item) {
    return item.replace(",", "\\,");
  }
}
