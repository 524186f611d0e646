package dev.logcontext.spring.boot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class StructuredFormatNamesTest {
  @Test
  void theShortNameBecomesTheFormattersClassNameForConsoleAndFile() {
    StandardEnvironment environment =
        postProcessed(
            Map.of(
                "logging.structured.format.console", "logcontext",
                "logging.structured.format.file", " LogContext "));

    assertThat(environment.getProperty("logging.structured.format.console"))
        .isEqualTo(LogContextLogbackFormatter.class.getName());
    assertThat(environment.getProperty("logging.structured.format.file"))
        .isEqualTo(LogContextLogbackFormatter.class.getName());
  }

  @Test
  void bootsOwnFormatsAndClassNamesAreLeftAlone() {
    StandardEnvironment environment =
        postProcessed(
            Map.of(
                "logging.structured.format.console", "ecs",
                "logging.structured.format.file", "com.example.MyFormatter"));

    assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
    assertThat(environment.getProperty("logging.structured.format.file"))
        .isEqualTo("com.example.MyFormatter");
  }

  @Test
  void reactorContextPropagationIsAutoUnlessTheApplicationSetsIt() {
    assertThat(postProcessed(Map.of()).getProperty(StructuredFormatNames.REACTOR_PROPAGATION))
        .isEqualTo("auto");
    assertThat(
            postProcessed(Map.of(StructuredFormatNames.REACTOR_PROPAGATION, "limited"))
                .getProperty(StructuredFormatNames.REACTOR_PROPAGATION))
        .isEqualTo("limited");
  }

  @SuppressWarnings("removal") // the post-processor implements Boot 3's interface
  private static StandardEnvironment postProcessed(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("application", new LinkedHashMap<>(properties)));
    new StructuredFormatNames()
        .postProcessEnvironment(environment, new SpringApplication(Object.class));
    return environment;
  }
}
