package dev.waybill.stores;

/**
 * A store's colours made safe to read: text on a brand colour is black or white, whichever
 * contrasts more (WCAG relative luminance), so a light brand colour never gives unreadable text.
 * Progress bars drawn on the white page use the brand colour darkened until it reaches the 3:1
 * contrast WCAG asks of graphics.
 *
 * @param progress the primary colour as shown on white
 */
public record Theme(
    String primary, String onPrimary, String accent, String onAccent, String progress) {

  static final String DEFAULT_PRIMARY = "#1F4E79";
  static final String DEFAULT_ACCENT = "#F2A900";

  public static Theme of(String primary, String accent) {
    String p = valid(primary) ? primary : DEFAULT_PRIMARY;
    String a = valid(accent) ? accent : DEFAULT_ACCENT;
    return new Theme(p, readableOn(p), a, readableOn(a), visibleOnWhite(p));
  }

  /** The colour, darkened in small steps until it contrasts 3:1 with white. */
  static String visibleOnWhite(String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    int r = (rgb >> 16) & 0xFF;
    int g = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    String out = hex.toUpperCase(java.util.Locale.ROOT);
    while (1.05 / (luminance(out) + 0.05) < 3.0) {
      r = r * 9 / 10;
      g = g * 9 / 10;
      b = b * 9 / 10;
      out = String.format("#%02X%02X%02X", r, g, b);
    }
    return out;
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
