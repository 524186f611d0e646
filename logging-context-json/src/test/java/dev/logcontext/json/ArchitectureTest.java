package dev.logcontext.json;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("dev.logcontext.json");

  @Test
  void runtimeDependsOnlyOnTheJdkAndCore() {
    noClasses()
        .that()
        .resideInAPackage("dev.logcontext.json..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("java..", "dev.logcontext", "dev.logcontext.json..")
        .check(classes);
  }
}
