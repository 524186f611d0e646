package dev.logcontext.json;

import dev.logcontext.ContextKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The options of a {@link JsonEventWriter}: field names, static fields, key filters, limits,
 * redaction and stack-trace rendering. Built once with {@link #builder()}, validated by {@link
 * Builder#build()}.
 *
 * <pre>{@code
 * JsonFormat format = JsonFormat.builder()
 *     .preset("ecs")
 *     .staticFields("service.name=orders,service.environment=prod")
 *     .maxEventBytes(16_384)
 *     .build();
 * JsonEventWriter writer = JsonEventWriter.create(format);
 * }</pre>
 *
 * <p>Thread-safety: instances are immutable and safe to share. Every accessor returns an
 * unmodifiable value.
 */
public final class JsonFormat {

  /** The field-name presets. */
  public enum Preset {
    /** logstash-logback-encoder names: {@code @timestamp}, {@code level}, {@code logger_name}. */
    LOGSTASH,
    /** Elastic Common Schema: {@code @timestamp}, {@code log.level}, {@code message} first. */
    ECS,
    /**
     * Google Cloud Logging: {@code timestamp}, {@code severity} with Google's names, and the
     * special {@code logging.googleapis.com/…} trace, span and label fields.
     */
    GCP
  }

  /** The default for {@link Builder#maxStringLength(int)}: 16384 chars. */
  public static final int DEFAULT_MAX_STRING_LENGTH = 16_384;

  /** The smallest non-zero {@link Builder#maxEventBytes(int)}: 1024 bytes. */
  public static final int MIN_EVENT_BYTES = 1024;

  /** The default collision prefix: {@code ctx_}. */
  public static final String DEFAULT_COLLISION_PREFIX = "ctx_";

  /** The default redacted key fragments. */
  public static final List<String> DEFAULT_REDACT_KEYS =
      List.of("password", "token", "authorization", "secret", "cookie");

  /** The default replacement of a redacted value: {@code [redacted]}. */
  public static final String DEFAULT_REDACTION_REPLACEMENT = "[redacted]";

  /** The default ECS version written by the ECS preset: {@code 8.11}. */
  public static final String DEFAULT_ECS_VERSION = "8.11";

  /**
   * The special fields of Google Cloud Logging that the gcp preset derives from the event's fields:
   * {@code logging.googleapis.com/trace}, {@code …/spanId}, {@code …/trace_sampled} and {@code
   * …/labels}. In that preset their names are reserved: no other field is written under them.
   */
  public static final List<String> GCP_SPECIAL_FIELDS =
      List.of(
          "logging.googleapis.com/trace",
          "logging.googleapis.com/spanId",
          "logging.googleapis.com/trace_sampled",
          "logging.googleapis.com/labels");

  private static final JsonFormat DEFAULTS = builder().build();

  private final Preset preset;
  private final Map<StandardField, String> fieldNames;
  private final Map<String, String> staticFields;
  private final Set<String> includeKeys;
  private final Set<String> excludeKeys;
  private final Map<String, FieldType> fieldTypes;
  private final String nestContextUnder;
  private final String collisionPrefix;
  private final int maxStringLength;
  private final int maxEventBytes;
  private final List<String> redactKeys;
  private final String redactionReplacement;
  private final int maxStackDepthPerThrowable;
  private final int shortenedClassNameLength;
  private final List<String> frameExclusions;
  private final boolean rootCauseFirst;
  private final int maxStackTraceLength;
  private final String ecsVersion;
  private final String gcpProject;
  private final List<String> gcpLabels;
  private final boolean nestDottedNames;
  private final Consumer<? super Throwable> errorListener;

  JsonFormat(Builder b, Map<StandardField, String> names, Map<String, String> statics) {
    this.preset = b.preset;
    this.fieldNames = Collections.unmodifiableMap(names);
    this.staticFields = Collections.unmodifiableMap(statics);
    this.includeKeys = Collections.unmodifiableSet(new LinkedHashSet<>(b.includeKeys));
    this.excludeKeys = Collections.unmodifiableSet(new LinkedHashSet<>(b.excludeKeys));
    this.fieldTypes = Collections.unmodifiableMap(new LinkedHashMap<>(b.fieldTypes));
    this.nestContextUnder = b.nestContextUnder;
    this.collisionPrefix = b.collisionPrefix;
    this.maxStringLength = b.maxStringLength;
    this.maxEventBytes = b.maxEventBytes;
    this.redactKeys = List.copyOf(b.redactKeys);
    this.redactionReplacement = b.redactionReplacement;
    this.maxStackDepthPerThrowable = b.maxStackDepthPerThrowable;
    this.shortenedClassNameLength = b.shortenedClassNameLength;
    this.frameExclusions = List.copyOf(b.frameExclusions);
    this.rootCauseFirst = b.rootCauseFirst;
    this.maxStackTraceLength = b.maxStackTraceLength;
    this.ecsVersion = b.ecsVersion;
    this.gcpProject = b.gcpProject;
    this.gcpLabels = List.copyOf(b.gcpLabels);
    this.nestDottedNames = b.nestDottedNames;
    this.errorListener = b.errorListener;
  }

  /** Returns a new builder with the logstash preset and every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the default format: logstash names, all defaults. */
  public static JsonFormat defaults() {
    return DEFAULTS;
  }

  /**
   * Returns the names accepted by {@link Builder#option(String, String)}, in the order of the
   * options table of {@code docs/json-format.md}: the string form of every option except the error
   * listener. Both logging backends configure a format through these names.
   */
  public static Set<String> optionNames() {
    return Options.names();
  }

  /** Returns the preset this format was built from. */
  public Preset preset() {
    return preset;
  }

  /** Returns the name {@code field} is written under, or null when the field is not written. */
  public String fieldName(StandardField field) {
    return fieldNames.get(field);
  }

  /** Returns the static fields, in configuration order. */
  public Map<String, String> staticFields() {
    return staticFields;
  }

  /** Returns the keys to include (empty: all keys not excluded). */
  public Set<String> includeKeys() {
    return includeKeys;
  }

  /** Returns the keys to exclude. */
  public Set<String> excludeKeys() {
    return excludeKeys;
  }

  /**
   * Returns the pinned JSON types of context, MDC and key-value fields by key, in configuration
   * order (docs/json-format.md, "Pinned field types").
   */
  public Map<String, FieldType> fieldTypes() {
    return fieldTypes;
  }

  /** Returns the name of the object that holds context and MDC fields, or null for top level. */
  public String nestContextUnder() {
    return nestContextUnder;
  }

  /** Returns the prefix that renames a colliding or duplicate field. */
  public String collisionPrefix() {
    return collisionPrefix;
  }

  /** Returns the maximum length in chars of each string value; 0 means unlimited. */
  public int maxStringLength() {
    return maxStringLength;
  }

  /** Returns the maximum size in bytes of one line including the newline; 0 means no cap. */
  public int maxEventBytes() {
    return maxEventBytes;
  }

  /** Returns the key fragments whose values are redacted (case-insensitive substring match). */
  public List<String> redactKeys() {
    return redactKeys;
  }

  /** Returns the string that replaces a redacted value. */
  public String redactionReplacement() {
    return redactionReplacement;
  }

  /** Returns the maximum number of frames written per throwable; 0 means unlimited. */
  public int maxStackDepthPerThrowable() {
    return maxStackDepthPerThrowable;
  }

  /** Returns the target length of shortened class names in stack traces; 0 means not shortened. */
  public int shortenedClassNameLength() {
    return shortenedClassNameLength;
  }

  /** Returns the regular expressions of stack frames to omit. */
  public List<String> frameExclusions() {
    return frameExclusions;
  }

  /** Returns whether stack traces start with the root cause. */
  public boolean rootCauseFirst() {
    return rootCauseFirst;
  }

  /** Returns the maximum length in chars of the whole stack trace; 0 means unlimited. */
  public int maxStackTraceLength() {
    return maxStackTraceLength;
  }

  /** Returns the value of {@code ecs.version}. */
  public String ecsVersion() {
    return ecsVersion;
  }

  /**
   * Returns the Google Cloud project of {@code logging.googleapis.com/trace} in the gcp preset, or
   * null (then that field is not written).
   */
  public String gcpProject() {
    return gcpProject;
  }

  /**
   * Returns the keys whose values the gcp preset writes as {@code logging.googleapis.com/labels}.
   */
  public List<String> gcpLabels() {
    return gcpLabels;
  }

  /**
   * Returns whether dotted standard and static field names are written as nested objects ({@code
   * log.level} as {@code "log":{"level":…}}).
   */
  public boolean nestDottedNames() {
    return nestDottedNames;
  }

  /** Returns the listener that is told about exceptions caught while encoding. */
  public Consumer<? super Throwable> errorListener() {
    return errorListener;
  }

  /**
   * Collects options for a {@link JsonFormat}. Setters only record; {@link #build()} validates
   * everything and names the first bad option.
   *
   * <p>Thread-safety: not thread-safe; use one builder on one thread.
   */
  public static final class Builder {
    Preset preset = Preset.LOGSTASH;
    final Map<StandardField, String> renames = new EnumMap<>(StandardField.class);
    final Map<StandardField, Boolean> enabled = new EnumMap<>(StandardField.class);
    final List<String[]> staticEntries = new ArrayList<>();
    final List<String> includeKeys = new ArrayList<>();
    final List<String> excludeKeys = new ArrayList<>();
    final Map<String, FieldType> fieldTypes = new LinkedHashMap<>();
    String nestContextUnder;
    String collisionPrefix = DEFAULT_COLLISION_PREFIX;
    int maxStringLength = DEFAULT_MAX_STRING_LENGTH;
    int maxEventBytes;
    List<String> redactKeys = DEFAULT_REDACT_KEYS;
    String redactionReplacement = DEFAULT_REDACTION_REPLACEMENT;
    int maxStackDepthPerThrowable;
    int shortenedClassNameLength;
    final List<String> frameExclusions = new ArrayList<>();
    boolean rootCauseFirst;
    int maxStackTraceLength;
    String ecsVersion = DEFAULT_ECS_VERSION;
    String valueConverter;
    String gcpProject;
    final List<String> gcpLabels = new ArrayList<>();
    boolean nestDottedNames;
    Consumer<? super Throwable> errorListener = error -> {};
    final List<String> problems = new ArrayList<>();

    private Builder() {}

    /**
     * Sets one option from its string form, as a configuration file gives it: {@code
     * option("maxEventBytes", "16384")}, {@code option("staticFields", "service=orders,env=prod")}.
     * The names are those of {@link JsonFormat#optionNames()}; each does what the builder method of
     * the same name does ({@code frameExclusion} is {@link #addFrameExclusion(String)}, one regex
     * as written; {@code frameExclusions} a list of them).
     *
     * <p>Lists are comma-separated; items are trimmed and empty ones left out. A backslash and the
     * character after it are read as a pair: {@code \,} is a comma inside an item, every other pair
     * is kept as written, which is how a regular expression reads them too. So {@code
     * frameExclusions("a{1\,3},b")} is the two regexes {@code a{1,3}} and {@code b}, and {@code
     * staticFields("note=x\,y")} has the value {@code x,y}. List options add to what is set
     * already, like the builder methods.
     *
     * <p>Bad input: a null value leaves the option as it is. An unknown name, a value that is not a
     * whole number or not {@code true}/{@code false}, and every other bad value are only recorded
     * here, never thrown: {@link #build()} fails naming the first, {@link #build(Consumer)} reports
     * each once and uses the option's default.
     */
    public Builder option(String name, String value) {
      Options.apply(this, Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /**
     * Sets every option of {@code options} as {@link #option(String, String)} does; known options
     * are applied in the order of {@link JsonFormat#optionNames()} whatever the map's order, then
     * unknown ones (which are reported). Entries with a null value are skipped.
     */
    public Builder options(Map<String, String> options) {
      Options.applyAll(this, options);
      return this;
    }

    /** Selects the field-name preset (default {@link Preset#LOGSTASH}). */
    public Builder preset(Preset preset) {
      this.preset = Objects.requireNonNull(preset, "preset");
      return this;
    }

    /**
     * Selects the preset by name, {@code "logstash"}, {@code "ecs"} or {@code "gcp"}
     * (case-insensitive); an unknown name fails at {@link #build()}.
     */
    public Builder preset(String name) {
      String wanted = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
      for (Preset candidate : Preset.values()) {
        if (candidate.name().equals(wanted)) {
          this.preset = candidate;
          return this;
        }
      }
      return fail("preset: unknown preset '" + name + "'; expected logstash, ecs or gcp");
    }

    /** Writes {@code field} under {@code name} instead of the preset's name. */
    public Builder fieldName(StandardField field, String name) {
      renames.put(Objects.requireNonNull(field, "field"), name);
      return this;
    }

    /**
     * Renames standard fields from a spec such as {@code "logger=logger,thread=thread"}: field ids
     * ({@link StandardField#id()}) to names.
     */
    public Builder fieldNames(String spec) {
      for (String[] entry : Options.pairs(this::fail, "fieldNames", spec)) {
        StandardField field = field("fieldNames", entry[0]);
        if (field == null) {
          return this;
        }
        renames.put(field, entry[1]);
      }
      return this;
    }

    /** Writes {@code fields} even where the preset does not (e.g. {@code LEVEL_VALUE}). */
    public Builder include(StandardField... fields) {
      for (StandardField field : fields) {
        enabled.put(Objects.requireNonNull(field, "field"), Boolean.TRUE);
      }
      return this;
    }

    /** Does not write {@code fields}. */
    public Builder exclude(StandardField... fields) {
      for (StandardField field : fields) {
        enabled.put(Objects.requireNonNull(field, "field"), Boolean.FALSE);
      }
      return this;
    }

    /** Like {@link #include(StandardField...)} with comma-separated field ids. */
    public Builder includeFields(String ids) {
      for (String id : Options.splitList(ids)) {
        StandardField field = field("includeFields", id);
        if (field != null) {
          enabled.put(field, Boolean.TRUE);
        }
      }
      return this;
    }

    /** Like {@link #exclude(StandardField...)} with comma-separated field ids. */
    public Builder excludeFields(String ids) {
      for (String id : Options.splitList(ids)) {
        StandardField field = field("excludeFields", id);
        if (field != null) {
          enabled.put(field, Boolean.FALSE);
        }
      }
      return this;
    }

    /** Adds a static string field written into every event, e.g. {@code service=orders}. */
    public Builder staticField(String name, String value) {
      staticEntries.add(new String[] {name, value});
      return this;
    }

    /** Adds every entry of {@code fields} as a static field, in the map's order. */
    public Builder staticFields(Map<String, String> fields) {
      for (Map.Entry<String, String> entry : fields.entrySet()) {
        staticField(entry.getKey(), entry.getValue());
      }
      return this;
    }

    /**
     * Adds static fields from a spec {@code "k=v,k2=v2"}; names and values are trimmed, a value may
     * be empty and may contain {@code =}, and a comma written {@code \,} (the list syntax of {@link
     * #option(String, String)}).
     */
    public Builder staticFields(String spec) {
      for (String[] entry : Options.pairs(this::fail, "staticFields", spec)) {
        staticField(entry[0], entry[1]);
      }
      return this;
    }

    /**
     * Writes only context, MDC and key-value fields with these keys (exact match); an empty set
     * (default) writes all that are not excluded.
     */
    public Builder includeKeys(Collection<String> keys) {
      includeKeys.addAll(keys);
      return this;
    }

    /** Like {@link #includeKeys(Collection)} with comma-separated keys. */
    public Builder includeKeys(String keys) {
      return includeKeys(Options.splitList(keys));
    }

    /** Never writes context, MDC and key-value fields with these keys; wins over include. */
    public Builder excludeKeys(Collection<String> keys) {
      excludeKeys.addAll(keys);
      return this;
    }

    /** Like {@link #excludeKeys(Collection)} with comma-separated keys. */
    public Builder excludeKeys(String keys) {
      return excludeKeys(Options.splitList(keys));
    }

    /**
     * Pins the JSON type of the context, MDC and key-value fields with key {@code key}: a value of
     * another type is written, as a string, under {@code <key>_text} instead, never under {@code
     * key} (docs/json-format.md, "Pinned field types"). The last pin of a key wins. A key outside
     * the key rule or a null type is reported by {@link #build()} and left out.
     */
    public Builder fieldType(String key, FieldType type) {
      fieldTypes.put(key, type);
      return this;
    }

    /**
     * Pins the fields of these typed context keys to the JSON type their declared type is written
     * as: whole numbers {@code long}, other numbers {@code double}, {@code Boolean} {@code
     * boolean}, {@code Map} {@code object}, strings, enums, UUIDs and {@code java.time} values
     * {@code keyword}. A key of type {@code List} has no pinned type and is reported by {@link
     * #build()}. Keys are never pinned by being declared alone: the format knows only the keys
     * given here.
     */
    public Builder fieldTypes(ContextKey<?>... keys) {
      for (ContextKey<?> key : keys) {
        FieldType type = FieldType.ofJavaType(key.type());
        if (type == null) {
          fail(
              "fieldTypes: context key '"
                  + key.name()
                  + "' holds "
                  + key.type().getSimpleName()
                  + ", an array, which has no pinned type; left out");
        } else {
          fieldTypes.put(key.name(), type);
        }
      }
      return this;
    }

    /**
     * Pins types from a spec such as {@code "user_id:long,tenant:keyword"}: keys to type ids
     * ({@link FieldType#id()}). A malformed entry or an unknown type is reported by {@link
     * #build()} and left out.
     */
    public Builder fieldTypes(String spec) {
      for (String item : Options.splitList(spec)) {
        int colon = item.lastIndexOf(':');
        if (colon <= 0) {
          fail("fieldTypes: entry '" + item + "' is not key:type; left out");
          continue;
        }
        String key = item.substring(0, colon).trim();
        try {
          fieldTypes.put(key, FieldType.fromId(item.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
          fail("fieldTypes: " + e.getMessage() + " for '" + key + "'; left out");
        }
      }
      return this;
    }

    /**
     * Writes context and MDC fields inside one object with this name instead of at the top level;
     * null (default) or empty means top level. Key-value pairs stay at the top level.
     */
    public Builder nestContextUnder(String name) {
      this.nestContextUnder = name == null || name.isEmpty() ? null : name;
      return this;
    }

    /**
     * Sets the prefix that renames a context, MDC or key-value field whose name is taken (default
     * {@code ctx_}): 1-16 chars of {@code [A-Za-z0-9_.@-]}.
     */
    public Builder collisionPrefix(String prefix) {
      this.collisionPrefix = prefix;
      return this;
    }

    /**
     * Sets the maximum length in chars of the message, of every string value and key, and of string
     * forms of key-values (default 16384; 0 = unlimited). Longer strings are cut and end with
     * {@code …[truncated N chars]}.
     */
    public Builder maxStringLength(int chars) {
      this.maxStringLength = chars;
      return this;
    }

    /**
     * Caps every line, newline included, at this many bytes (0 = no cap, the default; else at least
     * {@link #MIN_EVENT_BYTES}). A larger event is reduced step by step and marked with {@link
     * StandardField#EVENT_TRUNCATED}; the line stays valid JSON.
     */
    public Builder maxEventBytes(int bytes) {
      this.maxEventBytes = bytes;
      return this;
    }

    /**
     * Replaces the redacted key fragments (default {@code password, token, authorization, secret,
     * cookie}); a key is redacted when it contains a fragment, ignoring case. Empty disables
     * redaction.
     */
    public Builder redactKeys(Collection<String> fragments) {
      this.redactKeys = new ArrayList<>(fragments);
      return this;
    }

    /** Like {@link #redactKeys(Collection)} with comma-separated fragments. */
    public Builder redactKeys(String fragments) {
      return redactKeys(Options.splitList(fragments));
    }

    /** Sets the string written instead of a redacted value (default {@code [redacted]}). */
    public Builder redactionReplacement(String replacement) {
      this.redactionReplacement = replacement;
      return this;
    }

    /** Writes at most this many frames per throwable (0 = unlimited, the default). */
    public Builder maxStackDepthPerThrowable(int frames) {
      this.maxStackDepthPerThrowable = frames;
      return this;
    }

    /**
     * Shortens class names in stack traces Logback-style to about this many chars by abbreviating
     * package segments to their first letter; the simple name is kept (0 = full names, default).
     */
    public Builder shortenedClassNameLength(int chars) {
      this.shortenedClassNameLength = chars;
      return this;
    }

    /**
     * Omits stack frames where {@code regex} is found in {@code className.methodName}; runs of
     * omitted frames are counted in a line {@code ... N frames excluded}.
     */
    public Builder addFrameExclusion(String regex) {
      frameExclusions.add(regex);
      return this;
    }

    /** Adds every regex of {@code regexes} as with {@link #addFrameExclusion(String)}. */
    public Builder frameExclusions(Collection<String> regexes) {
      frameExclusions.addAll(regexes);
      return this;
    }

    /** Starts stack traces with the root cause, followed by "Wrapped by:" sections. */
    public Builder rootCauseFirst(boolean rootCauseFirst) {
      this.rootCauseFirst = rootCauseFirst;
      return this;
    }

    /** Caps the whole stack trace at this many chars (0 = unlimited, the default). */
    public Builder maxStackTraceLength(int chars) {
      this.maxStackTraceLength = chars;
      return this;
    }

    /** Sets the value of {@code ecs.version} (default {@code 8.11}). */
    public Builder ecsVersion(String version) {
      this.ecsVersion = version;
      return this;
    }

    /**
     * Chooses, when the format is built, the {@link dev.logcontext.ValueConverter} of this JVM: how
     * values of no JSON type (records, POJOs) become nested JSON, both at bind time and for SLF4J
     * key-values. {@code name} is the binary name of a class with a public no-argument constructor
     * that implements {@code ValueConverter} or {@code Supplier<? extends ValueConverter>} (such as
     * {@code dev.logcontext.jackson.JacksonValueConverter}), {@code none} (every such value is its
     * {@code toString()}) or {@code default} (the converter found through the service loader).
     * Building the format installs it ({@link dev.logcontext.ValueConverter#install}), for every
     * later bind in the JVM; unset (the default), the format leaves the converter as it is.
     *
     * <p>Bad input: a class that cannot be found, loaded or made, or that is neither kind, is
     * reported by the build naming the option and the class, and the converter is left as it is.
     */
    public Builder valueConverter(String name) {
      this.valueConverter = name;
      return this;
    }

    /**
     * Sets the Google Cloud project for the gcp preset's {@code logging.googleapis.com/trace},
     * written {@code projects/<project>/traces/<trace_id>} (default: none, and no trace field). Set
     * with another preset, or not a project id, it is reported by {@link #build()} and ignored.
     */
    public Builder gcpProject(String project) {
      this.gcpProject = project;
      return this;
    }

    /**
     * Writes the values of the context, MDC and key-value fields with these keys, as strings, also
     * into the gcp preset's {@code logging.googleapis.com/labels} object. Set with another preset,
     * they are reported by {@link #build()} and ignored.
     */
    public Builder gcpLabels(Collection<String> keys) {
      gcpLabels.addAll(keys);
      return this;
    }

    /** Like {@link #gcpLabels(Collection)} with comma-separated keys. */
    public Builder gcpLabels(String keys) {
      return gcpLabels(Options.splitList(keys));
    }

    /**
     * Writes dotted standard and static field names as nested objects, for collectors that do not
     * expand dots: {@code log.level} and {@code log.logger} become {@code
     * "log":{"level":…,"logger":…}}, grouped where the first of them stands (docs/json-format.md,
     * "Nested names"). Context, MDC and key-value fields are written as they are. Not with the gcp
     * preset, whose special names contain dots: reported by {@link #build()} and ignored.
     */
    public Builder nestDottedNames(boolean nested) {
      this.nestDottedNames = nested;
      return this;
    }

    /**
     * Sets the listener told about every exception caught while encoding (the event is still
     * written, in minimal form). It runs on the encoding thread and must not log through the
     * backend that is encoding; exceptions it throws are ignored. Default: none.
     */
    public Builder errorListener(Consumer<? super Throwable> listener) {
      this.errorListener = listener;
      return this;
    }

    /**
     * Validates the options and returns the format.
     *
     * @throws IllegalArgumentException naming the first bad option and value
     */
    public JsonFormat build() {
      List<String> found = new ArrayList<>();
      JsonFormat format = build(found::add);
      if (!found.isEmpty()) {
        throw new IllegalArgumentException(found.get(0));
      }
      return format;
    }

    /**
     * Validates the options and returns the format, never failing: each bad option is reported once
     * to {@code onInvalid} (a message that starts with the option's name, quotes the bad value and
     * says what is used instead) and replaced by its default, so that logging goes on as complete,
     * valid JSON. A bad list entry (a regex, a static field, a key) is left out alone. Logging
     * backends build their format this way from their configuration files.
     */
    public JsonFormat build(Consumer<String> onInvalid) {
      return FormatBuild.build(this, onInvalid);
    }

    Builder copy() {
      Builder b = new Builder();
      b.preset = preset;
      b.renames.putAll(renames);
      b.enabled.putAll(enabled);
      b.staticEntries.addAll(staticEntries);
      b.includeKeys.addAll(includeKeys);
      b.excludeKeys.addAll(excludeKeys);
      b.fieldTypes.putAll(fieldTypes);
      b.nestContextUnder = nestContextUnder;
      b.collisionPrefix = collisionPrefix;
      b.maxStringLength = maxStringLength;
      b.maxEventBytes = maxEventBytes;
      b.redactKeys = redactKeys;
      b.redactionReplacement = redactionReplacement;
      b.maxStackDepthPerThrowable = maxStackDepthPerThrowable;
      b.shortenedClassNameLength = shortenedClassNameLength;
      b.frameExclusions.addAll(frameExclusions);
      b.rootCauseFirst = rootCauseFirst;
      b.maxStackTraceLength = maxStackTraceLength;
      b.ecsVersion = ecsVersion;
      b.valueConverter = valueConverter;
      b.gcpProject = gcpProject;
      b.gcpLabels.addAll(gcpLabels);
      b.nestDottedNames = nestDottedNames;
      b.errorListener = errorListener;
      return b;
    }

    /** Records a problem that {@link #build(Consumer)} reports. */
    Builder fail(String message) {
      problems.add(message);
      return this;
    }

    private StandardField field(String option, String id) {
      try {
        return StandardField.fromId(id);
      } catch (IllegalArgumentException e) {
        fail(option + ": " + e.getMessage());
        return null;
      }
    }
  }
}
