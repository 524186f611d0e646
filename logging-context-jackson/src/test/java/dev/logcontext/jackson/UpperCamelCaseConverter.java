package dev.logcontext.jackson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.logcontext.ValueConverter;
import java.util.function.Supplier;

/** What a configuration file names to choose the mapper: here one that writes UpperCamelCase. */
public final class UpperCamelCaseConverter implements Supplier<ValueConverter> {
  /** Creates the supplier; the encoder's valueConverter option calls this. */
  public UpperCamelCaseConverter() {}

  @Override
  public ValueConverter get() {
    return JacksonValueConverter.using(
        new ObjectMapper()
            .findAndRegisterModules()
            .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE));
  }
}
