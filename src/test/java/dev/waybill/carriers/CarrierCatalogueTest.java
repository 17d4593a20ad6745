package dev.waybill.carriers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.CarrierCatalogue.Entry;
import dev.waybill.carriers.CarrierCatalogue.Mode;
import dev.waybill.carriers.CarrierCatalogue.NumberFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalogue file: well formed, and every published example valid under its own rule. */
class CarrierCatalogueTest {

  private final CarrierCatalogue catalogue = CarrierCatalogue.load();
  private final CarrierDirectory directory = new CarrierDirectory();

  @Test
  void listsAboutFortyCarriersWithUniqueCodes() {
    List<Entry> entries = catalogue.entries();
    assertTrue(entries.size() >= 40, "carriers: " + entries.size());
    Set<String> codes = new HashSet<>();
    for (Entry e : entries) {
      assertTrue(codes.add(e.code()), "twice: " + e.code());
      assertFalse(e.name().isBlank(), e.code());
      assertFalse(e.modes().isEmpty(), e.code());
    }
  }

  @Test
  void keepsTheCodesShipmentsAlreadyCarryAndTheDhlDivisions() {
    for (String code :
        List.of(
            "ups",
            "fedex",
            "usps",
            "dhl",
            "dhl-express",
            "dhl-ecommerce",
            "dhl-paket",
            "deutsche-post")) {
      assertTrue(catalogue.find(code).isPresent(), code);
    }
  }

  @Test
  void countriesAreIsoAlpha2() {
    Set<String> iso = Set.of(Locale.getISOCountries());
    for (Entry e : catalogue.entries()) {
      assertFalse(e.countries().isEmpty(), e.code());
      for (String country : e.countries()) {
        assertTrue(iso.contains(country), e.code() + ": " + country);
      }
    }
  }

  @Test
  void trackingUrlsAreHttpsWithTheNumberEncodedIntoThem() {
    for (Entry e : catalogue.entries()) {
      assertTrue(e.trackingUrl().startsWith("https://"), e.code());
      assertTrue(e.trackingUrl().contains(CarrierCatalogue.PLACEHOLDER), e.code());
      String link = e.info().trackingUrl("AB 12/3&x");
      assertTrue(link.contains("AB%2012%2F3%26x"), link);
      assertFalse(link.contains(CarrierCatalogue.PLACEHOLDER), link);
    }
  }

  @Test
  void everyExampleHasItsFormatAndPassesItsCheckDigit() {
    int examples = 0;
    for (Entry e : catalogue.entries()) {
      for (NumberFormat f : e.formats()) {
        for (String example : f.examples()) {
          String n = TrackingNumberFormats.normalize(example);
          assertTrue(f.matches(n), e.code() + " " + example + " does not match " + f.pattern());
          assertTrue(f.check().passes(n), e.code() + " " + example + " fails " + f.check().id());
          examples++;
        }
      }
    }
    assertTrue(examples >= 50, "examples: " + examples);
  }

  @Test
  void aChangedCheckDigitFailsEveryRule() {
    for (Entry e : catalogue.entries()) {
      for (NumberFormat f : e.formats()) {
        if (f.check() == CheckDigit.NONE) {
          continue;
        }
        for (String example : f.examples()) {
          String n = TrackingNumberFormats.normalize(example);
          int at = f.check() == CheckDigit.S10 ? 10 : n.length() - 1;
          char digit = n.charAt(at);
          String changed =
              n.substring(0, at)
                  + (char) (Character.isDigit(digit) ? '0' + (digit - '0' + 1) % 10 : 'A')
                  + n.substring(at + 1);
          assertFalse(f.check().passes(changed), e.code() + " " + changed);
        }
      }
    }
  }

  @Test
  void everyCheckDigitRuleIsProvenByAPublishedExample() {
    Set<CheckDigit> proven = EnumSet.of(CheckDigit.NONE);
    for (Entry e : catalogue.entries()) {
      for (NumberFormat f : e.formats()) {
        if (!f.examples().isEmpty()) {
          proven.add(f.check());
        }
      }
    }
    assertEquals(EnumSet.allOf(CheckDigit.class), proven);
  }

  @Test
  void everyExampleIsDetectedAsItsCarrier() {
    List<String> missed = new ArrayList<>();
    for (Entry e : catalogue.entries()) {
      for (NumberFormat f : e.formats()) {
        for (String example : f.examples()) {
          if (!directory.detect(example).contains(e.code())) {
            missed.add(e.code() + " " + example + " -> " + directory.detect(example));
          }
        }
      }
    }
    assertEquals(List.of(), missed);
  }

  @Test
  void s10CheckDigitFollowsTheUpuRule() {
    // The UPU standard's worked example: serial 47312482 weighs to 200, 11 - (200 mod 11) = 9.
    assertTrue(CheckDigit.S10.passes("EE473124829US"));
    assertTrue(CheckDigit.S10.passes("RB123456785GB"));
    assertFalse(CheckDigit.S10.passes("RB123456786GB"));
    // Remainder 0 gives 11, written 5; remainder 1 gives 10, written 0.
    assertTrue(CheckDigit.S10.passes("RR000000005DE"));
    assertFalse(CheckDigit.S10.passes("RR000000000DE"));
    assertTrue(CheckDigit.S10.passes("RR000040000DE"));
    assertFalse(CheckDigit.S10.passes("RR000040001DE"));
    // Another shape fails rather than breaking detection.
    assertFalse(CheckDigit.S10.passes("RR0000"));
    assertFalse(CheckDigit.S10.passes("RRX00040000DE"));
  }

  @Test
  void postalServicesCarryS10NumbersWithTheirOwnCountryCode() {
    for (Entry e : catalogue.entries()) {
      for (NumberFormat f : e.formats()) {
        if (f.check() != CheckDigit.S10) {
          continue;
        }
        String country = f.pattern().pattern().substring(f.pattern().pattern().length() - 2);
        assertTrue(e.countries().contains(country), e.code() + " issues S10 for " + country);
      }
    }
  }

  @Test
  void directModeIsListedForEveryCarrierWithAnAdapter() {
    for (String code : List.of("ups", "fedex", "usps")) {
      assertTrue(catalogue.find(code).orElseThrow().modes().contains(Mode.DIRECT), code);
    }
    assertFalse(catalogue.find("royal-mail").orElseThrow().modes().contains(Mode.DIRECT));
  }

  @Test
  void aBrokenEntryStopsTheLoad() {
    String good =
        """
        {"code": "x-post", "name": "X Post", "countries": ["DE"],
         "trackingUrl": "https://x.example/t?n={trackingNumber}", "modes": ["push"],
         "formats": [{"pattern": "X[0-9]{4}", "check": "none", "examples": []}]}
        """;
    assertEquals(1, parse("{\"carriers\": [" + good + "]}").entries().size());
    assertInvalid("{\"carriers\": [" + good + "," + good + "]}", "appears twice");
    assertInvalid(good.replace("https://", "http://"), "https");
    assertInvalid(good.replace("{trackingNumber}", "{number}"), "{trackingNumber}");
    assertInvalid(good.replace("\"DE\"", "\"XX\""), "'XX'");
    assertInvalid(good.replace("X[0-9]{4}", "X[0-9{4}"), "does not compile");
    assertInvalid(good.replace("\"none\"", "\"mod97\""), "mod97");
    assertInvalid(good.replace("\"push\"", "\"carrier-pigeon\""), "carrier-pigeon");
    assertInvalid(good.replace("x-post", "X Post"), "code");
  }

  @Test
  void aggregatorIdentifiersHaveTheirAggregatorsShapeAndNameOneCarrierEach() {
    java.util.Map<String, java.util.Map<String, String>> seen = new java.util.HashMap<>();
    int carriersWithIds = 0;
    for (Entry e : catalogue.entries()) {
      if (!e.aggregatorIds().isEmpty()) {
        carriersWithIds++;
        assertTrue(e.modes().contains(Mode.AGGREGATOR), e.code());
      }
      e.aggregatorIds()
          .forEach(
              (aggregator, id) -> {
                assertTrue(CarrierCatalogue.AGGREGATOR_IDS.containsKey(aggregator), aggregator);
                assertTrue(
                    CarrierCatalogue.AGGREGATOR_IDS.get(aggregator).matcher(id).matches(),
                    e.code() + " at " + aggregator + ": " + id);
                String before =
                    seen.computeIfAbsent(aggregator, k -> new java.util.HashMap<>())
                        .put(id, e.code());
                // A push names the carrier by this identifier: it must lead back to one carrier.
                assertEquals(null, before, aggregator + " " + id + " names two carriers");
              });
    }
    assertTrue(carriersWithIds >= 40, "carriers with aggregator identifiers: " + carriersWithIds);
  }

  @Test
  void registrationNamesCarriersAsEachAggregatorPublishesThem() {
    assertEquals("DPD", catalogue.aggregatorId("dpd", "easypost").orElseThrow());
    assertEquals("DHLExpress", catalogue.aggregatorId("dhl", "easypost").orElseThrow());
    assertEquals("RoyalMail", catalogue.aggregatorId("royal-mail", "easypost").orElseThrow());
    assertEquals("dpd", catalogue.aggregatorId("dpd", "aftership").orElseThrow());
    assertEquals("inpost-paczkomaty", catalogue.aggregatorId("inpost", "aftership").orElseThrow());
    assertEquals("parcel-force", catalogue.aggregatorId("parcelforce", "aftership").orElseThrow());
    assertEquals("new-zealand-post", catalogue.aggregatorId("nz-post", "aftership").orElseThrow());
    // No published identifier: that aggregator is not asked to track the carrier.
    assertTrue(catalogue.aggregatorId("gls", "easypost").isEmpty());
    assertTrue(catalogue.aggregatorId("waybill-sim", "aftership").isEmpty());
    assertTrue(catalogue.aggregatorId(null, "aftership").isEmpty());
  }

  @Test
  void aPushNamingTheAggregatorsIdentifierLandsOnTheCataloguesCarrier() {
    assertEquals(
        "parcelforce", WebhookProcessor.carrierCode(directory, "aftership", "parcel-force"));
    assertEquals(
        "hongkong-post", WebhookProcessor.carrierCode(directory, "aftership", "hong-kong-post"));
    assertEquals("dhl-paket", WebhookProcessor.carrierCode(directory, "aftership", "dhl-germany"));
    // A Waybill code stays, whoever pushes it; an identifier no carrier has stays as sent.
    assertEquals("dpd", WebhookProcessor.carrierCode(directory, "aftership", "dpd"));
    assertEquals("dhl", WebhookProcessor.carrierCode(directory, "easypost", "dhl"));
    assertEquals("pigeon-post", WebhookProcessor.carrierCode(directory, "17track", "pigeon-post"));
  }

  @Test
  void aBrokenAggregatorIdentifierStopsTheLoad() {
    String good =
        """
        {"code": "x-post", "name": "X Post", "countries": ["DE"],
         "trackingUrl": "https://x.example/t?n={trackingNumber}", "modes": ["aggregator"],
         "aggregators": {"easypost": "XPost", "aftership": "x-post", "17track": "190001"},
         "formats": []}
        """;
    Entry entry = parse("{\"carriers\": [" + good + "]}").entries().get(0);
    assertEquals("190001", entry.aggregatorId("17track").orElseThrow());
    assertInvalid(good.replace("\"easypost\"", "\"shippo\""), "'shippo'");
    assertInvalid(
        good.replace("\"aftership\": \"x-post\"", "\"aftership\": \"X Post\""),
        "aftership identifier");
    assertInvalid(good.replace("\"190001\"", "\"auto\""), "17track identifier");
    assertInvalid(good.replace("\"XPost\"", "\"X-Post\""), "easypost identifier");
    assertInvalid(good.replace("[\"aggregator\"]", "[\"push\"]"), "aggregator mode");
  }

  private static void assertInvalid(String carrier, String why) {
    String json =
        carrier.startsWith("{\"carriers\"") ? carrier : "{\"carriers\": [" + carrier + "]}";
    Exception e = assertThrows(RuntimeException.class, () -> parse(json));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  private static CarrierCatalogue parse(String json) {
    try {
      return CarrierCatalogue.parse(
          new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
