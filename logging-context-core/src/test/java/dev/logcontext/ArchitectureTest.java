package dev.logcontext;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.logcontext");

  @Test
  void onlyTheCoreReachesIntoTheCoresInternalPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.logcontext", "dev.logcontext.concurrent", "dev.logcontext.internal")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.logcontext.internal..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  @Test
  void theCoreHasNoDependencyOutsideTheJdk() {
    noClasses()
        .that()
        .resideInAPackage("dev.logcontext..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("dev.logcontext..", "java..")
        .check(CLASSES);
  }
}
