package dev.logcontext.json;

import static dev.logcontext.json.JsonFormat.DEFAULT_COLLISION_PREFIX;
import static dev.logcontext.json.JsonFormat.DEFAULT_ECS_VERSION;
import static dev.logcontext.json.JsonFormat.DEFAULT_MAX_STRING_LENGTH;
import static dev.logcontext.json.JsonFormat.DEFAULT_REDACTION_REPLACEMENT;
import static dev.logcontext.json.JsonFormat.DEFAULT_REDACT_KEYS;
import static dev.logcontext.json.JsonFormat.MIN_EVENT_BYTES;

import dev.logcontext.ContextKey;
import dev.logcontext.json.JsonFormat.Preset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The lenient build of a {@link JsonFormat}: each option checked, each bad one reported once and
 * replaced by its default, so that the result is always a valid format.
 *
 * <p>Stateless; works on a copy of the builder, never on the builder itself.
 */
final class FormatBuild {
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.@-]{1,16}");
  private static final Pattern GCP_PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]{0,99}");

  private FormatBuild() {}

  static JsonFormat build(JsonFormat.Builder self, Consumer<String> onInvalid) {
    Objects.requireNonNull(onInvalid, "onInvalid");
    Consumer<String> report =
        problem -> {
          try {
            onInvalid.accept(problem);
          } catch (RuntimeException ignored) {
            // A failing report must not stop the build.
          }
        };
    self.problems.forEach(report);
    JsonFormat.Builder b = self.copy();
    b.maxStringLength =
        limit(report, "maxStringLength", b.maxStringLength, DEFAULT_MAX_STRING_LENGTH);
    b.maxStackDepthPerThrowable =
        limit(report, "maxStackDepthPerThrowable", b.maxStackDepthPerThrowable, 0);
    b.shortenedClassNameLength =
        limit(report, "shortenedClassNameLength", b.shortenedClassNameLength, 0);
    b.maxStackTraceLength = limit(report, "maxStackTraceLength", b.maxStackTraceLength, 0);
    b.maxEventBytes = limit(report, "maxEventBytes", b.maxEventBytes, 0);
    if (b.maxEventBytes != 0 && b.maxEventBytes < MIN_EVENT_BYTES) {
      report.accept(
          "maxEventBytes: "
              + b.maxEventBytes
              + " is below the minimum of "
              + MIN_EVENT_BYTES
              + "; using the default (0, no cap)");
      b.maxEventBytes = 0;
    }
    if (b.collisionPrefix == null || !PREFIX.matcher(b.collisionPrefix).matches()) {
      report.accept(
          "collisionPrefix: '"
              + b.collisionPrefix
              + "' must be 1-16 chars of [A-Za-z0-9_.@-]; using the default '"
              + DEFAULT_COLLISION_PREFIX
              + "'");
      b.collisionPrefix = DEFAULT_COLLISION_PREFIX;
    }
    if (b.redactionReplacement == null) {
      report.accept(
          "redactionReplacement: must not be null; using the default '"
              + DEFAULT_REDACTION_REPLACEMENT
              + "'");
      b.redactionReplacement = DEFAULT_REDACTION_REPLACEMENT;
    }
    if (b.ecsVersion == null || b.ecsVersion.isEmpty()) {
      report.accept(
          "ecsVersion: must not be empty; using the default '" + DEFAULT_ECS_VERSION + "'");
      b.ecsVersion = DEFAULT_ECS_VERSION;
    }
    if (b.errorListener == null) {
      report.accept("errorListener: must not be null; using none");
      b.errorListener = error -> {};
    }
    for (String fragment : b.redactKeys) {
      if (fragment == null || fragment.isEmpty()) {
        // Fewer fragments would redact less than asked for: fall back to the whole default set.
        report.accept(
            "redactKeys: fragments must not be empty; using the default " + DEFAULT_REDACT_KEYS);
        b.redactKeys = DEFAULT_REDACT_KEYS;
        break;
      }
    }
    if (b.includeKeys.removeIf(Objects::isNull)) {
      report.accept("includeKeys: null key left out");
    }
    if (b.excludeKeys.removeIf(Objects::isNull)) {
      report.accept("excludeKeys: null key left out");
    }
    b.frameExclusions.removeIf(regex -> !validRegex(report, regex));
    pinnedTypes(b, report);
    for (StandardField field :
        List.of(StandardField.EVENT_TRUNCATED, StandardField.ENCODER_ERROR)) {
      if (Boolean.FALSE.equals(b.enabled.get(field))) {
        report.accept("exclude: " + field.id() + " cannot be excluded; it stays on");
        b.enabled.remove(field);
      }
    }
    if (b.preset == Preset.ECS && Boolean.FALSE.equals(b.enabled.get(StandardField.ECS_VERSION))) {
      report.accept(
          "exclude: ecs_version cannot be excluded with the ecs preset (the ECS spec requires"
              + " it); it stays on");
      b.enabled.remove(StandardField.ECS_VERSION);
    }
    if (b.valueConverter != null) {
      ConverterChoice.install(report, b.valueConverter);
    }
    gcpOptions(b, report);
    Map<StandardField, String> names = standardNames(b, report);
    if (b.nestDottedNames && b.preset == Preset.GCP) {
      report.accept(
          "nestDottedNames: not with the gcp preset, whose special field names contain dots;"
              + " using false");
      b.nestDottedNames = false;
    }
    if (b.nestDottedNames) {
      NestedNameCheck.standardNames(b, report, names);
    }
    b.nestContextUnder = nestName(b, report, names);
    Map<String, String> statics = statics(b, report, names, b.nestContextUnder);
    if (b.nestDottedNames) {
      NestedNameCheck.staticNames(report, names, statics);
      if (b.nestContextUnder != null
          && NestedNameCheck.clashes(b.nestContextUnder, names.values(), statics.keySet())) {
        report.accept(
            "nestContextUnder: '"
                + b.nestContextUnder
                + "' is also a nested name's object or field; context fields stay at the top"
                + " level");
        b.nestContextUnder = null;
      }
    }
    return new JsonFormat(b, names, statics);
  }

  /**
   * Checks the gcp preset's options: a project that is not a project id, a label key outside the
   * key rule, and either option with another preset are reported and left out.
   */
  private static void gcpOptions(JsonFormat.Builder b, Consumer<String> report) {
    boolean gcp = b.preset == Preset.GCP;
    if (b.gcpProject != null && !gcp) {
      report.accept(
          "gcpProject: '"
              + b.gcpProject
              + "' is used by the gcp preset only, not "
              + b.preset.name().toLowerCase(java.util.Locale.ROOT)
              + "; ignored");
      b.gcpProject = null;
    } else if (b.gcpProject != null && !GCP_PROJECT.matcher(b.gcpProject).matches()) {
      report.accept(
          "gcpProject: '"
              + b.gcpProject
              + "' is not a Google Cloud project id (letters, digits and .:_-, at most 100);"
              + " logging.googleapis.com/trace is not written");
      b.gcpProject = null;
    }
    if (!b.gcpLabels.isEmpty() && !gcp) {
      report.accept(
          "gcpLabels: "
              + b.gcpLabels
              + " are used by the gcp preset only, not "
              + b.preset.name().toLowerCase(java.util.Locale.ROOT)
              + "; ignored");
      b.gcpLabels.clear();
    }
    b.gcpLabels.removeIf(key -> !validName(report, "gcpLabels", key, "a label", null, false));
    List<String> unique = List.copyOf(new java.util.LinkedHashSet<>(b.gcpLabels));
    b.gcpLabels.clear();
    b.gcpLabels.addAll(unique);
  }

  /** Returns the names of the b.enabled standard fields; a bad or clashing rename is undone. */
  private static Map<StandardField, String> standardNames(
      JsonFormat.Builder b, Consumer<String> report) {
    Map<StandardField, String> names = new EnumMap<>(StandardField.class);
    for (StandardField field : StandardField.values()) {
      if (b.enabled.getOrDefault(field, field.enabledByDefault(b.preset))) {
        String wanted = b.renames.get(field);
        String fallback = field.defaultName(b.preset);
        if (wanted != null
            && !wanted.equals(fallback)
            && !validName(report, "fieldNames", wanted, field.id(), fallback, true)) {
          b.renames.remove(field);
        } else if (wanted != null && gcpSpecial(b, wanted)) {
          report.accept(
              "fieldNames: field name '"
                  + wanted
                  + "' is one of the gcp preset's special fields; "
                  + field.id()
                  + " keeps its default name '"
                  + fallback
                  + "'");
          b.renames.remove(field);
        }
        names.put(field, b.renames.getOrDefault(field, fallback));
      }
    }
    // Default names never clash with each other, so undoing the b.renames in a clash ends them.
    for (boolean clash = true; clash; ) {
      clash = false;
      Map<String, StandardField> owners = new HashMap<>();
      for (Map.Entry<StandardField, String> entry : names.entrySet()) {
        StandardField other = owners.putIfAbsent(entry.getValue(), entry.getKey());
        if (other != null) {
          StandardField renamed = b.renames.containsKey(entry.getKey()) ? entry.getKey() : other;
          report.accept(
              "fieldNames: field name '"
                  + entry.getValue()
                  + "' is used by both standard field "
                  + other.id()
                  + " and standard field "
                  + entry.getKey().id()
                  + "; "
                  + renamed.id()
                  + " keeps its default name '"
                  + renamed.defaultName(b.preset)
                  + "'");
          b.renames.remove(renamed);
          names.put(renamed, renamed.defaultName(b.preset));
          clash = true;
          break;
        }
      }
    }
    return names;
  }

  /** Returns the nest object's name, or null when unset, invalid or clashing with a field. */
  private static String nestName(
      JsonFormat.Builder b, Consumer<String> report, Map<StandardField, String> names) {
    if (b.nestContextUnder == null) {
      return null;
    }
    if (!validName(
        report, "nestContextUnder", b.nestContextUnder, "the context object", null, true)) {
      return null;
    }
    if (names.containsValue(b.nestContextUnder) || gcpSpecial(b, b.nestContextUnder)) {
      report.accept(
          "nestContextUnder: field name '"
              + b.nestContextUnder
              + "' is used by a standard or special field; context fields stay at the top level");
      return null;
    }
    return b.nestContextUnder;
  }

  /** Returns the valid static fields in order; a bad or clashing one is left out. */
  private static Map<String, String> statics(
      JsonFormat.Builder b,
      Consumer<String> report,
      Map<StandardField, String> names,
      String nest) {
    Map<String, String> statics = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>(names.values());
    if (nest != null) {
      taken.add(nest);
    }
    if (b.preset == Preset.GCP) {
      taken.addAll(JsonFormat.GCP_SPECIAL_FIELDS);
    }
    for (String[] entry : b.staticEntries) {
      if (!validName(report, "staticFields", entry[0], "a static field", null, true)) {
        continue;
      }
      if (entry[1] == null) {
        report.accept("staticFields: value of '" + entry[0] + "' must not be null; left out");
      } else if (!taken.add(entry[0])) {
        report.accept(
            "staticFields: field name '" + entry[0] + "' is already used; static field left out");
      } else {
        statics.put(entry[0], entry[1]);
      }
    }
    return statics;
  }

  /**
   * Leaves out each pin of a key outside the key rule or without a type, and each pin of a {@code
   * <key>_text} field of a pinned key to another type than keyword: that field takes strings.
   */
  private static void pinnedTypes(JsonFormat.Builder b, Consumer<String> report) {
    b.fieldTypes
        .entrySet()
        .removeIf(
            pin -> {
              String key = pin.getKey();
              if (!validName(report, "fieldTypes", key, "a pinned type", null, false)) {
                return true;
              }
              if (pin.getValue() == null) {
                report.accept("fieldTypes: type of '" + key + "' must not be null; left out");
                return true;
              }
              return false;
            });
    b.fieldTypes
        .entrySet()
        .removeIf(
            pin -> {
              String key = pin.getKey();
              String base =
                  key.endsWith(FieldType.TEXT_SUFFIX)
                      ? key.substring(0, key.length() - FieldType.TEXT_SUFFIX.length())
                      : null;
              if (base == null
                  || pin.getValue() == FieldType.KEYWORD
                  || !b.fieldTypes.containsKey(base)) {
                return false;
              }
              report.accept(
                  "fieldTypes: '"
                      + key
                      + ":"
                      + pin.getValue().id()
                      + "' takes the values of '"
                      + base
                      + "' that are not "
                      + b.fieldTypes.get(base).id()
                      + ", as strings; using keyword");
              return true;
            });
  }

  private static boolean gcpSpecial(JsonFormat.Builder b, String name) {
    return b.preset == Preset.GCP && JsonFormat.GCP_SPECIAL_FIELDS.contains(name);
  }

  private static int limit(Consumer<String> report, String option, int value, int fallback) {
    if (value >= 0) {
      return value;
    }
    report.accept(
        option
            + ": "
            + value
            + " is negative (0 = unlimited); using the default ("
            + fallback
            + ")");
    return fallback;
  }

  private static boolean validRegex(Consumer<String> report, String regex) {
    if (regex == null) {
      report.accept("frameExclusions: null regex left out");
      return false;
    }
    try {
      Pattern.compile(regex);
      return true;
    } catch (PatternSyntaxException e) {
      report.accept(
          "frameExclusions: invalid regex '" + regex + "': " + e.getDescription() + "; left out");
      return false;
    }
  }

  /**
   * Returns whether {@code name} follows the key rule, reporting it when not. A configured name
   * ({@code slash}: a standard field's, a static field's, the nest object's) may also contain
   * {@code /}, as Google's special fields do; context keys may not.
   */
  private static boolean validName(
      Consumer<String> report,
      String option,
      String name,
      String what,
      String fallback,
      boolean slash) {
    if (ContextKey.isValidName(slash && name != null ? name.replace('/', '_') : name)) {
      return true;
    }
    report.accept(
        option
            + ": '"
            + name
            + "' for "
            + what
            + " is not a valid field name (1-64 chars of "
            + (slash ? "[A-Za-z0-9_.@/-]" : "[A-Za-z0-9_.@-]")
            + ", not starting with a digit); "
            + (fallback == null ? "left out" : "using the default '" + fallback + "'"));
    return false;
  }
}
