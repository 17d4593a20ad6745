package dev.waybill.carriers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CarrierDirectoryTest {

  private final CarrierDirectory carriers = new CarrierDirectory();

  @Test
  void upsNumbersAreRecognised() {
    assertEquals(List.of("ups"), carriers.detect("1Z999AA10123456784"));
    assertEquals(List.of("ups"), carriers.detect("1z 999 aa1 0123456784"));
    assertTrue(carriers.detect("1Z999AA10123456785").isEmpty());
  }

  @Test
  void uspsImpbIsRecognised() {
    // The worked example of USPS Publication 199.
    assertEquals(List.of("usps"), carriers.detect("9212391234567812345670").subList(0, 1));
  }

  @Test
  void unknownFormatHasNoCandidates() {
    assertTrue(carriers.detect("HELLO").isEmpty());
  }

  @Test
  void carrierLinkEncodesTheNumber() {
    assertEquals(
        "https://www.ups.com/track?tracknum=1Z%20X", carriers.info("ups").trackingUrl("1Z X"));
  }
}
