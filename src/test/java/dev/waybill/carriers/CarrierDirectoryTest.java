package dev.waybill.carriers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.orders.CarrierCatalog.Candidate;
import dev.waybill.orders.CarrierCatalog.Confidence;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CarrierDirectoryTest {

  private final CarrierDirectory carriers = new CarrierDirectory();

  @Test
  void upsNumbersAreRecognised() {
    assertEquals(List.of("ups"), carriers.detect("1Z999AA10123456784"));
    assertEquals(List.of("ups"), carriers.detect("1z 999 aa1 0123456784"));
    assertTrue(carriers.detect("1Z999AA10123456785").isEmpty());
  }

  @Test
  void uspsImpbIsRecognised() {
    // The worked example of USPS Publication 199.
    assertEquals(List.of("usps"), carriers.detect("9212391234567812345670").subList(0, 1));
  }

  @Test
  void unknownFormatHasNoCandidates() {
    assertTrue(carriers.detect("HELLO").isEmpty());
  }

  @Test
  void carrierLinkEncodesTheNumber() {
    assertEquals(
        "https://www.ups.com/track?tracknum=1Z%20X", carriers.info("ups").trackingUrl("1Z X"));
  }

  @Test
  void catalogueCarriersAreKnownAndNotPolledWithoutAnAdapter() {
    assertEquals(Optional.of("royal-mail"), carriers.codeOf("Royal-Mail"));
    assertEquals("Royal Mail", carriers.info("royal-mail").name());
    assertEquals(
        "https://www.royalmail.com/track-your-item#/tracking-results/RB123456785GB",
        carriers.info("royal-mail").trackingUrl("RB123456785GB"));
    assertFalse(carriers.polls("royal-mail"));
  }

  @Test
  void catalogueCheckDigitsDetectPostalAndRegionalCarriers() {
    assertEquals(
        List.of(new Candidate("royal-mail", Confidence.MEDIUM)),
        carriers.candidates("RB 123 456 785 GB"));
    assertEquals(
        List.of(new Candidate("canada-post", Confidence.MEDIUM)),
        carriers.candidates("0073938000549297"));
    assertTrue(carriers.candidates("0073938000549292").isEmpty());
    assertEquals(List.of("ontrac"), carriers.detect("C11031500001879"));
    assertTrue(carriers.detect("C11031500001889").isEmpty());
    assertEquals(List.of("dpd"), carriers.detect("0081 827 0998 0000 0200 33 350 276 C"));
    assertTrue(carriers.detect("008182709980000020033350276A").isEmpty());
  }

  @Test
  void aPassedCheckDigitRanksAboveAFormatAlone() {
    // Waybill's own DHL rule first, then the division whose check digit passes.
    assertEquals(
        List.of(
            new Candidate("dhl", Confidence.HIGH), new Candidate("dhl-express", Confidence.MEDIUM)),
        carriers.candidates("3318810025"));
    // A Purolator PIN that FedEx's check digit rejects: Luhn passes, nothing else does.
    List<Candidate> purolator = carriers.candidates("320595463938");
    assertEquals(new Candidate("purolator", Confidence.MEDIUM), purolator.get(0));
    // 14 digits with no check digit: every carrier of that shape, none preferred.
    List<Candidate> fourteen = carriers.candidates("09980000020033");
    assertEquals(List.of("dpd", "dpd-uk", "hermes-de"), codes(fourteen));
    assertTrue(fourteen.stream().allMatch(c -> c.confidence() == Confidence.LOW));
    // A Yamato slip number passes mod 7; a format-only carrier of 12 digits would come after.
    List<Candidate> yamato = carriers.candidates("444413758703");
    assertEquals(Confidence.MEDIUM, yamato.get(0).confidence());
    assertTrue(codes(yamato).contains("yamato"));
  }

  @Test
  void formatOnlyCarriersAreCandidatesWithLowConfidence() {
    assertEquals(
        List.of(new Candidate("amazon-logistics", Confidence.LOW)),
        carriers.candidates("TBA502887274000"));
    assertTrue(carriers.detect("ZZZZ-1234").isEmpty());
  }

  @Test
  void simulatedNumbersBelongToTheSimulatorAlone() {
    assertEquals(
        List.of(new Candidate("waybill-sim", Confidence.HIGH)),
        carriers.candidates("SIM-ONTIME-1700000000-1"));
  }

  private static List<String> codes(List<Candidate> candidates) {
    return candidates.stream().map(Candidate::code).toList();
  }
}
