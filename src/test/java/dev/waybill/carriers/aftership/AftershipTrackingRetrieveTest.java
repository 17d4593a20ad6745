package dev.waybill.carriers.aftership;

import static dev.waybill.carriers.aftership.AftershipTestSupport.fixtureJson;
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

/** The tracking {@code GET /trackings/{id}} answers maps exactly like the one a push carries. */
class AftershipTrackingRetrieveTest {

  @ParameterizedTest
  @ValueSource(strings = {"in-transit", "delivered", "exception"})
  void aRetrievedTrackingMapsLikeThePushedOne(String name) {
    TrackingReport retrieved =
        AftershipWebhookMapper.tracking(fixtureJson("tracking-" + name + ".json").get("data"));
    TrackingReport pushed = AftershipWebhookMapper.map(fixtureJson(name + ".json")).get(0).result();

    assertEquals(pushed, retrieved);
  }

  @Test
  void theLatestCheckpointOfEachTrackingGivesItsStatus() {
    assertEquals(TrackingStatus.IN_TRANSIT, latest("tracking-in-transit.json"));
    assertEquals(TrackingStatus.DELIVERED, latest("tracking-delivered.json"));
    assertEquals(TrackingStatus.EXCEPTION, latest("tracking-exception.json"));
  }

  @Test
  void dataWithoutATrackingIsMalformed() {
    CarrierException e =
        assertThrows(
            CarrierException.class,
            () ->
                AftershipWebhookMapper.tracking(
                    fixtureJson("tracking-not-found.json").get("data")));
    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  private static TrackingStatus latest(String fixture) {
    return AftershipWebhookMapper.tracking(fixtureJson(fixture).get("data")).events().stream()
        .max(Comparator.comparing(ReportedEvent::occurredAt))
        .orElseThrow()
        .status();
  }
}
