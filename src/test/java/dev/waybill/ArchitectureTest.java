package dev.waybill;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The structure the code keeps: layers without cycles, a pure kernel, one owner per table. */
class ArchitectureTest {

  private static final String[] FEATURES = {
    "dev.waybill.shipping..",
    "dev.waybill.orders..",
    "dev.waybill.carriers..",
    "dev.waybill.tracking..",
    "dev.waybill.notifications..",
    "dev.waybill.pages..",
    "dev.waybill.support..",
    "dev.waybill.insights..",
    "dev.waybill.stores..",
    "dev.waybill.privacy..",
    "dev.waybill.feedback..",
    "dev.waybill.connectors..",
    "dev.waybill.marketing..",
    "dev.waybill.app.."
  };

  /** Tables whose rows tell a shipment's story; only orders writes them. */
  private static final Pattern CORE_WRITE =
      Pattern.compile(
          "(?is)\\b(insert\\s+into|update|delete\\s+from)\\s+"
              + "(orders|shipments|tracking_events|status_changes|outbox)\\b");

  private static JavaClasses classes;

  @BeforeAll
  static void importMain() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.waybill");
  }

  @Test
  void topLevelPackagesAreFreeOfCycles() {
    slices().matching("dev.waybill.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void platformDependsOnNoFeature() {
    noClasses()
        .that()
        .resideInAPackage("dev.waybill.platform..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FEATURES)
        .check(classes);
  }

  @Test
  void aCarrierPackageNeverUsesAnother() {
    slices()
        .matching("dev.waybill.carriers.(*)..")
        .should()
        .notDependOnEachOther()
        .ignoreDependency(alwaysTrue(), resideInAPackage("dev.waybill.carriers.spi.."))
        .check(classes);
  }

  @Test
  void aConnectorPackageNeverUsesAnother() {
    slices()
        .matching("dev.waybill.connectors.(*)..")
        .should()
        .notDependOnEachOther()
        .check(classes);
  }

  @Test
  void onlyTheConsoleAndTheAppUseConnectors() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.waybill.connectors..", "dev.waybill.support..", "dev.waybill.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.waybill.connectors..")
        .check(classes);
  }

  @Test
  void theShippingKernelDependsOnNothingElse() {
    classes()
        .that()
        .resideInAPackage("dev.waybill.shipping..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.waybill.shipping..", "java..")
        .check(classes);
  }

  @Test
  void ordersReachesCarriersAndTrackingOnlyThroughItsPorts() {
    noClasses()
        .that()
        .resideInAPackage("dev.waybill.orders..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.waybill.carriers..", "dev.waybill.tracking..")
        .check(classes);
  }

  @Test
  void noRandomGeneratorIsHeldInAStaticField() {
    // A native image initializes classes at build time: a static generator would be seeded once
    // there and shared by every process started from the image.
    noFields()
        .that()
        .areStatic()
        .should()
        .haveRawType(java.util.Random.class)
        .orShould()
        .haveRawType(java.security.SecureRandom.class)
        .orShould()
        .haveRawType(java.util.SplittableRandom.class)
        .check(classes);
  }

  @Test
  void noClassOutsideOrdersWritesTheCoreTables() throws IOException {
    Path main = Path.of("src/main/java/dev/waybill");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(main)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !p.startsWith(main.resolve("orders")))
              .filter(ArchitectureTest::writesCoreTable)
              .map(p -> main.relativize(p).toString())
              .sorted()
              .toList();
    }
    assertEquals(List.of(), offenders, "classes outside orders that write its tables");
  }

  private static boolean writesCoreTable(Path file) {
    try {
      // Joined so that a statement split over concatenated literals is still one text.
      String source = Files.readString(file).replaceAll("\"\\s*\\+\\s*\"", "");
      return CORE_WRITE.matcher(source).find();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
