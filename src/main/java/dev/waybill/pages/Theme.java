package dev.waybill.pages;

/**
 * A store's colours made safe to read: text on a brand colour is black or white, whichever
 * contrasts more (WCAG relative luminance), so a light brand colour never gives unreadable text.
 */
public record Theme(String primary, String onPrimary, String accent, String onAccent) {

  static final String DEFAULT_PRIMARY = "#1F4E79";
  static final String DEFAULT_ACCENT = "#F2A900";

  public static Theme of(String primary, String accent) {
    String p = valid(primary) ? primary : DEFAULT_PRIMARY;
    String a = valid(accent) ? accent : DEFAULT_ACCENT;
    return new Theme(p, readableOn(p), a, readableOn(a));
  }

  /** Black or white, whichever has the higher contrast ratio against the colour. */
  static String readableOn(String hex) {
    double l = luminance(hex);
    double withWhite = 1.05 / (l + 0.05);
    double withBlack = (l + 0.05) / 0.05;
    return withBlack >= withWhite ? "#000000" : "#FFFFFF";
  }

  static double luminance(String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    return 0.2126 * channel((rgb >> 16) & 0xFF)
        + 0.7152 * channel((rgb >> 8) & 0xFF)
        + 0.0722 * channel(rgb & 0xFF);
  }

  private static double channel(int c) {
    double s = c / 255.0;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  }

  private static boolean valid(String hex) {
    return hex != null && hex.matches("#[0-9A-Fa-f]{6}");
  }
}
