package dev.waybill.carriers.easypost;

import static dev.waybill.carriers.easypost.EasypostTestSupport.JSON;
import static dev.waybill.carriers.easypost.EasypostTestSupport.fixtureJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Tracker {@code GET /v2/trackers/{id}} answers maps exactly like the one a push carries. */
class EasypostTrackerRetrieveTest {

  @ParameterizedTest
  @ValueSource(strings = {"in-transit", "delivered", "exception"})
  void aRetrievedTrackerMapsLikeThePushedOne(String name) {
    TrackingReport retrieved =
        EasypostWebhookMapper.tracker(fixtureJson("tracker-" + name + ".json"));
    TrackingReport pushed = EasypostWebhookMapper.map(fixtureJson(name + ".json")).get(0).result();

    assertEquals(pushed, retrieved);
  }

  @Test
  void theLatestScanOfEachTrackerGivesItsStatus() {
    assertEquals(TrackingStatus.IN_TRANSIT, latest("tracker-in-transit.json"));
    assertEquals(TrackingStatus.DELIVERED, latest("tracker-delivered.json"));
    assertEquals(TrackingStatus.RETURNED_TO_SENDER, latest("tracker-exception.json"));
  }

  @Test
  void anErrorDocumentOrAnotherObjectIsMalformed() {
    CarrierException e =
        assertThrows(
            CarrierException.class,
            () -> EasypostWebhookMapper.tracker(fixtureJson("tracker-not-found.json")));
    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
    assertThrows(
        CarrierException.class,
        () -> EasypostWebhookMapper.tracker(JSON.createObjectNode().put("object", "Tracker")));
  }

  private static TrackingStatus latest(String fixture) {
    return EasypostWebhookMapper.tracker(fixtureJson(fixture)).events().stream()
        .max(Comparator.comparing(ReportedEvent::occurredAt))
        .orElseThrow()
        .status();
  }
}
