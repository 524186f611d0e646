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
import dev.logcontext.spring.boot.webflux.LogContextWebClientAutoConfiguration;
import dev.logcontext.spring.boot.webflux.LogContextWebFilter;
import dev.logcontext.spring.boot.webflux.LogContextWebFluxAutoConfiguration;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * The public types are the auto-configurations, the properties, the task decorator, the WebFlux
 * filter and the formatters; the rest is package-private, nothing reaches into the other modules'
 * internals, and one jar, compiled against Boot 4, loads in Boot 4 and Boot 3.5 applications with
 * or without the servlet API, Logback or Log4j2.
 */
class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.logcontext.spring.boot");

  @Test
  void onlyTheAutoConfigurationsThePropertiesTheDecoratorTheFilterAndTheFormattersArePublic() {
    classes()
        .that()
        .arePublic()
        .and()
        .areTopLevelClasses()
        .should()
        .haveNameMatching(
            "dev\\.logcontext\\.spring\\.boot\\..*AutoConfiguration"
                + "|"
                + LogContextWebProperties.class.getName().replace(".", "\\.")
                + "|"
                + LogContextTaskDecorator.class.getName().replace(".", "\\.")
                + "|"
                + LogContextWebFilter.class.getName().replace(".", "\\.")
                + "|dev\\.logcontext\\.spring\\.boot\\.logging\\.LogContext.*Formatter")
        .andShould()
        .haveModifier(JavaModifier.FINAL)
        .check(classes);
  }

  @Test
  void nothingUsesTheInternalsOfOtherModules() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.logcontext.spring.boot.webflux..")
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
            LogContextWebFluxAutoConfiguration.class.getName(),
            LogContextWebClientAutoConfiguration.class.getName(),
            LogContextTracingAutoConfiguration.class.getName());
    assertThat(listed).containsAll(annotated);
  }

  @Test
  void noClassNamesAPackageThatOnlyOneBootMajorHas() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework.boot.webclient..",
            "org.springframework.boot.web.reactive..",
            "org.springframework.boot.webflux..",
            "org.springframework.boot.reactor..")
        .because("WebClientCustomizers finds Boot's customizer interface by name")
        .check(classes);
  }

  @Test
  void theWebFluxSideNeedsNoServletApi() {
    noClasses()
        .that()
        .resideInAPackage("dev.logcontext.spring.boot.webflux..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jakarta.servlet..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.logcontext.web.LogContextFilter")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.logcontext.web.UserResolver")
        .because("loading LogContextFilter needs jakarta.servlet.Filter, absent in WebFlux")
        .check(classes);
  }

  @Test
  void eachFormatterAloneNamesItsLoggingBackend() {
    noClasses()
        .that()
        .resideInAPackage("dev.logcontext.spring.boot..")
        .and()
        .doNotHaveSimpleName("LogContextLogbackFormatter")
        .and()
        .doNotHaveFullyQualifiedName("dev.logcontext.spring.boot.MdcBridgeListener$Logback")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ch.qos.logback..", "dev.logcontext.logback..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.logcontext.spring.boot..")
        .and()
        .doNotHaveSimpleName("LogContextLog4j2Formatter")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.logging..", "dev.logcontext.log4j2..")
        .check(classes);
  }
}
