package dev.waybill.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.waybill.shipping.TrackingStatus;
import org.junit.jupiter.api.Test;

class StatusTextsTest {

  private final StatusTexts texts = new StatusTexts();

  @Test
  void regionalTagsSpeakTheirLanguageAndUnknownOnesEnglish() {
    assertEquals("fr", StatusTexts.language("fr-BE"));
    assertEquals("es", StatusTexts.language("es_MX"));
    assertEquals("nl", StatusTexts.language("nl-BE"));
    assertEquals("it", StatusTexts.language("it-CH"));
    assertEquals("de", StatusTexts.language("de-AT"));
    assertEquals("en", StatusTexts.language("ja-JP"));
    assertEquals("en", StatusTexts.language(null));
  }

  @Test
  void acceptLanguageChoosesTheHighestQualitySupportedLanguage() {
    assertEquals("fr", StatusTexts.preferred("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7"));
    assertEquals("nl", StatusTexts.preferred("ja;q=1, nl-BE;q=0.8, de;q=0.5"));
    assertEquals("it", StatusTexts.preferred("de;q=0.4, it;q=0.9"));
    assertEquals("es", StatusTexts.preferred("ES-419"));
    // Equal weights keep the order sent.
    assertEquals("de", StatusTexts.preferred("de, fr"));
  }

  @Test
  void acceptLanguageWithoutASupportedLanguageChoosesNothing() {
    assertNull(StatusTexts.preferred(null));
    assertNull(StatusTexts.preferred(""));
    assertNull(StatusTexts.preferred("*"));
    assertNull(StatusTexts.preferred("ja-JP, zh;q=0.9"));
    // q=0 means "not this one"; a malformed weight is ignored rather than trusted.
    assertNull(StatusTexts.preferred("fr;q=0"));
    assertNull(StatusTexts.preferred("fr;q=high, de;q=2"));
  }

  @Test
  void everyLanguageNamesTheStatusesInItsOwnWords() {
    assertEquals("En cours de livraison", texts.label("fr", TrackingStatus.OUT_FOR_DELIVERY));
    assertEquals("En reparto", texts.label("es", TrackingStatus.OUT_FOR_DELIVERY));
    assertEquals("Wordt vandaag bezorgd", texts.label("nl", TrackingStatus.OUT_FOR_DELIVERY));
    assertEquals("In consegna", texts.label("it", TrackingStatus.OUT_FOR_DELIVERY));
  }
}
