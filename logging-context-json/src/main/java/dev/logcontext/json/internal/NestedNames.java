package dev.logcontext.json.internal;

import dev.logcontext.json.JsonFormat;
import dev.logcontext.json.StandardField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dotted names written as nested objects ({@code nestDottedNames}, docs/json-format.md, "Nested
 * names"): {@code log.level} and {@code log.logger} become {@code "log":{"level":…,"logger":…}}.
 *
 * <p>At build time the plan's fields, each with its dotted name, are arranged into a tree: fields
 * that share a first segment are grouped where the first of them stood, recursively, and the tree
 * is written back as a plan with {@code OP_OPEN k} / {@code OP_CLOSE} steps around each group. At
 * run time an object is opened eagerly and, when nothing was written into it (no throwable, so no
 * {@code error.*} field; static fields dropped by the event cap), taken back at its close, so an
 * empty object never appears.
 *
 * <p>The names themselves are checked when the format is built: no name is both a field and an
 * object of another's path, and a name with an empty segment stays flat.
 *
 * <p>Thread-safe: immutable after construction; the open objects are the {@link Encoding}'s.
 */
final class NestedNames {
  /** The encoded {@code "segment":} of each object, by the operand of {@code OP_OPEN}. */
  private byte[][] openNames = new byte[0][];

  /** The deepest nesting of the plan. */
  private int maxDepth;

  /**
   * Each static field by itself, {@code "leaf":"value"}, by the operand of {@code OP_STATIC_ONE}.
   */
  private byte[][] staticLeaves = new byte[0][];

  /** The {@code ecs.version} field under its leaf name, or null when not written. */
  private byte[] ecsVersionField;

  /**
   * Returns the nested plan of the flat plan {@code ops} of {@code format}, whose fields have the
   * dotted names {@code nameTexts} (by op); replaces their encoded {@code names} by the leaf names
   * written inside the objects. The static fields become one step each, and {@link
   * #staticLeaves()}, {@link #ecsVersionField()} their leaf-named bytes.
   */
  int[] compile(JsonFormat format, int[] ops, String[] nameTexts, byte[][] names, int maxString) {
    List<Leaf> leaves = new ArrayList<>();
    List<String> staticKeys = new ArrayList<>(format.staticFields().keySet());
    staticLeaves = new byte[staticKeys.size()][];
    String ecsName = format.fieldName(StandardField.ECS_VERSION);
    for (int op : ops) {
      if (op == EventEncoder.OP_STATIC) {
        for (int j = 0; j < staticKeys.size(); j++) {
          String key = staticKeys.get(j);
          staticLeaves[j] =
              EventEncoder.field(leafName(key), format.staticFields().get(key), maxString);
          leaves.add(new Leaf(EventEncoder.OP_STATIC_ONE, j, key));
        }
      } else if (op == EventEncoder.OP_ECS_VERSION) {
        leaves.add(new Leaf(op, -1, ecsName));
        ecsVersionField = EventEncoder.field(leafName(ecsName), format.ecsVersion(), maxString);
      } else {
        String name = nameTexts[op];
        leaves.add(new Leaf(op, -1, name));
        if (name != null) {
          names[op] = KeyPolicy.encodedName(leafName(name));
        }
      }
    }
    return plan(leaves, EventEncoder.OP_OPEN, EventEncoder.OP_CLOSE);
  }

  /** Returns the static fields' leaf-named bytes, by the operand of {@code OP_STATIC_ONE}. */
  byte[][] staticLeaves() {
    return staticLeaves;
  }

  /** Returns the {@code ecs.version} field under its leaf name, or null when not written. */
  byte[] ecsVersionField() {
    return ecsVersionField;
  }

  /** One field of the flat plan: its op, its operand or -1, and its dotted name or null. */
  record Leaf(int op, int operand, String name) {}

  /** A group of the tree: fields and sub-groups in the order of their first field. */
  private static final class Group {
    final Map<String, Object> children = new LinkedHashMap<>();
  }

  /**
   * Returns the nested plan of {@code leaves}, in their order but grouped by shared name segments:
   * each leaf's op (followed by its operand when it has one), and {@code open}/{@code close} ops
   * around each group ({@code open} followed by the index of its name).
   */
  private int[] plan(List<Leaf> leaves, int open, int close) {
    Group root = new Group();
    int unnamed = 0;
    for (Leaf leaf : leaves) {
      String[] path = leaf.name == null ? null : segments(leaf.name);
      if (path == null || path.length == 1) {
        root.children.put("\0" + unnamed++, leaf);
        continue;
      }
      Group group = root;
      for (int i = 0; i < path.length - 1; i++) {
        group = (Group) group.children.computeIfAbsent(path[i], k -> new Group());
      }
      group.children.put("\0" + unnamed++, leaf);
    }
    List<Integer> ops = new ArrayList<>();
    List<byte[]> names = new ArrayList<>();
    emit(root, ops, names, open, close, 0);
    openNames = names.toArray(new byte[0][]);
    int[] plan = new int[ops.size()];
    for (int i = 0; i < plan.length; i++) {
      plan[i] = ops.get(i);
    }
    return plan;
  }

  private void emit(
      Group group, List<Integer> ops, List<byte[]> names, int open, int close, int depth) {
    maxDepth = Math.max(maxDepth, depth);
    for (Map.Entry<String, Object> child : group.children.entrySet()) {
      if (child.getValue() instanceof Leaf leaf) {
        ops.add(leaf.op);
        if (leaf.operand >= 0) {
          ops.add(leaf.operand);
        }
      } else {
        ops.add(open);
        ops.add(names.size());
        names.add(KeyPolicy.encodedName(child.getKey()));
        emit((Group) child.getValue(), ops, names, open, close, depth + 1);
        ops.add(close);
      }
    }
  }

  /** Returns the leaf segment of {@code name}: what is written inside its objects. */
  static String leafName(String name) {
    String[] path = segments(name);
    return path == null ? name : path[path.length - 1];
  }

  /** Returns the segments of a dotted name, or null when it has an empty segment (kept flat). */
  static String[] segments(String name) {
    String[] path = name.split("\\.", -1);
    for (String segment : path) {
      if (segment.isEmpty()) {
        return null;
      }
    }
    return path;
  }

  /** Returns the number of objects an encoding may have open at once. */
  int maxDepth() {
    return maxDepth;
  }

  /** Opens object {@code index}: its name and brace, after a comma when one is due. */
  void open(Encoding enc, int index) {
    int depth = enc.nestDepth++;
    enc.nestMarks[depth] = enc.out.length;
    enc.nestCommas[depth] = enc.needComma;
    enc.comma();
    enc.out.writeBytes(openNames[index]);
    enc.out.writeByte('{');
    enc.nestBodies[depth] = enc.out.length;
    enc.needComma = false;
  }

  /** Closes the innermost open object, or takes it back when nothing was written into it. */
  static void close(Encoding enc) {
    int depth = --enc.nestDepth;
    if (enc.out.length == enc.nestBodies[depth]) {
      enc.out.length = enc.nestMarks[depth];
      enc.needComma = enc.nestCommas[depth];
    } else {
      enc.out.writeByte('}');
      enc.needComma = true;
    }
  }
}
