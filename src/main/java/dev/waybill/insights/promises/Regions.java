package dev.waybill.insights.promises;

import java.util.Locale;

/**
 * The region a postal code belongs to, as coarse as carriers route: the first three characters in
 * the US (sectional centre) and Canada (forward sortation area), the letters of the outward code in
 * Great Britain (postcode area), and the first two digits elsewhere (German Leitregion, French
 * département, Dutch region). Without a postal code, the state or province is used.
 */
public final class Regions {

  private Regions() {}

  /** For example {@code US:100}, {@code DE:04}, {@code GB:SW}; {@code null} if nothing is known. */
  public static String of(String country, String postalCode, String state) {
    if (country == null || country.isBlank()) {
      return null;
    }
    String c = country.trim().toUpperCase(Locale.ROOT);
    String postal =
        postalCode == null ? "" : postalCode.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    if (!postal.isEmpty()) {
      String prefix =
          switch (c) {
            case "US", "CA" -> head(postal, 3);
            case "GB" -> letters(postal);
            default -> head(postal, 2);
          };
      if (!prefix.isEmpty()) {
        return c + ":" + prefix;
      }
    }
    if (state != null && !state.isBlank()) {
      return c + ":" + state.trim().toUpperCase(Locale.ROOT);
    }
    return null;
  }

  private static String head(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n);
  }

  private static String letters(String s) {
    int i = 0;
    while (i < s.length() && i < 2 && Character.isLetter(s.charAt(i))) {
      i++;
    }
    return i == 0 ? head(s, 2) : s.substring(0, i);
  }
}
