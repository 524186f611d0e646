package dev.logcontext.json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The names rule of {@link JsonFormat.Builder#nestDottedNames(boolean)}: written as nested objects,
 * no name may be both a field and an object on another's path ({@code log} beside {@code
 * log.level}), or the line would have one key twice. A rename that clashes is undone, a static
 * field that clashes is left out, each reported once; default names never clash.
 *
 * <p>Stateless.
 */
final class NestedNameCheck {
  private NestedNameCheck() {}

  /** Undoes each rename of a standard field whose name clashes with another's. */
  static void standardNames(
      JsonFormat.Builder b,
      java.util.function.Consumer<String> report,
      Map<StandardField, String> names) {
    for (boolean clash = true; clash; ) {
      clash = false;
      for (Map.Entry<StandardField, String> entry : names.entrySet()) {
        StandardField field = entry.getKey();
        if (!b.renames.containsKey(field)) {
          continue;
        }
        List<String> others = new ArrayList<>(names.values());
        others.remove(entry.getValue());
        String other = clashWith(entry.getValue(), others);
        if (other != null) {
          String fallback = field.defaultName(b.preset);
          report.accept(
              "fieldNames: field name '"
                  + entry.getValue()
                  + "' and '"
                  + other
                  + "' cannot both be nested; "
                  + field.id()
                  + " keeps its default name '"
                  + fallback
                  + "'");
          b.renames.remove(field);
          names.put(field, fallback);
          clash = true;
          break;
        }
      }
    }
  }

  /** Leaves out each static field whose name clashes with a standard or earlier static field. */
  static void staticNames(
      java.util.function.Consumer<String> report,
      Map<StandardField, String> names,
      Map<String, String> statics) {
    List<String> taken = new ArrayList<>(names.values());
    for (Iterator<String> it = statics.keySet().iterator(); it.hasNext(); ) {
      String name = it.next();
      String other = clashWith(name, taken);
      if (other != null) {
        report.accept(
            "staticFields: field name '"
                + name
                + "' and '"
                + other
                + "' cannot both be nested; static field left out");
        it.remove();
      } else {
        taken.add(name);
      }
    }
  }

  /** Returns whether {@code name} clashes with any name of {@code first} or {@code second}. */
  static boolean clashes(String name, Collection<String> first, Collection<String> second) {
    return clashWith(name, first) != null || clashWith(name, second) != null;
  }

  /**
   * Returns a name of {@code others} that is {@code name}'s path or has it as its path, or null.
   */
  private static String clashWith(String name, Collection<String> others) {
    for (String other : others) {
      if (other.startsWith(name + ".") || name.startsWith(other + ".")) {
        return other;
      }
    }
    return null;
  }
}
