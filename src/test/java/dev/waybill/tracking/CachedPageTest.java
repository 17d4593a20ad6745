package dev.waybill.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CachedPageTest {

  @Test
  void pageSurvivesTheRoundTripThroughRedisWithItsNewlinesAndPolicy() {
    byte[] html = "<!doctype html>\n<p>Unterwegs – ü</p>\n".getBytes(StandardCharsets.UTF_8);
    CachedPage page =
        new CachedPage(
            "\"abc-html\"", "\"abc\"", 3, "default-src 'none'; style-src 'sha256-x='", html);

    CachedPage back = CachedPage.decode(page.encode());

    assertEquals(page.etag(), back.etag());
    assertEquals(page.sourceEtag(), back.sourceEtag());
    assertEquals(3, back.tokenVersion());
    assertEquals(page.contentSecurityPolicy(), back.contentSecurityPolicy());
    assertArrayEquals(html, back.html());
  }

  @Test
  void aValueOfAnotherShapeIsAMissNotAnError() {
    assertNull(CachedPage.decode("just one line"));
    assertNull(CachedPage.decode("a\nb\nnot-a-number\npolicy\n<html>"));
  }
}
