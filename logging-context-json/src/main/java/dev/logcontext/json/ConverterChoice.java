package dev.logcontext.json;

import dev.logcontext.ValueConverter;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code valueConverter} option: makes the converter a configuration file names and installs it
 * for the JVM ({@link JsonFormat.Builder#valueConverter(String)}).
 *
 * <p>Stateless. Never throws: a class that cannot be made is reported and nothing is installed.
 */
final class ConverterChoice {
  /** The converter of {@code none}: declines every value, which then becomes its toString(). */
  private static final ValueConverter NONE = value -> ValueConverter.DECLINED;

  private ConverterChoice() {}

  static void install(Consumer<String> report, String option) {
    String name = option.trim();
    switch (name) {
      case "none" -> ValueConverter.install(NONE);
      case "default" -> ValueConverter.install(null);
      default -> {
        ValueConverter converter = make(report, name);
        if (converter != null) {
          ValueConverter.install(converter);
        }
      }
    }
  }

  private static ValueConverter make(Consumer<String> report, String name) {
    String problem;
    try {
      Object made = load(name).getConstructor().newInstance();
      if (made instanceof Supplier<?> supplier) {
        made = supplier.get();
      }
      if (made instanceof ValueConverter converter) {
        return converter;
      }
      problem = "is neither a ValueConverter nor a Supplier of one";
    } catch (ClassNotFoundException e) {
      problem = "was not found";
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      problem = "could not be made (" + cause + ")";
    }
    report.accept(
        "valueConverter: class '" + name + "' " + problem + "; the value converter is unchanged");
    return null;
  }

  private static Class<?> load(String name) throws ClassNotFoundException {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      try {
        return Class.forName(name, true, context);
      } catch (ClassNotFoundException e) {
        // Try the loader of this library next.
      }
    }
    return Class.forName(name, true, ConverterChoice.class.getClassLoader());
  }
}
