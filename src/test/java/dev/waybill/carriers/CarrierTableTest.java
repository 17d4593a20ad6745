package dev.waybill.carriers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.CarrierCatalogue.Entry;
import dev.waybill.carriers.CarrierCatalogue.Mode;
import dev.waybill.carriers.CarrierCatalogue.NumberFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The carrier table in {@link #DOC} is generated from the catalogue file, so the two never
 * disagree; after changing the catalogue, rewrite it with
 *
 * <pre>./mvnw test -Dtest=CarrierTableTest -DupdateCarrierTable=true</pre>
 */
class CarrierTableTest {

  static final Path DOC = Path.of("docs/carriers/README.md");

  static final String START =
      "<!-- catalogue:start (generated from src/main/resources/carriers/catalogue.json;"
          + " rewrite with ./mvnw test -Dtest=CarrierTableTest -DupdateCarrierTable=true) -->";
  static final String END = "<!-- catalogue:end -->";

  @Test
  void theDocsCarrierTableIsTheCatalogue() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int start = doc.indexOf(START);
    int end = doc.indexOf(END);
    assertTrue(start >= 0 && end > start, DOC + " needs the markers " + START + " and " + END);
    String written = doc.substring(start + START.length(), end);
    String generated = "\n" + table(CarrierCatalogue.load()) + "\n";
    if (Boolean.getBoolean("updateCarrierTable")) {
      Files.writeString(
          DOC,
          doc.substring(0, start + START.length()) + generated + doc.substring(end),
          StandardCharsets.UTF_8);
      written = generated;
    }
    assertEquals(
        generated,
        written,
        "The catalogue changed: rewrite the table in " + DOC + " with -DupdateCarrierTable=true");
  }

  static String table(CarrierCatalogue catalogue) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "| carrier | code | countries | tracking numbers (check digit) | modes"
            + " | EasyPost | AfterShip | 17TRACK |");
    lines.add("|---|---|---|---|---|---|---|---|");
    for (Entry e : catalogue.entries()) {
      List<String> formats = new ArrayList<>();
      for (NumberFormat f : e.formats()) {
        formats.add(f.description() + " (" + label(f.check()) + ")");
      }
      List<String> modes = e.modes().stream().map(Mode::id).toList();
      lines.add(
          "| ["
              + e.name()
              + "]("
              + "https://"
              + java.net.URI.create(e.trackingUrl().replace("{trackingNumber}", "")).getHost()
              + ") | `"
              + e.code()
              + "` | "
              + String.join(", ", e.countries())
              + " | "
              + (!formats.isEmpty()
                  ? String.join("<br>", formats)
                  : TrackingNumberFormats.CODES.contains(e.code())
                      ? "Waybill's own rules ([detection.md](detection.md))"
                      : "none: the merchant names the carrier")
              + " | "
              + String.join(", ", modes)
              + " | "
              + id(e, "easypost")
              + " | "
              + id(e, "aftership")
              + " | "
              + id(e, "17track")
              + " |");
    }
    return String.join("\n", lines);
  }

  /** The aggregator's identifier in backticks; 17TRACK detects carriers it has no code for. */
  private static String id(Entry e, String aggregator) {
    return e.aggregatorId(aggregator)
        .map(id -> "`" + id + "`")
        .orElse(aggregator.equals("17track") ? "detected" : "");
  }

  private static String label(CheckDigit check) {
    return switch (check) {
      case NONE -> "none published";
      case S10 -> "S10 mod 11";
      case MOD10 -> "mod 10 (3, 1)";
      case MOD7 -> "mod 7";
      case LUHN -> "Luhn";
      case UPS -> "UPS mod 10";
      case FEDEX_EXPRESS -> "FedEx mod 11";
      case MOD37_36 -> "ISO 7064 MOD 37,36";
      case ONTRAC -> "OnTrac mod 10";
    };
  }
}
