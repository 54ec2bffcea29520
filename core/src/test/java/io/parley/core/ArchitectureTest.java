package io.parley.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.parley.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreDependsOnTheJdkOnly =
      noClasses()
          .that()
          .resideInAPackage("io.parley.core..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages("io.parley.core..", "java..", "javax.annotation..");

  @ArchTest
  static final ArchRule coreNeverSleeps =
      noClasses()
          .that()
          .resideInAPackage("io.parley.core..")
          .should()
          .callMethod(Thread.class, "sleep", long.class);
}
