package dev.waybill.carriers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which carriers a tracking number can belong to, judged by its format and, where the carrier has
 * one, its check digit. Pure functions, no state; the rules and where they come from are in {@code
 * docs/carriers/detection.md}.
 */
public final class TrackingNumberFormats {

  static final String UPS = "ups";
  static final String USPS = "usps";
  static final String FEDEX = "fedex";
  static final String DHL = "dhl";
  static final String SIMULATED = CarrierDirectory.SIMULATED;

  /** The codes these rules answer with; the catalogue's own formats detect every other carrier. */
  static final Set<String> CODES = Set.of(UPS, USPS, FEDEX, DHL, SIMULATED);

  /** Waybill's simulated carrier, matched on the number as written (dashes are part of it). */
  private static final Pattern SIM =
      Pattern.compile("SIM-[A-Z0-9-]{4,60}", Pattern.CASE_INSENSITIVE);

  /** 1Z, 6 shipper, 2 service, 7 package (letters or digits), then a check digit. */
  private static final Pattern UPS_1Z = Pattern.compile("1Z[0-9A-Z]{15}[0-9]");

  /** UPU S10: 2 service letters, 8 serial digits, check digit, country; USPS issues "US". */
  private static final Pattern S10_US = Pattern.compile("[A-Z]{2}[0-9]{9}US");

  /** DHL piece IDs (license plates); DHL publishes no check digit for them. */
  private static final Pattern DHL_PIECE_ID = Pattern.compile("JJD[0-9]{10,18}|JVGL[0-9]{10}");

  /** DHL Express piece IDs among them: {@code JJD00} and {@code JJD01}. */
  private static final Pattern DHL_EXPRESS_PIECE_ID = Pattern.compile("JJD0[01][0-9]{8,16}");

  /** DHL Paket's 20-digit numbers: an SSCC ("00" + 18 digits) under DHL's prefixes 340433/4. */
  private static final Pattern DHL_PAKET_SSCC = Pattern.compile("0034043[34][0-9]{12}");

  /** UPU S10 numbers Deutsche Post issues (registered mail, Warenpost International). */
  private static final Pattern S10_DE = Pattern.compile("[A-Z]{2}[0-9]{9}DE");

  /** DHL eCommerce: GM, LX or RX and digits, 10 to 39 characters; no published check digit. */
  private static final Pattern DHL_ECOMMERCE_FORMAT = Pattern.compile("(GM|LX|RX)[0-9]{8,37}");

  /** The DHL Unified API's {@code service} for each DHL business Waybill recognises. */
  public static final String DHL_EXPRESS = "express";

  public static final String DHL_PARCEL_DE = "parcel-de";
  public static final String DHL_PARCEL_NL = "parcel-nl";
  public static final String DHL_ECOMMERCE = "ecommerce";
  public static final String DHL_POST_DE = "post-de";

  private TrackingNumberFormats() {}

  /**
   * The Waybill carrier codes whose format and check digit the number passes, most likely first;
   * empty when none does. Spaces and dashes are ignored and case does not matter, except for the
   * simulated carrier's {@code SIM-} numbers, whose dashes are significant.
   *
   * <p>Only 22-digit IMpb numbers with application identifier 92 (FedEx SmartPost / Ground Economy
   * numbers, which USPS delivers) belong to two carriers: USPS first, then FedEx.
   */
  public static List<String> candidates(String trackingNumber) {
    if (trackingNumber == null) {
      return List.of();
    }
    if (SIM.matcher(trackingNumber.strip()).matches()) {
      return List.of(SIMULATED);
    }
    String number = normalize(trackingNumber);
    List<String> codes = new ArrayList<>(2);
    if (isUps(number)) {
      codes.add(UPS);
    }
    if (isUsps(number)) {
      codes.add(USPS);
    }
    if (isFedex(number)) {
      codes.add(FEDEX);
    }
    // A 12-digit number that passes FedEx Express's check digit stays FedEx's: both checks are
    // weak,
    // and FedEx owned the format first.
    boolean fedexOwns = number.length() == 12 && codes.contains(FEDEX);
    if (!fedexOwns && dhlServiceOf(number) != null) {
      // DHL's own SSCC prefix says more than the USPS check digit the same digits pass.
      codes.add(DHL_PAKET_SSCC.matcher(number).matches() ? 0 : codes.size(), DHL);
    }
    return List.copyOf(codes);
  }

  /** Without whitespace and dashes, upper case. */
  static String normalize(String trackingNumber) {
    StringBuilder out = new StringBuilder(trackingNumber.length());
    trackingNumber
        .codePoints()
        .filter(c -> c != '-' && !Character.isWhitespace(c) && !Character.isSpaceChar(c))
        .forEach(out::appendCodePoint);
    return out.toString().toUpperCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------- UPS

  private static boolean isUps(String n) {
    return UPS_1Z.matcher(n).matches() && CheckDigit.ups(n);
  }

  // ---------------------------------------------------------------- USPS

  private static boolean isUsps(String n) {
    if (S10_US.matcher(n).matches()) {
      return CheckDigit.s10(n);
    }
    if (!isDigits(n)) {
      return false;
    }
    if (n.length() == 20) {
      // Confirmation numbers printed without the application identifier: some carry a check digit
      // over the 20 digits alone, the older ones one that still counted the dropped "91".
      return CheckDigit.mod10(n) || CheckDigit.mod10("91" + n);
    }
    return impbForms(n).stream().anyMatch(TrackingNumberFormats::isImpbWithIdentifier);
  }

  /** An IMpb tracking number: application identifier 91 to 95, 22 or 26 digits, mod 10. */
  private static boolean isImpbWithIdentifier(String n) {
    return (n.length() == 22 || n.length() == 26)
        && n.charAt(0) == '9'
        && n.charAt(1) >= '1'
        && n.charAt(1) <= '5'
        && CheckDigit.mod10(n);
  }

  /**
   * The number itself and, when it starts with the barcode's 420 + ZIP routing code, what follows
   * the ZIP (5 digits) or ZIP+4 (9 digits).
   */
  private static List<String> impbForms(String n) {
    List<String> forms = new ArrayList<>(3);
    forms.add(n);
    if (n.startsWith("420")) {
      for (int zipDigits : new int[] {5, 9}) {
        if (n.length() > 3 + zipDigits) {
          forms.add(n.substring(3 + zipDigits));
        }
      }
    }
    return forms;
  }

  // ---------------------------------------------------------------- FedEx

  private static boolean isFedex(String n) {
    if (!isDigits(n)) {
      return false;
    }
    switch (n.length()) {
      case 12:
        return CheckDigit.fedexExpress(n);
      case 15:
        return CheckDigit.mod10(n);
      case 20:
        // SmartPost as FedEx prints it: the IMpb number without its "92", which the check counts.
        return CheckDigit.mod10("92" + n);
      case 22:
        if (n.startsWith("96")) {
          // Ground "96" barcode: 96, carrier code, service, then the 15-digit Ground number,
          // whose own check digit closes the barcode.
          return CheckDigit.mod10(n.substring(7));
        }
        break;
      default:
        break;
    }
    // SmartPost as USPS prints it: a 92 IMpb number, possibly behind the 420 + ZIP routing code.
    return impbForms(n).stream()
        .anyMatch(form -> form.length() == 22 && form.startsWith("92") && CheckDigit.mod10(form));
  }

  // ---------------------------------------------------------------- DHL

  /**
   * Which DHL business issued a number, as the Unified API's {@code service}; empty when the number
   * has no DHL format. Spaces and dashes are ignored, case does not matter.
   */
  public static java.util.Optional<String> dhlService(String trackingNumber) {
    return trackingNumber == null
        ? java.util.Optional.empty()
        : java.util.Optional.ofNullable(dhlServiceOf(normalize(trackingNumber)));
  }

  private static String dhlServiceOf(String n) {
    if (n.length() == 10 && isDigits(n)) {
      // DHL Express waybill: the first nine digits, read as a number, mod 7.
      return Long.parseLong(n.substring(0, 9)) % 7 == n.charAt(9) - '0' ? DHL_EXPRESS : null;
    }
    if (n.length() == 12 && isDigits(n)) {
      return identcodeCheckDigitMatches(n) ? DHL_PARCEL_DE : null;
    }
    if (DHL_PAKET_SSCC.matcher(n).matches()) {
      return CheckDigit.mod10(n) ? DHL_PARCEL_DE : null;
    }
    if (S10_DE.matcher(n).matches()) {
      return CheckDigit.s10(n) ? DHL_POST_DE : null;
    }
    if (DHL_EXPRESS_PIECE_ID.matcher(n).matches()) {
      return DHL_EXPRESS;
    }
    if (n.startsWith("JVGL") && DHL_PIECE_ID.matcher(n).matches()) {
      return DHL_PARCEL_NL;
    }
    if (DHL_PIECE_ID.matcher(n).matches()) {
      return DHL_PARCEL_DE;
    }
    return DHL_ECOMMERCE_FORMAT.matcher(n).matches() ? DHL_ECOMMERCE : null;
  }

  /**
   * Deutsche Post's Identcode check digit, used by DHL Paket's 12-digit numbers: weights 4 and 9
   * alternating from the left over the first 11 digits; the check digit brings the sum up to a
   * multiple of 10.
   */
  private static boolean identcodeCheckDigitMatches(String n) {
    int sum = 0;
    for (int i = 0; i < 11; i++) {
      sum += (n.charAt(i) - '0') * (i % 2 == 0 ? 4 : 9);
    }
    return (10 - sum % 10) % 10 == n.charAt(11) - '0';
  }

  // ---------------------------------------------------------------- shared

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
