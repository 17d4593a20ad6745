package dev.waybill.carriers;

import static dev.waybill.carriers.TrackingNumberFormats.candidates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where the samples come from:
 *
 * <ul>
 *   <li>[UPS-FAQ] UPS's own example number, 1Z 999 AA1 01 2345 6784, as quoted e.g. on
 *       wheremy.com/ups-tracking.
 *   <li>[UPS-DEV] Test numbers from the UPS Tracking API developer guide (Waybill's UPS fixtures
 *       use them).
 *   <li>[TND] jkeen/tracking_number_data, couriers/*.json {@code test_numbers.valid}, a public data
 *       set of real and published tracking numbers (ups.json, usps.json, fedex.json before and
 *       after v2.0.0, dhl.json, s10.json).
 *   <li>[PUB199] USPS Publication 199 (IMpb Implementation Guide), worked example of the MOD 10
 *       check digit: PIC 92 123 912345678 1234567, check digit 0.
 *   <li>[S10] UPU S10 standard, worked example as given on Wikipedia "S10 (UPU standard)": serial
 *       47312482, check digit 9.
 *   <li>[FDX-EXP] FedEx Express check digit worked example 012345678983 (sum 179, remainder 3),
 *       quoted from FedEx in Google Answers thread 207899.
 *   <li>[FDX-GRD] FedEx Ground "Bar Code &amp; Label Layout Specification" FY04.A, check digit
 *       algorithms for the "96" and SSCC-18 bar codes.
 *   <li>[DHL-IDS] DHL's "tracking ID labels" page (dhl.com .../tracking/id-labels): example IDs
 *       JJD0099999999, JVGL9999999999, GM99999999999.
 *   <li>[TND-30] jkeen/tracking_number_data issue #30: DHL license plate JJD + 18 digits.
 * </ul>
 */
class TrackingNumberFormatsTest {

  private static final List<String> NONE = List.of();

  /** The number with the digit at {@code index} replaced by the next one (9 becomes 0). */
  private static String withDigitChanged(String number, int index) {
    char c = number.charAt(index);
    if (c < '0' || c > '9') {
      throw new IllegalArgumentException("not a digit at " + index + ": " + number);
    }
    char changed = (char) ('0' + (c - '0' + 1) % 10);
    return number.substring(0, index) + changed + number.substring(index + 1);
  }

  /** Changing the check digit, or a digit in the middle, takes the number away from carrier. */
  private static void oneDigitChangedIsNot(String carrier, String number) {
    int[] indexes = {lastDigit(number), firstDigitAfter(number, number.length() / 2)};
    for (int index : indexes) {
      String changed = withDigitChanged(number, index);
      assertFalse(candidates(changed).contains(carrier), changed + " must not be " + carrier);
    }
  }

  private static int lastDigit(String number) {
    for (int i = number.length() - 1; i >= 0; i--) {
      if (Character.isDigit(number.charAt(i))) {
        return i;
      }
    }
    throw new IllegalArgumentException(number);
  }

  private static int firstDigitAfter(String number, int from) {
    for (int i = from; i < number.length(); i++) {
      if (Character.isDigit(number.charAt(i))) {
        return i;
      }
    }
    throw new IllegalArgumentException(number);
  }

  // ---------------------------------------------------------------- UPS

  private static final List<String> UPS_SAMPLES =
      List.of(
          "1Z999AA10123456784", // [UPS-FAQ]
          "1Z12345E6605272234", // [UPS-DEV]
          "1Z5R89390357567127", // [TND] ups.json
          "1Z879E930346834440", // [TND] ups.json
          "1Z410E7W0392751591", // [TND] ups.json, letters in the package part
          "1Z8V92A70367203024"); // [TND] ups.json, letters in shipper and service

  @Test
  void upsNumbersAreUps() {
    for (String n : UPS_SAMPLES) {
      assertEquals(List.of("ups"), candidates(n), n);
    }
  }

  @Test
  void upsNumberWithWrongCheckDigitIsNotUps() {
    for (String n : UPS_SAMPLES) {
      oneDigitChangedIsNot("ups", n);
    }
    assertEquals(NONE, candidates("1Z999AA10123456785"));
  }

  @Test
  void upsLettersCountByTheirUpsDigitValue() {
    // [TND] 1Z8V92A70367203024 with its shipper letter V (= 3) swapped for F (= 7). V sits in an
    // even position, so the sum grows by 2 x 4 = 8 and the check digit becomes 6 instead of 4.
    assertEquals(NONE, candidates("1Z8F92A70367203024"));
    assertEquals(List.of("ups"), candidates("1Z8F92A70367203026"));
  }

  @Test
  void upsDeveloperGuideNumberWithInconsistentCheckDigitIsNotUps() {
    // [UPS-DEV] 1Z12345E0205271688 is a sandbox test number whose check digit does not follow
    // UPS's algorithm (it computes to 6). It is known to be so: public tracking libraries list the
    // developer-guide numbers as "invalid checksums". Format alone is not enough here.
    assertEquals(NONE, candidates("1Z12345E0205271688"));
    assertEquals(List.of("ups"), candidates("1Z12345E0205271686"));
  }

  // ---------------------------------------------------------------- USPS

  private static final List<String> USPS_ONLY_SAMPLES =
      List.of(
          "9400111206206406260787", // [TND] usps.json IMpb N, application identifier 94
          "9405803699300124287899", // [TND] usps.json IMpb N
          "9505511069605048600624", // [TND] usps.json IMpb C, 95
          "9361289878700317633795", // [TND] usps.json IMpb C, 93
          "92748931507708513018050063", // [TND] usps.json IMpb C, 26 digits
          "9101123456789000000013", // [TND] usps.json legacy, 91 printed
          "03071790000523483741", // [TND] usps.json USPS 20, check over the 20 digits
          "71969010756003077385", // [TND] usps.json legacy, 91 dropped but counted
          "420787459400111206206406260787", // [TND] usps.json, 420 + ZIP + IMpb
          "RB123456785US", // [TND] s10.json
          "EE473124829US"); // [S10] worked example's serial and check digit

  @Test
  void uspsNumbersAreUsps() {
    for (String n : USPS_ONLY_SAMPLES) {
      assertEquals(List.of("usps"), candidates(n), n);
    }
  }

  @Test
  void uspsNumberWithWrongCheckDigitIsNotUsps() {
    for (String n : USPS_ONLY_SAMPLES) {
      oneDigitChangedIsNot("usps", n);
    }
    for (String n : AMBIGUOUS_USPS_AND_FEDEX) {
      oneDigitChangedIsNot("usps", n);
    }
  }

  @Test
  void uspsRoutingCodeWithZipPlusFourIsSkipped() {
    // [TND] usps.json: 420 + ZIP+4 10023-3424 + 92 IMpb.
    assertTrue(candidates("4201002334249200190132607600833457").contains("usps"));
    // The IMpb alone is the same number.
    assertTrue(candidates("9200190132607600833457").contains("usps"));
  }

  @Test
  void uspsImpbNeedsAnApplicationIdentifierFrom91To95() {
    // [TND] 9400111206206406260787 with 94 replaced by 97 and the check digit recomputed (4), so
    // only the identifier is wrong.
    assertEquals(NONE, candidates("9700111206206406260784"));
  }

  @Test
  void s10NumbersOnlyBelongToUspsWhenIssuedInTheUs() {
    assertEquals(NONE, candidates("RB123456785GB")); // [TND] s10.json, Royal Mail
  }

  @Test
  void s10CheckDigitOfElevenIsWrittenAsFiveAndTenAsZero() {
    // Built to hit the standard's two special cases: serial 00000000 gives 11 - 0 = 11, written
    // 5; serial 00004000 gives 11 - (12 mod 11) = 10, written 0.
    assertEquals(List.of("usps"), candidates("RR000000005US"));
    assertEquals(NONE, candidates("RR000000000US"));
    assertEquals(List.of("usps"), candidates("RR000040000US"));
    assertEquals(NONE, candidates("RR000040001US"));
  }

  @Test
  void widelyCopiedUspsExampleFailsItsCheckDigit() {
    // 9400111899223197428490 appears in many code bases as "a USPS number", but its check digit
    // computes to 7, not 0.
    assertEquals(NONE, candidates("9400111899223197428490"));
    assertEquals(List.of("usps"), candidates("9400111899223197428497"));
  }

  // ---------------------------------------------------------------- FedEx

  private static final List<String> FEDEX_ONLY_SAMPLES =
      List.of(
          "012345678983", // [FDX-EXP]
          "986578788855", // [TND] fedex.json Express (12)
          "477179081230", // [TND] fedex.json Express (12), check digit 0
          "799531274483", // [TND] fedex.json Express (12)
          "974367662710", // [TND] fedex.json Express (12)
          "041441760228964", // [TND] fedex.json Ground
          "568283610012734", // [TND] fedex.json Ground
          "9611020987654312345672", // [TND] fedex.json Ground 96 (22), [FDX-GRD] layout
          "61299998820821171811"); // [TND] fedex.json SmartPost (before v2.0.0), 92 dropped

  @Test
  void fedexNumbersAreFedex() {
    for (String n : FEDEX_ONLY_SAMPLES) {
      assertEquals(List.of("fedex"), candidates(n), n);
    }
  }

  @Test
  void fedexNumberWithWrongCheckDigitIsNotFedex() {
    for (String n : FEDEX_ONLY_SAMPLES) {
      oneDigitChangedIsNot("fedex", n);
    }
    for (String n : AMBIGUOUS_USPS_AND_FEDEX) {
      oneDigitChangedIsNot("fedex", n);
    }
  }

  @Test
  void fedexExpressWeightsRunOneThreeSevenFromTheRight() {
    // [FDX-EXP] 01234567898 weighted 1, 3, 7 from the right sums to 179: check 3. Weighting
    // 1, 7, 3 instead would give check 4, which FedEx does not issue.
    assertEquals(List.of("fedex"), candidates("012345678983"));
    assertEquals(NONE, candidates("012345678984"));
  }

  @Test
  void fedexExpressCheckDigitZeroStandsForRemaindersZeroAndTen() {
    // [TND] 477179081230 sums to 165, remainder 0. Its tens digit 2 (weight 3) read as 9 adds 21:
    // remainder 10, also written 0. A misread FedEx's own check digit cannot see, nor can Waybill.
    assertEquals(List.of("fedex"), candidates("477179081230"));
    assertEquals(List.of("fedex"), candidates("477179081930"));
  }

  @Test
  void fedexGround96CheckDigitCoversOnlyTheGroundNumber() {
    // [TND] 9611020987654312345672: its last 15 digits are a Ground number of their own.
    assertEquals(List.of("fedex"), candidates("987654312345672"));
    // Changing the carrier code or service digits does not touch the check digit.
    assertEquals(List.of("fedex"), candidates("9622020987654312345672"));
  }

  @Test
  void fedexSmartPostPrintedWithoutItsIdentifierCountsTheDropped92() {
    // [TND] 61299998820821171811 checks only with 92 in front: it is not a USPS 20-digit number.
    assertFalse(candidates("61299998820821171811").contains("usps"));
    assertEquals(List.of("usps", "fedex"), candidates("9261299998820821171811"));
  }

  // ---------------------------------------------------------------- several carriers

  private static final List<String> AMBIGUOUS_USPS_AND_FEDEX =
      List.of(
          "9212391234567812345670", // [PUB199]
          "9261292700768711948021", // [TND] fedex.json SmartPost (before v2.0.0) / usps.json
          "4201028200009261290113185417468510"); // [TND] usps.json, 420 + ZIP+4 + 92 IMpb

  @Test
  void impbNumbersWithIdentifier92AreUspsThenFedex() {
    for (String n : AMBIGUOUS_USPS_AND_FEDEX) {
      assertEquals(List.of("usps", "fedex"), candidates(n), n);
    }
  }

  @Test
  void twentyDigitNumbersPassAtMostOneOfTheirThreeChecks() {
    // Putting 91 or 92 in front adds 28 or 29 to the weighted sum, so the three 20-digit rules
    // (USPS as is, USPS after 91, FedEx after 92) each want a different check digit.
    assertEquals(List.of("usps"), candidates("03071790000523483741"));
    assertEquals(List.of("fedex"), candidates("03071790000523483742"));
    assertEquals(List.of("usps"), candidates("03071790000523483743"));
    assertEquals(NONE, candidates("03071790000523483744"));
  }

  // ---------------------------------------------------------------- DHL

  private static final List<String> DHL_EXPRESS_SAMPLES =
      List.of(
          "3318810025", // [TND] dhl.json
          "8487135506", // [TND] dhl.json
          "1099255990", // [TND] dhl.json
          "3821724944"); // [TND] dhl.json

  @Test
  void dhlExpressWaybillsAreDhl() {
    for (String n : DHL_EXPRESS_SAMPLES) {
      assertEquals(List.of("dhl"), candidates(n), n);
    }
  }

  @Test
  void dhlExpressWaybillWithWrongCheckDigitIsNotDhl() {
    for (String n : DHL_EXPRESS_SAMPLES) {
      oneDigitChangedIsNot("dhl", n);
    }
    // [TND] dhl.json invalid samples.
    assertEquals(NONE, candidates("3318810010"));
    assertEquals(NONE, candidates("3318810034"));
  }

  @Test
  void dhlExpressCheckDigitIsNeverAboveSix() {
    // A mod 7 remainder: a waybill ending in 7, 8 or 9 cannot be DHL Express.
    assertEquals(NONE, candidates("3318810027"));
    assertEquals(NONE, candidates("3318810029"));
  }

  @Test
  void dhlPieceIdsAndEcommerceNumbersAreDhlByFormatAlone() {
    assertEquals(List.of("dhl"), candidates("JJD0099999999")); // [DHL-IDS]
    assertEquals(List.of("dhl"), candidates("JVGL9999999999")); // [DHL-IDS]
    assertEquals(List.of("dhl"), candidates("JJD012345678901234567")); // [TND-30]
    assertEquals(List.of("dhl"), candidates("GM99999999999")); // [DHL-IDS]
    assertEquals(List.of("dhl"), candidates("GM2951173225174494")); // [TND] dhl.json
    assertEquals(NONE, candidates("XJD0099999998")); // [TND] dhl.json invalid
    assertEquals(NONE, candidates("GS295117494011169041")); // [TND] dhl.json invalid
    assertEquals(NONE, candidates("JJD00999")); // too short
  }

  @Test
  void dhlPaketNumbersAreDhlOnlyWithTheirCheckDigit() {
    // 12 digits, Deutsche Post Identcode check digit (weights 4 and 9).
    assertEquals(List.of("dhl"), candidates("340434161090"));
    assertFalse(candidates("340434161091").contains("dhl"));
    // paketda.de's example passes FedEx Express's check digit too: FedEx keeps it.
    assertEquals(List.of("fedex"), candidates("201298452277"));
    // 20 digits: an SSCC under DHL's prefix, GS1 mod 10; DHL's prefix puts DHL first.
    assertTrue(candidates("00340434161094042557").get(0).equals("dhl"));
    assertFalse(candidates("00340434161094042558").contains("dhl"));
    // Deutsche Post's S10 numbers: the UPU check digit, country DE.
    assertEquals(List.of("dhl"), candidates("RR123456785DE"));
    assertEquals(NONE, candidates("RR123456784DE"));
  }

  @Test
  void dhlServiceFollowsTheNumbersFormat() {
    assertEquals(Optional.of("express"), TrackingNumberFormats.dhlService("3318810025"));
    assertEquals(Optional.of("express"), TrackingNumberFormats.dhlService("JJD0099999999"));
    assertEquals(Optional.of("parcel-de"), TrackingNumberFormats.dhlService("JJD1410302937991"));
    assertEquals(Optional.of("parcel-de"), TrackingNumberFormats.dhlService("2012 9845 2277"));
    assertEquals(
        Optional.of("parcel-de"), TrackingNumberFormats.dhlService("00340434161094042557"));
    assertEquals(Optional.of("parcel-nl"), TrackingNumberFormats.dhlService("JVGL9999999999"));
    assertEquals(Optional.of("ecommerce"), TrackingNumberFormats.dhlService("GM99999999999"));
    assertEquals(Optional.of("post-de"), TrackingNumberFormats.dhlService("rr 123 456 785 de"));
    assertEquals(Optional.empty(), TrackingNumberFormats.dhlService("1Z999AA10123456784"));
    assertEquals(Optional.empty(), TrackingNumberFormats.dhlService(null));
  }

  // ---------------------------------------------------------------- Waybill simulator

  @Test
  void simNumbersAreTheSimulatedCarrier() {
    // Waybill's own format (DemoSeeder, SimCarrierServer): SIM-<JOURNEY>-T<epoch>-<suffix>.
    assertEquals(List.of("waybill-sim"), candidates("SIM-ONTIME-T1700000000-1"));
    assertEquals(List.of("waybill-sim"), candidates("sim-weather-t1764000000-x2"));
    assertEquals(List.of("waybill-sim"), candidates("  SIM-ABCD  "));
  }

  @Test
  void simNumbersNeedTheirDashAndATailOfFourToSixtyCharacters() {
    assertEquals(NONE, candidates("SIMONTIME-T1700000000-1")); // the dash is not stripped first
    assertEquals(NONE, candidates("SIM-ABC"));
    assertEquals(List.of("waybill-sim"), candidates("SIM-" + "A".repeat(60)));
    assertEquals(NONE, candidates("SIM-" + "A".repeat(61)));
    assertEquals(NONE, candidates("SIM-ONTIME T1700000000")); // a space is not part of a tail
    assertEquals(NONE, candidates("SIM-ONTIME_T1700000000"));
  }

  // ---------------------------------------------------------------- input handling

  @Test
  void spacesDashesAndCaseAreIgnored() {
    assertEquals(List.of("ups"), candidates("1z 999 aa1 01 2345 6784"));
    assertEquals(List.of("ups"), candidates("1Z-999-AA1-01-2345-6784"));
    assertEquals(List.of("usps"), candidates("9400 1112 0620 6406 2607 87"));
    assertEquals(List.of("usps"), candidates("9400-1112-0620-6406-2607-87"));
    assertEquals(List.of("usps"), candidates("rb 123 456 785 us"));
    assertEquals(List.of("usps", "fedex"), candidates("92 123 912345678 1234567 0"));
    assertEquals(List.of("fedex"), candidates(" 0123 4567 8983 "));
    assertEquals(List.of("fedex"), candidates("0414-4176-0228-964"));
    assertEquals(List.of("dhl"), candidates("33 1881 0025"));
    assertEquals(List.of("dhl"), candidates("3318810025\t"));
    assertEquals(List.of("dhl"), candidates("jjd 00 9999 9999"));
  }

  @Test
  void garbageHasNoCandidates() {
    assertEquals(NONE, candidates(null));
    assertEquals(NONE, candidates(""));
    assertEquals(NONE, candidates("   "));
    assertEquals(NONE, candidates("- -"));
    assertEquals(NONE, candidates("HELLO"));
    assertEquals(NONE, candidates("1Z"));
    assertEquals(NONE, candidates("1Z999AA1012345678")); // one character short
    assertEquals(NONE, candidates("1Z999AA101234567844")); // one character long
    assertEquals(NONE, candidates("1Z999AA1012345678A")); // letter as check digit
    assertEquals(NONE, candidates("12345"));
    assertEquals(NONE, candidates("0000000000000000000000000000000000000000"));
    assertEquals(NONE, candidates("9400111206206406260787X"));
    assertEquals(NONE, candidates("94001112062064062607８7")); // a full-width digit
    assertEquals(NONE, candidates("ORDER #12345"));
  }
}
