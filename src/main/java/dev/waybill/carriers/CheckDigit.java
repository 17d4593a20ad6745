package dev.waybill.carriers;

import java.util.Locale;

/**
 * The check-digit rules carriers publish, by the name the carrier catalogue uses. Each checks a
 * number already normalised (no spaces or dashes, upper case) and already of its format's shape;
 * where each rule comes from is in {@code docs/carriers/detection.md}.
 */
public enum CheckDigit {

  /** No published check digit: the format alone. */
  NONE("none"),

  /**
   * UPU S10 (postal services): weights 8, 6, 4, 2, 3, 5, 9, 7 over the 8 serial digits; check = 11
   * - (sum mod 11), written 0 when that is 10 and 5 when it is 11.
   */
  S10("s10"),

  /**
   * GS1 mod 10 (USPS IMpb, FedEx Ground, Canada Post, SSCC): weights 3 and 1 alternating from the
   * digit next to the check digit leftwards; the check digit brings the sum up to a multiple of 10.
   */
  MOD10("mod10"),

  /** All digits but the last, read as a number, mod 7 (DHL Express waybills, Japanese carriers). */
  MOD7("mod7"),

  /** Luhn: every second digit from the one next to the check digit doubled, digits summed. */
  LUHN("luhn"),

  /**
   * UPS's modified mod 10 over the 15 characters after 1Z: letters count (code - 63) mod 10, even
   * positions from the left count twice.
   */
  UPS("ups"),

  /** FedEx Express: weights 1, 3, 7 from the right; check = (sum mod 11) mod 10. */
  FEDEX_EXPRESS("fedex-express"),

  /** ISO 7064 MOD 37,36 over letters and digits (DPD's label barcode). */
  MOD37_36("mod37-36"),

  /**
   * OnTrac: the leading letter counts (code - 63) mod 10 (C = 4, D = 5), then weights 1 and 2
   * alternate from the left; the check digit brings the sum up to a multiple of 10.
   */
  ONTRAC("ontrac");

  private static final int[] S10_WEIGHTS = {8, 6, 4, 2, 3, 5, 9, 7};
  private static final int[] FEDEX_EXPRESS_WEIGHTS = {1, 3, 7};
  private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private final String id;

  CheckDigit(String id) {
    this.id = id;
  }

  /** The name the catalogue file uses. */
  public String id() {
    return id;
  }

  /** The rule named {@code id} in the catalogue file. */
  public static CheckDigit of(String id) {
    for (CheckDigit c : values()) {
      if (c.id.equals(id.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown check digit rule '" + id + "'");
  }

  /** Whether {@code n}, of this rule's format, carries the right check digit. */
  public boolean passes(String n) {
    try {
      return switch (this) {
        case NONE -> true;
        case S10 -> s10(n);
        case MOD10 -> mod10(n);
        case MOD7 -> mod7(n);
        case LUHN -> luhn(n);
        case UPS -> ups(n);
        case FEDEX_EXPRESS -> fedexExpress(n);
        case MOD37_36 -> mod37x36(n);
        case ONTRAC -> ontrac(n);
      };
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      // A number of another shape than the rule's: it fails, it doesn't break detection.
      return false;
    }
  }

  static boolean s10(String n) {
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      sum += digit(n.charAt(2 + i)) * S10_WEIGHTS[i];
    }
    int check = 11 - sum % 11;
    if (check == 10) {
      check = 0;
    } else if (check == 11) {
      check = 5;
    }
    return check == digit(n.charAt(10));
  }

  static boolean mod10(String digits) {
    int last = digits.length() - 1;
    int sum = 0;
    int weight = 3;
    for (int i = last - 1; i >= 0; i--) {
      sum += digit(digits.charAt(i)) * weight;
      weight = 4 - weight;
    }
    return (10 - sum % 10) % 10 == digit(digits.charAt(last));
  }

  private static boolean mod7(String digits) {
    int last = digits.length() - 1;
    int remainder = 0;
    for (int i = 0; i < last; i++) {
      remainder = (remainder * 10 + digit(digits.charAt(i))) % 7;
    }
    return remainder == digit(digits.charAt(last));
  }

  private static boolean luhn(String digits) {
    int last = digits.length() - 1;
    int sum = 0;
    boolean doubled = true;
    for (int i = last - 1; i >= 0; i--) {
      int d = digit(digits.charAt(i));
      if (doubled) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubled = !doubled;
    }
    return (10 - sum % 10) % 10 == digit(digits.charAt(last));
  }

  static boolean ups(String n) {
    int sum = 0;
    for (int i = 2; i < 17; i++) {
      int value = letterAsDigit(n.charAt(i));
      boolean evenPosition = (i - 2) % 2 == 1;
      sum += evenPosition ? 2 * value : value;
    }
    return (10 - sum % 10) % 10 == digit(n.charAt(17));
  }

  static boolean fedexExpress(String n) {
    int sum = 0;
    for (int i = 10, k = 0; i >= 0; i--, k++) {
      sum += digit(n.charAt(i)) * FEDEX_EXPRESS_WEIGHTS[k % 3];
    }
    return sum % 11 % 10 == digit(n.charAt(11));
  }

  private static boolean mod37x36(String n) {
    int m = 36;
    int p = m;
    int last = n.length() - 1;
    for (int i = 0; i < last; i++) {
      int value = ALPHANUMERIC.indexOf(n.charAt(i));
      if (value < 0) {
        return false;
      }
      int s = (p + value) % m;
      if (s == 0) {
        s = m;
      }
      p = (2 * s) % (m + 1);
    }
    int check = (m + 1 - p) % m;
    return ALPHANUMERIC.charAt(check) == n.charAt(last);
  }

  private static boolean ontrac(String n) {
    int last = n.length() - 1;
    int sum = 0;
    for (int i = 0; i < last; i++) {
      int value = letterAsDigit(n.charAt(i));
      sum += i % 2 == 1 ? 2 * value : value;
    }
    return (10 - sum % 10) % 10 == digit(n.charAt(last));
  }

  /** A digit as itself, a letter as (code - 63) mod 10: A = 2 ... H = 9, I = 0 ... */
  private static int letterAsDigit(char c) {
    return c >= '0' && c <= '9' ? c - '0' : (c - 63) % 10;
  }

  private static int digit(char c) {
    if (c < '0' || c > '9') {
      throw new NumberFormatException("not a digit: " + c);
    }
    return c - '0';
  }
}
