package dev.waybill.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

  @Test
  void forwardedForIsIgnoredUnlessAProxyIsTrusted() {
    assertEquals("10.0.0.5", ApiRateLimitFilter.clientAddress("10.0.0.5", "1.2.3.4", 0));
  }

  @Test
  void theEntryAddedByTheTrustedProxyIsTheClient() {
    // The client sent a made-up first entry; the proxy appended the address it saw.
    assertEquals(
        "203.0.113.7", ApiRateLimitFilter.clientAddress("10.0.0.5", "6.6.6.6, 203.0.113.7", 1));
    assertEquals(
        "6.6.6.6", ApiRateLimitFilter.clientAddress("10.0.0.5", "6.6.6.6, 203.0.113.7", 2));
  }

  @Test
  void fewerHopsThanProxiesFallsBackToTheFirstEntry() {
    assertEquals("203.0.113.7", ApiRateLimitFilter.clientAddress("10.0.0.5", "203.0.113.7", 3));
    assertEquals("10.0.0.5", ApiRateLimitFilter.clientAddress("10.0.0.5", " ", 1));
  }
}
