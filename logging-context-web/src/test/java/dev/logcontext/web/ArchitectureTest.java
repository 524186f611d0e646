package dev.logcontext.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.logcontext.web");

  @Test
  void slf4jIsUsedOnlyByTheAccessLog() {
    noClasses()
        .that()
        .resideInAPackage("dev.logcontext.web..")
        .and()
        .doNotHaveSimpleName("AccessLog")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.slf4j..")
        .check(classes);
  }
}
