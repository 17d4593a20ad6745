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
  }

  @Test
  void uspsImpbIsRecognised() {
    assertEquals(List.of("usps"), carriers.detect("9400111899223197428490"));
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
