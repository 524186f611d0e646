package dev.logcontext.jackson;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import dev.logcontext.ValueConverter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link ValueConverter} that turns records, POJOs and {@link JsonNode} values bound to the
 * context into the nested JSON an {@link ObjectMapper} writes for them, at bind time: objects,
 * arrays, strings, booleans and nulls as such, integers as {@code Long} (or {@code BigInteger} when
 * they do not fit), decimals as the exact {@code BigDecimal} the mapper produced, floating-point as
 * {@code Double}/{@code Float}. Annotations ({@code @JsonIgnore}, {@code @JsonProperty}) and custom
 * serializers registered with the mapper apply.
 *
 * <p>The jar registers it through {@code META-INF/services/dev.logcontext.ValueConverter}, so
 * having it on the class path is enough; the mapper is then {@code new
 * ObjectMapper().findAndRegisterModules()} (for example the JDK 8 module for {@code Optional}, when
 * it is on the class path). To use an application's mapper instead, call {@link
 * #install(ObjectMapper)} at start-up.
 *
 * <pre>{@code
 * JacksonValueConverter.install(springObjectMapper);
 * try (Scope s = LogContext.with("order", order)) {   // "order":{"id":42,"lines":[...]}
 *   log.info("placed");
 * }
 * }</pre>
 *
 * <p><b>Thread safety.</b> Immutable and thread-safe, as long as the mapper is not reconfigured
 * after it is handed over (Jackson's own rule). <b>Bad input.</b> A value the mapper has no
 * serializer for (a class with no properties), and a JDK class the mapper would write only by
 * introspecting its getters ({@code Throwable}, {@code Thread}), are declined and become their
 * {@code toString()}. A value whose serialization fails — a getter that throws, a graph that refers
 * to itself — makes {@link #convert} throw, and the core stores {@code [conversion of <class> threw
 * <exception class>]} instead; the caller of {@code with(..)} never sees an exception. A tree with
 * more than {@value #MAX_NODES} nodes is cut there, the structures still open ending with a
 * truncation marker, and the core applies its own depth and size limits to what is left.
 */
public final class JacksonValueConverter implements ValueConverter {
  /** Most nodes of one Jackson tree that are converted; the rest is cut. */
  public static final int MAX_NODES = 4096;

  /** The last element of an array, or the value of {@link #TRUNCATED_KEY}, where a tree was cut. */
  static final String TRUNCATED = "[truncated: more than " + MAX_NODES + " nodes]";

  /** The key under which a cut object holds {@link #TRUNCATED}, as its last entry. */
  static final String TRUNCATED_KEY = "[truncated]";

  /** Nesting beyond which nothing is converted: the core keeps 16 levels anyway. */
  private static final int MAX_DEPTH = 32;

  private static final String TOO_DEEP = "[nested deeper than " + MAX_DEPTH + " levels]";

  private final ObjectMapper mapper;

  /**
   * Per class: whether to decline it, decided once. A JDK class that the mapper would write only by
   * introspecting its getters ({@code Throwable}, {@code Thread}, {@code ClassLoader}, …) is
   * declined: its {@code toString()} is what a log line wants, and its bean form is large and slow
   * (a stack trace as an array of frame objects, a thread with its class loader). A serializer made
   * for the class (a registered module's, Jackson's own for {@code URI}, {@code Locale}, …) is
   * used.
   */
  private final ClassValue<Boolean> declined =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return isJdkBean(type);
        }
      };

  /**
   * Creates the converter the service loader finds, with {@code new
   * ObjectMapper().findAndRegisterModules()}. Prefer {@link #using(ObjectMapper)} in code.
   */
  public JacksonValueConverter() {
    this(new ObjectMapper().findAndRegisterModules());
  }

  private JacksonValueConverter(ObjectMapper mapper) {
    // A tree keeps decimals as the mapper writes them ("39.900"), not stripped of trailing zeros.
    this.mapper = mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
  }

  /**
   * Returns a converter that serializes through a copy of {@code mapper} (its modules, annotations
   * and settings), in which trees keep decimals exact ({@code
   * JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES} off); {@code mapper} itself is not changed.
   *
   * @throws NullPointerException if {@code mapper} is null
   */
  public static JacksonValueConverter using(ObjectMapper mapper) {
    return new JacksonValueConverter(Objects.requireNonNull(mapper, "mapper").copy());
  }

  /**
   * Installs a converter that serializes through {@code mapper} for every later bind in this JVM
   * ({@link ValueConverter#install}), in place of the default one the service loader finds.
   *
   * @throws NullPointerException if {@code mapper} is null
   */
  public static void install(ObjectMapper mapper) {
    ValueConverter.install(using(mapper));
  }

  /**
   * Returns the JSON tree of {@code value} as maps, lists and JSON-native values; {@link #DECLINED}
   * for a value the mapper has no serializer for.
   *
   * @throws IllegalArgumentException when the mapper cannot serialize {@code value} (the core turns
   *     it into a marker)
   */
  @Override
  public Object convert(Object value) {
    JsonNode tree;
    if (value instanceof JsonNode node) {
      tree = node;
    } else {
      if (declined.get(value.getClass())) {
        return DECLINED;
      }
      try {
        tree = mapper.valueToTree(value);
      } catch (IllegalArgumentException e) {
        if (hasNoSerializer(e)) {
          return DECLINED;
        }
        throw e;
      }
    }
    return new Conversion().node(tree, 0);
  }

  /** One conversion of one tree: what is left of the node budget. */
  private final class Conversion {
    private int remaining = MAX_NODES;

    Object node(JsonNode node, int depth) {
      if (node == null) {
        return null;
      }
      switch (node.getNodeType()) {
        case OBJECT:
          return object(node, depth);
        case ARRAY:
          return array(node, depth);
        case STRING:
          return node.textValue();
        case BOOLEAN:
          return node.booleanValue();
        case NUMBER:
          return number(node);
        case BINARY:
          return node.asText();
        case POJO:
          Object pojo = ((POJONode) node).getPojo();
          return pojo == null ? null : node(mapper.valueToTree(pojo), depth);
        case NULL:
        case MISSING:
        default:
          return null;
      }
    }

    private Object object(JsonNode node, int depth) {
      if (depth >= MAX_DEPTH) {
        return TOO_DEEP;
      }
      Map<String, Object> copy = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      while (fields.hasNext()) {
        if (remaining == 0) {
          copy.put(TRUNCATED_KEY, TRUNCATED);
          break;
        }
        remaining--;
        Map.Entry<String, JsonNode> field = fields.next();
        copy.put(field.getKey(), node(field.getValue(), depth + 1));
      }
      return copy;
    }

    private Object array(JsonNode node, int depth) {
      if (depth >= MAX_DEPTH) {
        return TOO_DEEP;
      }
      int size = node.size();
      List<Object> copy = new ArrayList<>(Math.min(size, remaining + 1));
      for (int i = 0; i < size; i++) {
        if (remaining == 0) {
          copy.add(TRUNCATED);
          break;
        }
        remaining--;
        copy.add(node(node.get(i), depth + 1));
      }
      return copy;
    }
  }

  private boolean isJdkBean(Class<?> type) {
    String name = type.getName();
    if (!(name.startsWith("java.")
        || name.startsWith("javax.")
        || name.startsWith("jdk.")
        || name.startsWith("sun.")
        || name.startsWith("com.sun."))) {
      return false;
    }
    try {
      return mapper.getSerializerProviderInstance().findValueSerializer(type)
          instanceof BeanSerializerBase;
    } catch (JsonMappingException e) {
      return false; // valueToTree reports it
    }
  }

  /**
   * Returns whether {@code e}, thrown by {@code valueToTree}, says that the value's class has no
   * properties to write (Jackson's {@code FAIL_ON_EMPTY_BEANS}): such a value is better as its
   * {@code toString()} than as a marker.
   */
  private static boolean hasNoSerializer(IllegalArgumentException e) {
    return e.getCause() instanceof InvalidDefinitionException definition
        && definition.getOriginalMessage() != null
        && definition.getOriginalMessage().startsWith("No serializer found for class");
  }

  private static Object number(JsonNode node) {
    return switch (node.numberType()) {
      case INT, LONG -> node.longValue();
      case BIG_INTEGER ->
          node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
      case FLOAT -> node.floatValue();
      case DOUBLE -> node.doubleValue();
      case BIG_DECIMAL -> node.decimalValue();
    };
  }
}
