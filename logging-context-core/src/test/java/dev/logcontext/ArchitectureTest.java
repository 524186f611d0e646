package dev.logcontext;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shape of the core, as docs/design.md describes it: the public API is a fixed list of types in
 * two packages, everything else is package-private beside it. Each rule compares what the compiled
 * classes hold with that list, so adding a public type, a package or a piece of static state fails
 * here until the list and the design document say why.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("dev.logcontext");

  /** The public API of the core (docs/design.md, "Public API" and "Decisions / Core"). */
  private static final Set<String> PUBLIC_API =
      Set.of(
          "dev.logcontext.ContextKey",
          "dev.logcontext.LegacyBindings",
          "dev.logcontext.LogContext",
          "dev.logcontext.RequestEnd",
          "dev.logcontext.RequestEnd$Listener",
          "dev.logcontext.Scope",
          "dev.logcontext.ScopeChecks",
          "dev.logcontext.ScopeMisuseException",
          "dev.logcontext.ScopeMisuseException$Kind",
          "dev.logcontext.Snapshot",
          "dev.logcontext.ValueConverter",
          "dev.logcontext.concurrent.ContextExecutors",
          "dev.logcontext.concurrent.ContextFutures");

  @Test
  void thePublicTypesAreExactlyTheDocumentedApi() {
    Set<String> visible = new TreeSet<>();
    for (JavaClass type : CLASSES) {
      if (isVisibleOutsideItsPackage(type)) {
        visible.add(type.getName());
      }
    }
    assertThat(visible)
        .as("public types of the core; implementation belongs package-private beside the API")
        .containsExactlyInAnyOrderElementsOf(PUBLIC_API);
  }

  @Test
  void theCoreHasOnlyTheApiPackagesAndNoInternalOne() {
    Set<String> packages = new TreeSet<>();
    for (JavaClass type : CLASSES) {
      packages.add(type.getPackageName());
    }
    assertThat(packages).containsExactly("dev.logcontext", "dev.logcontext.concurrent");
  }

  @Test
  void publicClassesAreFinalEnumsOrInterfaces() {
    List<String> open = new ArrayList<>();
    for (JavaClass type : CLASSES) {
      if (isVisibleOutsideItsPackage(type)
          && !type.isInterface()
          && !type.isEnum()
          && !type.getModifiers().contains(JavaModifier.FINAL)) {
        open.add(type.getName());
      }
    }
    assertThat(open).as("public classes that can be subclassed").isEmpty();
  }

  @Test
  void theApiMentionsOnlyApiAndJdkTypes() {
    List<String> leaks = new ArrayList<>();
    for (JavaClass type : CLASSES) {
      if (!isVisibleOutsideItsPackage(type)) {
        continue;
      }
      for (JavaMember member : type.getMembers()) {
        if (!isVisible(member.getModifiers())) {
          continue;
        }
        List<JavaClass> mentioned = new ArrayList<>();
        if (member instanceof JavaField field) {
          mentioned.add(field.getRawType());
        } else if (member instanceof JavaCodeUnit code) {
          mentioned.addAll(code.getRawParameterTypes());
          if (code instanceof JavaMethod method) {
            mentioned.add(method.getRawReturnType());
          }
        }
        for (JavaClass mentionedType : mentioned) {
          JavaClass base = mentionedType;
          while (base.isArray()) {
            base = base.getComponentType();
          }
          if (!base.isPrimitive()
              && !base.getName().startsWith("java.")
              && !PUBLIC_API.contains(base.getName())) {
            leaks.add(member.getFullName() + " mentions " + base.getName());
          }
        }
      }
    }
    assertThat(leaks).as("public members that expose implementation types").isEmpty();
  }

  @Test
  void theOnlyMutableStaticStateIsTheStorageSlotTheMisuseSettingsAndTheConverter() {
    List<String> mutableStatics = new ArrayList<>();
    for (JavaClass type : CLASSES) {
      for (JavaField field : type.getFields()) {
        if (field.getModifiers().contains(JavaModifier.STATIC)
            && !field.getModifiers().contains(JavaModifier.FINAL)) {
          mutableStatics.add(field.getFullName());
        }
      }
    }
    assertThat(mutableStatics)
        .containsExactlyInAnyOrder(
            "dev.logcontext.Misuse.settings",
            "dev.logcontext.Conversions.installed",
            "dev.logcontext.RequestEnd.listeners");
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(ContextStorage.class.getName())
        .and()
        .doNotHaveFullyQualifiedName(ContextStorage.class.getName() + "$Origin")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(ThreadLocal.class)
        .because("the thread-local slot is the one piece of per-thread global state")
        .check(CLASSES);
  }

  @Test
  void theApiPackageDoesNotDependOnTheConcurrentPackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.logcontext")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.logcontext.concurrent..")
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

  private static boolean isVisibleOutsideItsPackage(JavaClass type) {
    for (JavaClass t = type; t != null; t = t.getEnclosingClass().orElse(null)) {
      if (!isVisible(t.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isVisible(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }
}
