package dev.waybill.platform.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void emailsKeepTheirFirstLetterAndTopLevelDomain() {
    assertEquals("to a***@***.com failed", Masking.mask("to ada.lovelace@example.com failed"));
    assertEquals("email=a***%40***.de", Masking.mask("email=ada%40mail.example.de"));
    assertEquals("<b***@***.uk>", Masking.mask("<bob+orders@shop.co.uk>"));
  }

  @Test
  void internationalAndNorthAmericanPhoneNumbersAreMasked() {
    assertEquals("+491***78", Masking.mask("+4915112345678"));
    assertFalse(Masking.mask("call +49 151 1234 5678 now").contains("1234"));
    assertEquals("To=%2B491***00", Masking.mask("To=%2B4915100000000"));
    assertEquals("***", Masking.mask("(415) 555-0100"));
    assertEquals("call *** today", Masking.mask("call 415-555-0100 today"));
  }

  @Test
  void marketingToolPrivateKeysAreMaskedWhole() {
    assertEquals(
        "Authorization: *** pk_***",
        Masking.mask("Authorization: Klaviyo-API-Key pk_0123456789abcdef0123456789abcdef01"));
    assertEquals("key pk_*** refused", Masking.mask("key pk_0123456789abcdef01 refused"));
  }

  @Test
  void trackingNumbersIdsDatesAndOffsetsStay() {
    String line =
        "shipment 1Z999AA10123456784 (9400111899223817000000) at 2026-11-25T16:59:31+01:00"
            + " id 3f2c1e4a-0b1d-4c5e-9f00-123456789abc took 1500 ms";
    assertEquals(line, Masking.mask(line));
  }

  @Test
  void bearerTokensApiKeysAndSecretsAreMasked() {
    assertEquals(
        "Authorization: Bearer ***", Masking.mask("Authorization: Bearer abc.def.ghi-jkl"));
    assertEquals(
        "key wb_sec_Xy12ab34_*** revoked",
        Masking.mask("key wb_sec_Xy12ab34_k2J9sdfLKJ2398sdfkjJKLsdf0 revoked"));
    assertEquals(
        "Authorization: Basic ***", Masking.mask("Authorization: Basic QUM6c2VjcmV0dG9rZW4="));
    assertEquals("password=*** user=x", Masking.mask("password=hunter22 user=x"));
    assertEquals(
        "{\"client_secret\":\"***\",\"a\":1}",
        Masking.mask("{\"client_secret\":\"s3cr3t-value\",\"a\":1}"));
  }

  @Test
  void tokensInLinkPathsAreMasked() {
    String token = "eyJzIjoiYWJjIn0.c2lnbmF0dXJl";
    assertEquals(
        "Unexpected failure on /t/***/help",
        Masking.mask("Unexpected failure on /t/" + token + "/help"));
    assertEquals("GET /n/*** 500", Masking.mask("GET /n/" + token + " 500"));
    assertEquals(
        "https://track.example.com/api/v1/tracking/***?locale=de",
        Masking.mask("https://track.example.com/api/v1/tracking/" + token + "?locale=de"));
    assertEquals(
        "/api/v1/tracking?orderNumber=1001", Masking.mask("/api/v1/tracking?orderNumber=1001"));
    assertEquals("/track/demo", Masking.mask("/track/demo"));
  }

  @Test
  void addressAndNameFieldsAreMasked() {
    String json =
        "{\"line1\":\"12 Baker Street\",\"line2\":\"Flat B\",\"city\":\"London\","
            + "\"customerName\":\"Ada Lovelace\",\"country\":\"GB\"}";
    String masked = Masking.mask(json);
    assertFalse(masked.contains("Baker"), masked);
    assertFalse(masked.contains("Flat B"), masked);
    assertFalse(masked.contains("Lovelace"), masked);
    assertTrue(masked.contains("\"country\":\"GB\""), masked);
    assertEquals("remoteAddress=127.0.0.1", Masking.mask("remoteAddress=127.0.0.1"));
  }

  @Test
  void nullAndCleanTextPassThrough() {
    assertNull(Masking.mask(null));
    assertEquals("Role: all", Masking.mask("Role: all"));
  }

  @Test
  void theFilterRewritesFormattedMessagesAndExceptionMessages() {
    ExtLogRecord record =
        new ExtLogRecord(Level.WARNING, "Sent to %s", ExtLogRecord.FormatStyle.PRINTF, "x");
    record.setParameters(new Object[] {"ada@example.com"});
    record.setThrown(new IllegalStateException("550 <ada@example.com> unknown"));
    assertTrue(new LogMasking().isLoggable(record));
    assertEquals("Sent to a***@***.com", record.getFormattedMessage());
    assertEquals(
        "java.lang.IllegalStateException: 550 <a***@***.com> unknown",
        record.getThrown().toString());

    LogRecord clean = new LogRecord(Level.INFO, "nothing personal");
    new LogMasking().isLoggable(clean);
    assertEquals("nothing personal", clean.getMessage());
  }

  @Test
  void theDemoKeysPrintedInDevModeStayReadable() {
    String banner = "tracking:read key: wb_pub_demo0002_storefrontDemoKeyForDevModeOnly1";
    LogRecord keys = new LogRecord(Level.INFO, banner);
    keys.setLoggerName(LogMasking.DEMO);
    assertTrue(new LogMasking().isLoggable(keys));
    assertEquals(banner, keys.getMessage());
    assertEquals("dev.waybill.app.DemoSeeder", LogMasking.DEMO);

    LogRecord other = new LogRecord(Level.INFO, banner);
    other.setLoggerName("dev.waybill.app.Other");
    new LogMasking().isLoggable(other);
    assertFalse(other.getMessage().contains("storefrontDemoKey"));
  }
}
