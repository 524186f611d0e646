package dev.logcontext.spring.boot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.logcontext.spring.boot.client.LogContextClientAutoConfiguration;
import dev.logcontext.spring.boot.servlet.LogContextServletAutoConfiguration;
import dev.logcontext.spring.boot.tracing.LogContextTracingAutoConfiguration;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * The servlet side's public types are the auto-configurations, the properties and the task
 * decorator; the rest is package-private, and nothing reaches into the other modules' internals.
 */
class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(
              "dev.logcontext.spring.boot",
              "dev.logcontext.spring.boot.servlet",
              "dev.logcontext.spring.boot.client");

  @Test
  void onlyTheAutoConfigurationsThePropertiesAndTheDecoratorArePublic() {
    classes()
        .that()
        .resideInAnyPackage(
            "dev.logcontext.spring.boot",
            "dev.logcontext.spring.boot.servlet",
            "dev.logcontext.spring.boot.client",
            "dev.logcontext.spring.boot.tracing")
        .and()
        .arePublic()
        .and()
        .areTopLevelClasses()
        .should()
        .haveNameMatching(
            "dev\\.logcontext\\.spring\\.boot\\..*AutoConfiguration"
                + "|"
                + LogContextWebProperties.class.getName().replace(".", "\\.")
                + "|"
                + LogContextTaskDecorator.class.getName().replace(".", "\\."))
        .andShould()
        .haveModifier(JavaModifier.FINAL)
        .check(classes);
  }

  @Test
  void nothingUsesTheInternalsOfOtherModules() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.logcontext.web.internal..", "dev.logcontext.json.internal..")
        .check(classes);
  }

  @Test
  void theImportsFileNamesEveryAutoConfiguration() throws Exception {
    Set<String> listed = new TreeSet<>();
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          listed.add(line.trim());
        }
      }
    }
    Set<String> annotated = new TreeSet<>();
    for (JavaClass type : classes) {
      if (type.isAnnotatedWith(AutoConfiguration.class)) {
        annotated.add(type.getName());
      }
    }
    assertThat(annotated)
        .containsExactlyInAnyOrder(
            LogContextTaskAutoConfiguration.class.getName(),
            LogContextServletAutoConfiguration.class.getName(),
            LogContextClientAutoConfiguration.class.getName(),
            LogContextTracingAutoConfiguration.class.getName());
    assertThat(listed).containsAll(annotated);
  }
}
