package dev.waybill.carriers.seventeentrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** gettrackinfo's accepted items, recorded as 17TRACK's v2.2 documentation shows them. */
class SeventeenTrackMapperTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aParcelInTransitKeepsEveryEventItsPlaceAndTheCarriersWindow() {
    TrackingReport r = report("gettrackinfo-in-transit.json");

    assertTrue(r.found());
    assertEquals("RR123456789DE", r.trackingNumber());
    assertEquals(2, r.events().size());
    ReportedEvent latest = latest(r);
    assertEquals(TrackingStatus.IN_TRANSIT, latest.status());
    assertEquals("InTransit_Arrival", latest.carrierCode());
    assertEquals("Berlin", latest.city());
    assertEquals("DE", latest.country());
    assertEquals(OffsetDateTime.parse("2026-12-04T21:15:00+01:00"), latest.occurredAt());
    assertEquals(LocalDate.of(2026, 12, 6), r.estimatedDelivery());
  }

  @Test
  void aDeliveredParcelEndsDelivered() {
    ReportedEvent latest = latest(report("gettrackinfo-delivered.json"));
    assertEquals(TrackingStatus.DELIVERED, latest.status());
    assertEquals("10115", latest.postalCode());
  }

  @Test
  void aLostParcelIsAnExceptionWithItsReason() {
    ReportedEvent latest = latest(report("gettrackinfo-exception.json"));
    assertEquals(TrackingStatus.EXCEPTION, latest.status());
    assertEquals(ExceptionReason.CARRIER_LOST, latest.reason());
  }

  @Test
  void aParcel17TrackHasNoEventsForIsNotFoundYet() {
    assertFalse(report("gettrackinfo-not-found.json").found());
  }

  @Test
  void aSubStatusMissingFromTheTableIsUnknownAndKeepsItsCode() {
    ReportedEvent latest = latest(report("gettrackinfo-unknown-code.json"));
    assertEquals(TrackingStatus.UNKNOWN, latest.status());
    assertEquals("InTransit_Rerouted", latest.carrierCode());
    assertNull(latest.reason());
    assertFalse(SeventeenTrackStatusTable.STATUSES.knows("InTransit_Rerouted"));
  }

  @Test
  void anEventWithoutTimeIsMalformed() {
    ObjectNode item = (ObjectNode) accepted("gettrackinfo-in-transit.json").deepCopy();
    ((ObjectNode) item.at("/track_info/tracking/providers/0/events/0")).remove("time_iso");
    ((ObjectNode) item.at("/track_info/tracking/providers/0/events/0")).remove("time_utc");
    CarrierException e =
        assertThrows(
            CarrierException.class, () -> SeventeenTrackMapper.report("RR123456789DE", item));
    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  private static TrackingReport report(String fixture) {
    return SeventeenTrackMapper.report("RR123456789DE", accepted(fixture));
  }

  private static ReportedEvent latest(TrackingReport r) {
    return r.events().stream().max(Comparator.comparing(ReportedEvent::occurredAt)).orElseThrow();
  }

  private static JsonNode accepted(String fixture) {
    try (InputStream in =
        SeventeenTrackMapperTest.class.getResourceAsStream("/carriers/seventeentrack/" + fixture)) {
      return JSON.readTree(in).at("/data/accepted/0");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
