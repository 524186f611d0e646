package dev.logcontext.junit;

import dev.logcontext.ContextKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Parses {@link WithLogContext} entries into typed values. Stateless and thread-safe. */
final class Fields {
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
  private static final Pattern DECIMAL =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

  private Fields() {}

  /** Adds the entries to {@code into}, later keys replacing earlier ones. */
  static void parseInto(String[] entries, Map<String, Object> into) {
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq < 0) {
        throw new ExtensionConfigurationException(
            "@WithLogContext entry \"" + entry + "\" is not key=value");
      }
      String key = entry.substring(0, eq);
      if (!ContextKey.isValidName(key)) {
        throw new ExtensionConfigurationException(
            "@WithLogContext entry \"" + entry + "\" has an invalid key \"" + key + "\"");
      }
      into.put(key, typed(entry.substring(eq + 1)));
    }
  }

  /** Returns the value typed as a JSON reader would type it. */
  static Object typed(String text) {
    if (text.equals("true")) {
      return Boolean.TRUE;
    }
    if (text.equals("false")) {
      return Boolean.FALSE;
    }
    if (INTEGER.matcher(text).matches()) {
      BigInteger value = new BigInteger(text);
      return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }
    if (DECIMAL.matcher(text).matches()) {
      return new BigDecimal(text);
    }
    return text;
  }
}
