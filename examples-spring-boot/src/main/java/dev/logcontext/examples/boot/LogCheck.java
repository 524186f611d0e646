package dev.logcontext.examples.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The count of the example's log: every line must be one JSON object, and every line of a request
 * (the applications' own loggers and their access loggers) must carry {@code request_id} and {@code
 * correlation_id} exactly once. Keys are counted as written, so a key written twice is seen even
 * where a JSON parser would keep only one of them.
 *
 * @param lines all lines
 * @param requestLines the lines of a request
 * @param gatewayLines the lines of a request in the gateway
 * @param inventoryLines the lines of a request in the inventory
 * @param bad lines that are not one JSON object, and lines of a request without one of the two ids
 *     or with one twice
 */
record LogCheck(int lines, int requestLines, int gatewayLines, int inventoryLines, int bad) {
  private static final String GATEWAY = "dev.logcontext.examples.boot.gateway.";
  private static final String INVENTORY = "dev.logcontext.examples.boot.inventory.";

  static LogCheck of(List<String> lines) {
    int request = 0;
    int gateway = 0;
    int inventory = 0;
    int bad = 0;
    for (String line : lines) {
      Map<String, List<String>> fields = topLevelFields(line);
      if (fields == null) {
        bad++;
        continue;
      }
      List<String> logger = fields.getOrDefault("logger_name", List.of());
      String name = logger.size() == 1 ? logger.get(0).replace("\"", "") : "";
      boolean inGateway = name.startsWith(GATEWAY) || name.equals("example.gateway.access");
      boolean inInventory = name.startsWith(INVENTORY) || name.equals("example.inventory.access");
      if (!inGateway && !inInventory) {
        continue;
      }
      request++;
      gateway += inGateway ? 1 : 0;
      inventory += inInventory ? 1 : 0;
      if (fields.getOrDefault("request_id", List.of()).size() != 1
          || fields.getOrDefault("correlation_id", List.of()).size() != 1) {
        bad++;
      }
    }
    return new LogCheck(lines.size(), request, gateway, inventory, bad);
  }

  /**
   * Returns the top-level keys of the JSON object {@code line}, each with every value written for
   * it as raw JSON text (a string with its quotes), or null when the line is not one JSON object.
   */
  static Map<String, List<String>> topLevelFields(String line) {
    String text = line.strip();
    if (!text.startsWith("{") || !text.endsWith("}")) {
      return null;
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    int depth = 0;
    String key = null;
    int valueStart = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != '"') {
          end += text.charAt(end) == '\\' ? 2 : 1;
        }
        if (end >= text.length()) {
          return null;
        }
        if (depth == 1 && key == null) {
          key = text.substring(i + 1, end);
        }
        i = end;
      } else if (c == ':' && depth == 1 && key != null && valueStart < 0) {
        valueStart = i + 1;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == ',' && depth == 1) || (c == '}' && depth == 1)) {
        if (key != null) {
          if (valueStart < 0) {
            return null;
          }
          fields
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(text.substring(valueStart, i).strip());
        }
        key = null;
        valueStart = -1;
        if (c == '}') {
          depth--;
        }
      } else if (c == '}' || c == ']') {
        depth--;
      }
      if (depth == 0 && i != text.length() - 1) {
        return null;
      }
    }
    return depth == 0 ? fields : null;
  }
}
