package dev.logcontext.log4j2;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.logcontext.log4j2");

  @Test
  void theLog4jPluginUsesOnlyThePublicApiOfCoreAndWriter() {
    noClasses()
        .that()
        .resideInAPackage("dev.logcontext.log4j2..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.logcontext.json.internal..")
        .check(CLASSES);
  }

  @Test
  void theLog4jPluginLogsNothingThroughLog4jItself() {
    noClasses()
        .that()
        .resideInAPackage("dev.logcontext.log4j2..")
        .should()
        .callMethod(org.apache.logging.log4j.LogManager.class, "getLogger")
        .check(CLASSES);
  }
}
