package dev.waybill.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThemeTest {

  @Test
  void lightBrandColourGetsDarkText() {
    Theme theme = Theme.of("#FFE500", "#1F4E79");
    assertEquals("#000000", theme.onPrimary());
    assertEquals("#FFFFFF", theme.onAccent());
  }

  @Test
  void lightBrandColourIsDarkenedForProgressBarsOnWhite() {
    String bar = Theme.of("#FFE500", null).progress();
    assertTrue(contrastWithWhite(bar) >= 3.0, bar);
    assertEquals("#1F4E79", Theme.of("#1F4E79", null).progress());
  }

  @Test
  void invalidColoursFallBackToDefaults() {
    Theme theme = Theme.of("red", null);
    assertEquals(Theme.DEFAULT_PRIMARY, theme.primary());
    assertEquals(Theme.DEFAULT_ACCENT, theme.accent());
  }

  private static double contrastWithWhite(String hex) {
    return 1.05 / (Theme.luminance(hex) + 0.05);
  }
}
