package dev.logcontext.spring.boot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules that let one jar, compiled against Boot 4, load in Boot 4 and Boot 3.5 applications,
 * with or without the servlet API, Logback or Log4j2.
 */
class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.logcontext.spring.boot");

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
