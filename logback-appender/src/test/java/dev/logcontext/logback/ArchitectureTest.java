package dev.logcontext.logback;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  @Test
  void theLogbackModuleUsesOnlyThePublicApiOfTheOtherModules() {
    noClasses()
        .that()
        .resideInAPackage("dev.logcontext.logback..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.logcontext.json.internal..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.logcontext.logback"));
  }
}
