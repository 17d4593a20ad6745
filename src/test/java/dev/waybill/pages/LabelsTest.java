package dev.waybill.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.TrackingView;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Dates, scan times and delivery windows read as each language writes them. */
class LabelsTest {

  private static final StatusTexts TEXTS = new StatusTexts();
  private static final OffsetDateTime SCAN =
      OffsetDateTime.of(2026, 12, 8, 14, 5, 0, 0, ZoneOffset.ofHours(1));
  private static final LocalDate TUESDAY = LocalDate.of(2026, 12, 8);
  private static final LocalDate THURSDAY = LocalDate.of(2026, 12, 10);

  private static Labels labels(String locale) {
    return new Labels(TEXTS, locale);
  }

  @Test
  void scanTimesUseEachLanguagesShortDayAndMonth() {
    assertEquals("Tue 8 Dec, 14:05", labels("en").when(SCAN));
    assertEquals("Di. 8. Dez., 14:05", labels("de-DE").when(SCAN));
    assertEquals("mar. 8 déc. à 14:05", labels("fr-FR").when(SCAN));
    assertEquals("mar, 8 dic, 14:05", labels("es-ES").when(SCAN));
    assertEquals("di 8 dec. om 14:05", labels("nl-NL").when(SCAN));
    assertEquals("mar 8 dic, 14:05", labels("it-IT").when(SCAN));
  }

  @Test
  void datesAreWrittenOutInEachLanguage() {
    assertEquals("Tuesday 8 December", labels("en").day(TUESDAY));
    assertEquals("Dienstag, 8. Dezember", labels("de").day(TUESDAY));
    assertEquals("mardi 8 décembre", labels("fr").day(TUESDAY));
    assertEquals("martes 8 de diciembre", labels("es").day(TUESDAY));
    assertEquals("dinsdag 8 december", labels("nl").day(TUESDAY));
    assertEquals("martedì 8 dicembre", labels("it").day(TUESDAY));
  }

  @Test
  void aSpanOfDaysReadsAsASentenceInEachLanguage() {
    TrackingView.Estimate span =
        new TrackingView.Estimate(
            TUESDAY, null, null, null, "waybill", TUESDAY, THURSDAY, null, null, "HIGH");
    assertEquals("Between Tuesday 8 December – Thursday 10 December", labels("en").estimate(span));
    assertEquals("Entre le mardi 8 décembre et le jeudi 10 décembre", labels("fr").estimate(span));
    assertEquals(
        "Entre el martes 8 de diciembre y el jueves 10 de diciembre", labels("es").estimate(span));
    assertEquals("Tussen dinsdag 8 december en donderdag 10 december", labels("nl").estimate(span));
    assertEquals("Tra martedì 8 dicembre e giovedì 10 dicembre", labels("it").estimate(span));
  }

  @Test
  void aWindowOnOneDayShowsItsHours() {
    TrackingView.Estimate window =
        new TrackingView.Estimate(
            TUESDAY,
            OffsetDateTime.of(2026, 12, 8, 14, 0, 0, 0, ZoneOffset.UTC),
            OffsetDateTime.of(2026, 12, 8, 16, 0, 0, 0, ZoneOffset.UTC),
            null,
            "carrier");
    assertEquals("mardi 8 décembre, 14:00–16:00", labels("fr").estimate(window));
    assertEquals("Tuesday 8 December, 14:00–16:00", labels("en").estimate(window));
  }
}
