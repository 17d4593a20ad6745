package dev.waybill.carriers.fedex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FedexMapperTest {

  static final String DELIVERED = "122816215025810";
  static final String IN_TRANSIT = "920241085725456";
  static final String EXCEPTION = "852426136339213";
  static final String NOT_FOUND = "111111111111";

  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode fixture(String name) {
    try (InputStream in = FedexMapperTest.class.getResourceAsStream("/carriers/fedex/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TrackingReport one(String fixture, String number) {
    List<TrackingReport> results = FedexMapper.map(fixture(fixture), List.of(number));
    assertEquals(1, results.size());
    assertEquals(number, results.get(0).trackingNumber());
    return results.get(0);
  }

  private static ReportedEvent event(TrackingReport r, String code) {
    return r.events().stream().filter(e -> code.equals(e.carrierCode())).findFirst().orElseThrow();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void deliveredShipmentIsDeliveredWithSignerEtaAndService() {
    TrackingReport r = one("delivered.json", DELIVERED);

    assertTrue(r.found());
    assertEquals(6, r.events().size());
    ReportedEvent delivered = event(r, "DL");
    assertEquals(TrackingStatus.DELIVERED, delivered.status());
    assertEquals(OffsetDateTime.parse("2024-03-07T13:28:00-05:00"), delivered.occurredAt());
    assertEquals(ZoneOffset.ofHours(-5), delivered.occurredAt().getOffset());
    assertEquals("Norton", delivered.city());
    assertEquals("VA", delivered.region());
    assertEquals("24273", delivered.postalCode());
    assertEquals("US", delivered.country());
    assertEquals("M.JONES", r.signedBy());
    assertEquals(LocalDate.of(2024, 3, 7), r.estimatedDelivery());
    assertEquals("FedEx Ground", r.serviceLevel());
    assertNull(r.proofOfDeliveryUrl());
    assertNull(r.windowStart());
    assertNull(r.windowEnd());
  }

  @Test
  void eachScanMapsByItsEventTypeNotTheCoarserDerivedCode() {
    TrackingReport r = one("delivered.json", DELIVERED);

    // FedEx derives "IT" for an out-for-delivery scan; the event type says what happened.
    assertEquals(TrackingStatus.OUT_FOR_DELIVERY, event(r, "OD").status());
    assertEquals(TrackingStatus.IN_TRANSIT, event(r, "AR").status());
    assertEquals(TrackingStatus.PICKED_UP, event(r, "PU").status());
    ReportedEvent created = event(r, "OC");
    assertEquals(TrackingStatus.INFO_RECEIVED, created.status());
    assertNull(created.city(), "FedEx sends no place for label data");
    assertEquals("Shipment information sent to FedEx", created.description());
  }

  @Test
  void eventsKeepTheirRawFedexJson() throws IOException {
    ReportedEvent delivered = event(one("delivered.json", DELIVERED), "DL");

    JsonNode raw = JSON.readTree(delivered.raw());
    assertEquals("DL", raw.get("eventType").asText());
    assertEquals("2024-03-07T13:28:00-05:00", raw.get("date").asText());
  }

  @Test
  void inTransitScansKeepEachLocalOffset() {
    TrackingReport r = one("in-transit.json", IN_TRANSIT);

    assertEquals(4, r.events().size());
    assertTrue(r.events().stream().allMatch(e -> e.reason() == null));
    assertEquals(
        List.of(ZoneOffset.ofHours(-7), ZoneOffset.ofHours(-5), ZoneOffset.ofHours(-5)),
        r.events().stream()
            .filter(e -> e.status() == TrackingStatus.IN_TRANSIT)
            .map(e -> e.occurredAt().getOffset())
            .toList());
    assertEquals(OffsetDateTime.parse("2024-06-10T16:20:00-04:00"), event(r, "PU").occurredAt());
    assertEquals(LocalDate.of(2024, 6, 12), r.estimatedDelivery());
    assertEquals("FedEx 2Day", r.serviceLevel());
    assertNull(r.signedBy());
  }

  @Test
  void deliveryWindowBorrowsTheOffsetTheOtherEndGives() {
    TrackingReport r = one("in-transit.json", IN_TRANSIT);

    assertEquals(OffsetDateTime.parse("2024-06-12T09:00:00-07:00"), r.windowStart());
    assertEquals(OffsetDateTime.parse("2024-06-12T13:00:00-07:00"), r.windowEnd());
  }

  @Test
  void exceptionTakesItsCauseFromFedexDelayDetailAndAncillaryReason() {
    TrackingReport r = one("exception.json", EXCEPTION);

    ReportedEvent exception = event(r, "DE");
    assertEquals(TrackingStatus.EXCEPTION, exception.status());
    assertEquals(ExceptionReason.FORCE_MAJEURE_WEATHER, exception.reason());
    assertEquals(
        "Delivery exception: Local delivery restriction, delivery not attempted",
        exception.description());
    assertEquals(OffsetDateTime.parse("2024-01-16T10:04:00-07:00"), exception.occurredAt());
    assertEquals(LocalDate.of(2024, 1, 17), r.estimatedDelivery());
  }

  @Test
  void clearanceDelayIsHeldAtCustoms() {
    ReportedEvent delay = event(one("exception.json", EXCEPTION), "CD");

    assertEquals(TrackingStatus.EXCEPTION, delay.status());
    assertEquals(ExceptionReason.CUSTOMS_HELD, delay.reason());
    assertEquals("Clearance delay: Package available for clearance", delay.description());
  }

  @Test
  void progressEventsCarryNoReason() {
    TrackingReport r = one("exception.json", EXCEPTION);

    assertNull(event(r, "OD").reason());
    assertNull(event(r, "CC").reason());
    ReportedEvent pickup = event(r, "PU");
    assertEquals(ZoneOffset.ofHours(1), pickup.occurredAt().getOffset());
    assertEquals("FR", pickup.country());
    assertNull(pickup.region(), "an empty state is no state");
  }

  @Test
  void notFoundNumberIsNotFound() {
    TrackingReport r = one("not-found.json", NOT_FOUND);

    assertFalse(r.found());
    assertTrue(r.events().isEmpty());
  }

  @Test
  void batchAnswersEveryRequestedNumberInRequestOrder() {
    List<String> asked = List.of(NOT_FOUND, EXCEPTION, DELIVERED, IN_TRANSIT);

    List<TrackingReport> results = FedexMapper.map(fixture("batch.json"), asked);

    assertEquals(asked, results.stream().map(TrackingReport::trackingNumber).toList());
    assertEquals(
        List.of(false, true, true, true), results.stream().map(TrackingReport::found).toList());
  }

  @Test
  void numberLeftOutOfTheAnswerIsNotFound() {
    List<TrackingReport> results =
        FedexMapper.map(fixture("delivered.json"), List.of(DELIVERED, "794843185271"));

    assertTrue(results.get(0).found());
    assertEquals("794843185271", results.get(1).trackingNumber());
    assertFalse(results.get(1).found());
  }

  @Test
  void unknownCodeIsUnknownNeverInTransit() {
    JsonNode body =
        json(
            """
            {"output": {"completeTrackResults": [{"trackingNumber": "794843185271",
              "trackResults": [{"scanEvents": [{"date": "2024-05-02T10:00:00+09:00",
                "eventType": "ZZ", "eventDescription": "Something new", "derivedStatusCode": "IT"}]}]}]}}
            """);

    ReportedEvent e = FedexMapper.map(body, List.of("794843185271")).get(0).events().get(0);

    assertEquals(TrackingStatus.UNKNOWN, e.status());
    assertEquals("ZZ", e.carrierCode());
    assertEquals(ZoneOffset.ofHours(9), e.occurredAt().getOffset());
  }

  @Test
  void deliveryWithoutADeliveryScanIsTimedByActualDelivery() {
    JsonNode body =
        json(
            """
            {"output": {"completeTrackResults": [{"trackingNumber": "794843185271",
              "trackResults": [{
                "latestStatusDetail": {"code": "DL", "derivedCode": "DL", "statusByLocale": "Delivered",
                  "description": "Delivered", "scanLocation": {"city": "Austin", "stateOrProvinceCode": "TX",
                  "countryCode": "US"}},
                "dateAndTimes": [{"type": "ACTUAL_DELIVERY", "dateTime": "2024-05-03T14:32:00-05:00"}],
                "deliveryDetails": {"receivedByName": "", "signedByName": "K.LEE"},
                "scanEvents": [{"date": "2024-05-03T08:00:00-05:00", "eventType": "OD",
                  "eventDescription": "On FedEx vehicle for delivery"}]}]}]}}
            """);

    TrackingReport r = FedexMapper.map(body, List.of("794843185271")).get(0);

    ReportedEvent delivered = event(r, "DL");
    assertEquals(TrackingStatus.DELIVERED, delivered.status());
    assertEquals(OffsetDateTime.parse("2024-05-03T14:32:00-05:00"), delivered.occurredAt());
    assertEquals("Austin", delivered.city());
    assertEquals("K.LEE", r.signedBy());
  }

  @Test
  void reusedNumberFollowsTheNewestShipment() {
    JsonNode body =
        json(
            """
            {"output": {"completeTrackResults": [{"trackingNumber": "794843185271", "trackResults": [
              {"latestStatusDetail": {"code": "DL"}, "deliveryDetails": {"receivedByName": "OLD"},
               "scanEvents": [{"date": "2022-02-01T12:00:00-05:00", "eventType": "DL"}]},
              {"latestStatusDetail": {"code": "PU"},
               "scanEvents": [{"date": "2024-05-01T12:00:00-05:00", "eventType": "PU"}]}]}]}}
            """);

    TrackingReport r = FedexMapper.map(body, List.of("794843185271")).get(0);

    assertEquals(List.of("PU"), r.events().stream().map(ReportedEvent::carrierCode).toList());
    assertNull(r.signedBy());
  }

  @Test
  void malformedAnswerIsRejected() {
    CarrierException e =
        assertThrows(
            CarrierException.class,
            () -> FedexMapper.map(fixture("malformed.json"), List.of(DELIVERED)));

    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  @Test
  void answerWithoutOutputIsMalformed() {
    JsonNode body = json("{\"errors\": [{\"code\": \"INTERNAL.SERVER.ERROR\"}]}");

    CarrierException e =
        assertThrows(CarrierException.class, () -> FedexMapper.map(body, List.of(DELIVERED)));

    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  @Test
  void scanWithUnreadableDateIsMalformed() {
    JsonNode body =
        json(
            """
            {"output": {"completeTrackResults": [{"trackingNumber": "794843185271",
              "trackResults": [{"scanEvents": [{"date": "yesterday", "eventType": "PU"}]}]}]}}
            """);

    CarrierException e =
        assertThrows(CarrierException.class, () -> FedexMapper.map(body, List.of("794843185271")));

    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  @Test
  void delayTypesGiveAReasonOnlyWhereTheySayWhy() {
    StatusTable.Mapping problem = StatusTable.to(TrackingStatus.EXCEPTION);

    assertEquals(
        ExceptionReason.FORCE_MAJEURE_WEATHER,
        FedexMapper.reason(problem, json("{\"type\": \"WEATHER\", \"subType\": \"TORNADO\"}")));
    assertEquals(
        ExceptionReason.FORCE_MAJEURE_NATURAL_DISASTER,
        FedexMapper.reason(problem, json("{\"type\": \"WEATHER\", \"subType\": \"EARTHQUAKE\"}")));
    assertEquals(
        ExceptionReason.CUSTOMS_HELD,
        FedexMapper.reason(problem, json("{\"type\": \"CLEARANCE\", \"status\": \"DELAYED\"}")));
    assertEquals(
        ExceptionReason.CARRIER_CAPACITY_DELAY,
        FedexMapper.reason(problem, json("{\"type\": \"OPERATIONAL\"}")));
    assertNull(FedexMapper.reason(problem, json("{\"type\": \"LOCAL\"}")));
    assertNull(FedexMapper.reason(problem, json("{\"type\": \"GENERAL\"}")));
    assertNull(
        FedexMapper.reason(problem, json("{\"type\": \"WEATHER\", \"status\": \"ON_TIME\"}")));
    assertNull(
        FedexMapper.reason(
            StatusTable.to(TrackingStatus.IN_TRANSIT), json("{\"type\": \"WEATHER\"}")));
  }

  @Test
  void statusTableKnowsEveryDocumentedCode() {
    List<String> documented =
        List.of(
            "AA", "AC", "AD", "AF", "AO", "AP", "AR", "AX", "CA", "CH", "DD", "DE", "DL", "DP",
            "DR", "DS", "DY", "EA", "ED", "EO", "EP", "FD", "HL", "HP", "IT", "IX", "LO", "OC",
            "OD", "OF", "OW", "OX", "PD", "PF", "PL", "PM", "PU", "PX", "RR", "RM", "RC", "RS",
            "RP", "LP", "RG", "RD", "SE", "SF", "SP", "TR", "CC", "CD", "CP", "DO", "LC", "US",
            "IP", "IN", "MD", "AE", "HA", "RT", "RA", "PR", "AS");
    StatusTable table = FedexStatusTable.TABLE;

    documented.forEach(code -> assertTrue(table.knows(code), code));
    assertEquals(documented.size(), table.all().size());
    assertEquals(TrackingStatus.AVAILABLE_FOR_PICKUP, table.map("HP").status());
    assertEquals(TrackingStatus.RETURNED_TO_SENDER, table.map("rs").status());
    assertEquals(TrackingStatus.UNKNOWN, table.map("IN_TRANSIT").status());
  }
}
