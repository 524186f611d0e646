package dev.logcontext.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The string form of the {@link JsonFormat.Builder} options: the one table through which the
 * Logback encoder's setters and the Log4j2 layout's attributes configure a format, and the one
 * place where string lists, {@code name=value} entries, whole numbers and booleans are parsed.
 *
 * <p>List syntax: items are separated by commas and trimmed, empty items are left out. A backslash
 * and the character after it are read as a pair: {@code \,} is a comma inside an item, every other
 * pair is kept as written. This is the reading of Java regular expressions too ({@code \,} matches
 * a comma, {@code \\} is one backslash), so a regex with a comma is written {@code a{1\,3}} and
 * {@code \.} or {@code \d} stay as they are.
 *
 * <p>Thread-safety: stateless; the table is immutable.
 */
final class Options {

  /** How one option's string value is applied to a builder. */
  @FunctionalInterface
  private interface Setter extends BiConsumer<JsonFormat.Builder, String> {}

  /**
   * The options in documentation order; {@link JsonFormat.Builder#options(Map)} applies them so.
   */
  private static final Map<String, Setter> TABLE = table();

  private Options() {}

  private static Map<String, Setter> table() {
    Map<String, Setter> t = new LinkedHashMap<>();
    t.put("preset", JsonFormat.Builder::preset);
    t.put("fieldNames", JsonFormat.Builder::fieldNames);
    t.put("includeFields", JsonFormat.Builder::includeFields);
    t.put("excludeFields", JsonFormat.Builder::excludeFields);
    t.put("staticFields", JsonFormat.Builder::staticFields);
    t.put("includeKeys", JsonFormat.Builder::includeKeys);
    t.put("excludeKeys", JsonFormat.Builder::excludeKeys);
    t.put("fieldTypes", JsonFormat.Builder::fieldTypes);
    t.put("nestContextUnder", JsonFormat.Builder::nestContextUnder);
    t.put("collisionPrefix", JsonFormat.Builder::collisionPrefix);
    t.put(
        "maxStringLength",
        whole(
            "maxStringLength",
            JsonFormat.DEFAULT_MAX_STRING_LENGTH,
            (b, v) -> b.maxStringLength(v)));
    t.put("maxEventBytes", whole("maxEventBytes", 0, (b, v) -> b.maxEventBytes(v)));
    t.put("redactKeys", JsonFormat.Builder::redactKeys);
    t.put("redactionReplacement", JsonFormat.Builder::redactionReplacement);
    t.put(
        "maxStackDepthPerThrowable",
        whole("maxStackDepthPerThrowable", 0, (b, v) -> b.maxStackDepthPerThrowable(v)));
    t.put(
        "shortenedClassNameLength",
        whole("shortenedClassNameLength", 0, (b, v) -> b.shortenedClassNameLength(v)));
    t.put("frameExclusion", JsonFormat.Builder::addFrameExclusion);
    t.put("frameExclusions", (b, v) -> b.frameExclusions(splitList(v)));
    t.put("rootCauseFirst", (b, v) -> b.rootCauseFirst(bool(b, "rootCauseFirst", v)));
    t.put(
        "maxStackTraceLength", whole("maxStackTraceLength", 0, (b, v) -> b.maxStackTraceLength(v)));
    t.put("ecsVersion", JsonFormat.Builder::ecsVersion);
    t.put("valueConverter", JsonFormat.Builder::valueConverter);
    t.put("gcpProject", JsonFormat.Builder::gcpProject);
    t.put("gcpLabels", JsonFormat.Builder::gcpLabels);
    t.put("nestDottedNames", (b, v) -> b.nestDottedNames(bool(b, "nestDottedNames", v)));
    return Collections.unmodifiableMap(t);
  }

  /** Returns the option names, in documentation order. */
  static Set<String> names() {
    return TABLE.keySet();
  }

  /** Applies one option; a null value leaves the option as it is, an unknown name is recorded. */
  static void apply(JsonFormat.Builder builder, String name, String value) {
    if (value == null) {
      return;
    }
    Setter setter = TABLE.get(name);
    if (setter == null) {
      builder.fail(name + ": unknown option (value '" + value + "'); ignored");
    } else {
      setter.accept(builder, value);
    }
  }

  /** Applies every entry, known options in table order whatever the map's order, then the rest. */
  static void applyAll(JsonFormat.Builder builder, Map<String, String> options) {
    for (Map.Entry<String, Setter> option : TABLE.entrySet()) {
      String value = options.get(option.getKey());
      if (value != null) {
        option.getValue().accept(builder, value);
      }
    }
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (!TABLE.containsKey(option.getKey())) {
        apply(builder, option.getKey(), option.getValue());
      }
    }
  }

  /**
   * Returns the items of a comma-separated list (see the class comment): trimmed, empty ones left
   * out, {@code \,} read as a comma inside an item; a null list has no items.
   */
  static List<String> splitList(String list) {
    List<String> items = new ArrayList<>();
    if (list == null) {
      return items;
    }
    StringBuilder item = new StringBuilder();
    int length = list.length();
    for (int i = 0; i < length; i++) {
      char c = list.charAt(i);
      if (c == '\\' && i + 1 < length) {
        char next = list.charAt(++i);
        if (next != ',') {
          item.append(c);
        }
        item.append(next);
      } else if (c == ',') {
        addTrimmed(items, item);
      } else {
        item.append(c);
      }
    }
    addTrimmed(items, item);
    return items;
  }

  private static void addTrimmed(List<String> items, StringBuilder item) {
    String trimmed = item.toString().trim();
    if (!trimmed.isEmpty()) {
      items.add(trimmed);
    }
    item.setLength(0);
  }

  /**
   * Returns the {@code name=value} entries of a list, split at the first {@code =} and trimmed; on
   * an entry without a name, records the problem and returns the entries before it.
   */
  static List<String[]> pairs(Consumer<String> fail, String option, String list) {
    List<String[]> pairs = new ArrayList<>();
    for (String item : splitList(list)) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        fail.accept(option + ": entry '" + item + "' is not name=value");
        return pairs;
      }
      pairs.add(new String[] {item.substring(0, eq).trim(), item.substring(eq + 1).trim()});
    }
    return pairs;
  }

  /** How a whole-number option is set once its value is parsed. */
  @FunctionalInterface
  private interface IntSetter {
    void set(JsonFormat.Builder builder, int value);
  }

  private static Setter whole(String option, int fallback, IntSetter setter) {
    return (builder, value) -> {
      int parsed;
      try {
        parsed = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        builder.fail(
            option
                + ": '"
                + value
                + "' is not a whole number; using the default ("
                + fallback
                + ")");
        parsed = fallback;
      }
      setter.set(builder, parsed);
    };
  }

  private static boolean bool(JsonFormat.Builder builder, String option, String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    if (wanted.equals("true") || wanted.equals("false")) {
      return wanted.equals("true");
    }
    builder.fail(option + ": '" + value + "' is not true or false; using the default (false)");
    return false;
  }
}
