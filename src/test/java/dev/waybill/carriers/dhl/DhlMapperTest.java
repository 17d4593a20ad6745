package dev.waybill.carriers.dhl;

import static dev.waybill.carriers.dhl.DhlFixtures.DELIVERED;
import static dev.waybill.carriers.dhl.DhlFixtures.EXCEPTION;
import static dev.waybill.carriers.dhl.DhlFixtures.IN_TRANSIT;
import static dev.waybill.carriers.dhl.DhlFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhlMapperTest {

  private static ReportedEvent latest(TrackingReport report) {
    return report.events().stream()
        .max(Comparator.comparing(e -> e.occurredAt().toInstant()))
        .orElseThrow();
  }

  private static List<TrackingStatus> statuses(TrackingReport report) {
    return report.events().stream()
        .sorted(Comparator.comparing(e -> e.occurredAt().toInstant()))
        .map(ReportedEvent::status)
        .toList();
  }

  private static JsonNode body(String shipmentJson) {
    try {
      return DhlFixtures.JSON.readTree("{\"shipments\":[" + shipmentJson + "]}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void deliveredExpressShipmentReadsScansSignerProofAndService() {
    TrackingReport report = DhlMapper.map(DELIVERED, json("delivered.json"));

    assertTrue(report.found());
    assertEquals(
        List.of(
            TrackingStatus.PICKED_UP,
            TrackingStatus.IN_TRANSIT,
            TrackingStatus.OUT_FOR_DELIVERY,
            TrackingStatus.DELIVERED),
        statuses(report));
    ReportedEvent delivered = latest(report);
    assertEquals("delivered", delivered.carrierCode());
    assertEquals("Delivered", delivered.description());
    assertEquals("LEIPZIG - GERMANY", delivered.city());
    assertEquals(OffsetDateTime.parse("2026-11-20T13:12:00+01:00"), delivered.occurredAt());
    assertEquals("JESSICA MEIER", report.signedBy());
    assertEquals("EXPRESS WORLDWIDE", report.serviceLevel());
    assertTrue(report.proofOfDeliveryUrl().startsWith("https://webpod.dhl.com/pod"));
  }

  @Test
  void parcelInGermanOutForDeliveryCarriesEstimateAndWindow() {
    TrackingReport report = DhlMapper.map(IN_TRANSIT, json("in-transit.json"));

    assertEquals(
        List.of(
            TrackingStatus.INFO_RECEIVED,
            TrackingStatus.PICKED_UP,
            TrackingStatus.IN_TRANSIT,
            TrackingStatus.OUT_FOR_DELIVERY),
        statuses(report));
    assertEquals("transit:out-for-delivery", latest(report).carrierCode());
    assertEquals("Berlin", latest(report).city());
    assertEquals("DE", latest(report).country());
    assertEquals(LocalDate.of(2026, 11, 21), report.estimatedDelivery());
    assertEquals(OffsetDateTime.parse("2026-11-21T10:00:00+01:00"), report.windowStart());
    assertEquals(OffsetDateTime.parse("2026-11-21T14:00:00+01:00"), report.windowEnd());
    // The status repeats the latest event: it is not counted twice.
    assertEquals(4, report.events().size());
    assertEquals(
        "https://www.dhl.de/de/privatkunden.html?piececode=00340434161094042557",
        DhlMapper.serviceUrl(IN_TRANSIT, json("in-transit.json")));
    assertEquals(
        "https://www.dhl.de/de/privatkunden.html?piececode=00340434161094042557",
        report.carrierLink(),
        "DHL's page for the parcel is the report's carrier link");
  }

  @Test
  void failureWithAnAddressRemarkIsAnAddressProblem() {
    TrackingReport report = DhlMapper.map(EXCEPTION, json("exception.json"));

    ReportedEvent failure = latest(report);
    assertEquals(TrackingStatus.EXCEPTION, failure.status());
    assertEquals(ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM, failure.reason());
    assertEquals("failure:address", failure.carrierCode());
    assertEquals("94105", failure.postalCode());
    assertNull(report.estimatedDelivery());
  }

  @Test
  void failureWithoutANamedReasonIsAnExceptionWithoutReason() {
    TrackingReport report =
        DhlMapper.map(
            "3318810025",
            body(
                """
                {"id":"3318810025","status":{"timestamp":"2026-11-20T10:00:00Z",
                 "statusCode":"failure","status":"failure","description":"Shipment on hold"}}
                """));

    assertEquals(TrackingStatus.EXCEPTION, latest(report).status());
    assertNull(latest(report).reason());
  }

  @Test
  void failedAttemptAndReturnAreToldApartByTheirTexts() {
    TrackingReport attempt =
        DhlMapper.map(
            "x",
            body(
                """
                {"id":"x","status":{"timestamp":"2026-11-20T10:00:00Z","statusCode":"failure",
                 "status":"Zustellversuch","description":"Der Empfänger wurde nicht angetroffen."}}
                """));
    TrackingReport returned =
        DhlMapper.map(
            "x",
            body(
                """
                {"id":"x","status":{"timestamp":"2026-11-20T10:00:00Z","statusCode":"transit",
                 "status":"Rücksendung","description":"Die Sendung wird zurück an den Absender gesendet."}}
                """));

    assertEquals(TrackingStatus.DELIVERY_ATTEMPTED, latest(attempt).status());
    assertEquals(ExceptionReason.CONSIGNEE_NOT_HOME, latest(attempt).reason());
    assertEquals(TrackingStatus.RETURNED_TO_SENDER, latest(returned).status());
  }

  @Test
  void unknownStatusCodeIsUnknownNeverAGuess() {
    TrackingReport dhlUnknown =
        DhlMapper.map(
            "x",
            body(
                """
                {"id":"x","status":{"timestamp":"2026-11-20T10:00:00Z","statusCode":"unknown"}}
                """));
    TrackingReport unmapped =
        DhlMapper.map(
            "x",
            body(
                """
                {"id":"x","status":{"timestamp":"2026-11-20T10:00:00Z","statusCode":"held"}}
                """));

    assertEquals(TrackingStatus.UNKNOWN, latest(dhlUnknown).status());
    assertEquals(TrackingStatus.UNKNOWN, latest(unmapped).status());
    assertEquals("held", latest(unmapped).carrierCode());
  }

  @Test
  void localTimesWithoutOffsetAreReadAsUtc() {
    TrackingReport report =
        DhlMapper.map(
            "x",
            body(
                """
                {"id":"x","events":[{"timestamp":"2026-11-20T10:00:00","statusCode":"transit",
                 "description":"Processed"}]}
                """));

    assertEquals(OffsetDateTime.parse("2026-11-20T10:00:00Z"), latest(report).occurredAt());
  }

  @Test
  void theShipmentOfTheAskedNumberIsChosenAmongSeveral() {
    TrackingReport report =
        DhlMapper.map(
            "B2",
            DhlFixtures.JSON
                .createObjectNode()
                .set(
                    "shipments",
                    DhlFixtures.JSON
                        .createArrayNode()
                        .add(
                            body("""
                                    {"id":"A1","status":{"timestamp":"2026-11-20T10:00:00Z","statusCode":"delivered"}}
                                    """)
                                .get("shipments")
                                .get(0))
                        .add(
                            body("""
                                    {"id":"B2","status":{"timestamp":"2026-11-20T10:00:00Z","statusCode":"transit"}}
                                    """)
                                .get("shipments")
                                .get(0))));

    assertEquals(TrackingStatus.IN_TRANSIT, latest(report).status());
  }

  @Test
  void emptyShipmentListIsNotFound() {
    assertFalse(DhlMapper.map("x", body("")).found());
  }

  @Test
  void malformedAnswersAreMalformed() {
    CarrierException shape =
        assertThrows(
            CarrierException.class, () -> DhlMapper.map(DELIVERED, json("malformed.json")));
    CarrierException time =
        assertThrows(
            CarrierException.class,
            () ->
                DhlMapper.map(
                    "x",
                    body(
                        """
                        {"id":"x","events":[{"timestamp":"yesterday","statusCode":"transit"}]}
                        """)));

    assertEquals(CarrierException.Kind.MALFORMED, shape.kind());
    assertEquals(CarrierException.Kind.MALFORMED, time.kind());
  }

  @Test
  void everyStatusCodeDhlDocumentsIsInTheTable() {
    for (String code : List.of("pre-transit", "transit", "delivered", "failure", "unknown")) {
      assertTrue(DhlStatusTable.TABLE.knows(code), code);
    }
    for (DhlStatusTable.Rule rule : DhlStatusTable.RULES) {
      String code = rule.statusCode() + ":" + rule.refinement();
      assertTrue(DhlStatusTable.TABLE.knows(code), code);
    }
  }
}
