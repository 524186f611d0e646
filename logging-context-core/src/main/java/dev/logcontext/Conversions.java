package dev.logcontext;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Which {@link ValueConverter} {@link Values} asks: the one installed by code, else the one found
 * through {@link ServiceLoader} on first use, else none. Package-private: {@link ValueConverter}
 * states the rules for users.
 *
 * <p>{@link #installed} is the third piece of mutable static state of the core (beside the storage
 * slot and the misuse settings): one {@code volatile} reference, read only by binds of values the
 * core does not know, so that the converter can be set by code and reset in tests.
 */
final class Conversions {
  static final Object DECLINED =
      new Object() {
        @Override
        public String toString() {
          return "ValueConverter.DECLINED";
        }
      };

  /** The converter installed by code; null for the one found through the service loader. */
  private static volatile ValueConverter installed;

  private Conversions() {}

  static void install(ValueConverter converter) {
    installed = converter;
  }

  /** Returns the converter to ask, or null when there is none. */
  static ValueConverter current() {
    ValueConverter converter = installed;
    return converter != null ? converter : Discovered.CONVERTER;
  }

  /** Looks the provider up once, when a bind first needs it (the class-holder idiom). */
  private static final class Discovered {
    static final ValueConverter CONVERTER = load();

    private static ValueConverter load() {
      ValueConverter found = first(Thread.currentThread().getContextClassLoader());
      return found != null ? found : first(ValueConverter.class.getClassLoader());
    }

    private static ValueConverter first(ClassLoader loader) {
      try {
        Iterator<ValueConverter> providers =
            ServiceLoader.load(ValueConverter.class, loader).iterator();
        while (providers.hasNext()) {
          try {
            return providers.next();
          } catch (ServiceConfigurationError e) {
            // A provider that cannot be loaded is skipped; the next one may serve.
          }
        }
      } catch (ServiceConfigurationError e) {
        // A broken service file: no converter from this loader.
      }
      return null;
    }
  }
}
