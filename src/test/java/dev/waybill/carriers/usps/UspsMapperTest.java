package dev.waybill.carriers.usps;

import static dev.waybill.carriers.usps.UspsTestSupport.fixtureJson;
import static dev.waybill.carriers.usps.UspsTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class UspsMapperTest {

  private static TrackingReport only(List<TrackingReport> results) {
    assertEquals(1, results.size());
    return results.get(0);
  }

  private static List<TrackingStatus> statuses(TrackingReport result) {
    return result.events().stream().map(ReportedEvent::status).toList();
  }

  @Test
  void deliveredItemHasEveryEventMappedWithItsLocalOffset() {
    TrackingReport result =
        only(UspsMapper.map("9400111899223197428490", fixtureJson("delivered.json")));

    assertTrue(result.found());
    assertEquals("9400111899223197428490", result.trackingNumber());
    assertEquals(
        List.of(
            TrackingStatus.DELIVERED,
            TrackingStatus.OUT_FOR_DELIVERY,
            TrackingStatus.IN_TRANSIT,
            TrackingStatus.PICKED_UP,
            TrackingStatus.INFO_RECEIVED),
        statuses(result));

    ReportedEvent delivered = result.events().get(0);
    assertEquals(OffsetDateTime.parse("2024-06-17T12:01-04:00"), delivered.occurredAt());
    assertEquals("-04:00", delivered.occurredAt().getOffset().getId());
    assertEquals("01", delivered.carrierCode());
    assertEquals("Delivered, Front Door/Porch", delivered.description());
    assertEquals("FAIRFAX", delivered.city());
    assertEquals("VA", delivered.region());
    assertEquals("22032", delivered.postalCode());
    assertNull(delivered.country());
    assertNull(delivered.reason());
    assertTrue(delivered.raw().contains("\"eventCode\":\"01\""));
    assertTrue(delivered.raw().contains("\"name\":\"J SMITH\""));
  }

  @Test
  void deliveredItemReportsSignerServiceAndEstimate() {
    TrackingReport result =
        only(UspsMapper.map("9400111899223197428490", fixtureJson("delivered.json")));

    assertEquals("J SMITH", result.signedBy());
    assertEquals("Priority Mail\u00ae", result.serviceLevel());
    assertEquals(LocalDate.of(2024, 6, 17), result.estimatedDelivery());
    assertNull(result.proofOfDeliveryUrl());
  }

  @Test
  void singleDigitGmtOffsetAsInTheSpecIsRead() {
    TrackingReport result =
        only(UspsMapper.map("9400111899223197428490", fixtureJson("delivered.json")));

    ReportedEvent outForDelivery = result.events().get(1);
    assertEquals(OffsetDateTime.parse("2024-06-17T06:10-04:00"), outForDelivery.occurredAt());
    assertEquals("-04:00", outForDelivery.occurredAt().getOffset().getId());
  }

  @Test
  void inTransitItemMapsScansAndKeepsLocalTimes() {
    TrackingReport result =
        only(UspsMapper.map("9205590164917312751089", fixtureJson("in-transit.json")));

    assertEquals(
        List.of(
            TrackingStatus.IN_TRANSIT,
            TrackingStatus.IN_TRANSIT,
            TrackingStatus.PICKED_UP,
            TrackingStatus.INFO_RECEIVED),
        statuses(result));
    assertEquals(
        OffsetDateTime.parse("2024-06-18T05:12-05:00"), result.events().get(0).occurredAt());
    // Only eventTimestamp and GMTOffset: the wall-clock time is local despite its "Z".
    assertEquals(
        OffsetDateTime.parse("2024-06-17T21:40-05:00"), result.events().get(1).occurredAt());
    // eventTimestamp alone, as in the USPS example: taken as written.
    assertEquals(OffsetDateTime.parse("2024-06-15T07:31Z"), result.events().get(2).occurredAt());
    assertEquals("USPS Ground Advantage\u2122", result.serviceLevel());
    assertNull(result.signedBy());
  }

  @Test
  void deliveryWindowUsesTheDestinationOffset() {
    TrackingReport result =
        only(UspsMapper.map("9205590164917312751089", fixtureJson("in-transit.json")));

    assertEquals(LocalDate.of(2024, 6, 18), result.estimatedDelivery());
    assertEquals(OffsetDateTime.parse("2024-06-18T09:00-05:00"), result.windowStart());
    assertEquals(OffsetDateTime.parse("2024-06-18T13:00-05:00"), result.windowEnd());
  }

  @Test
  void deliveryWindowIsLeftOutWithoutAScanAtTheDestination() {
    var body =
        json(
            """
            {"trackingNumber":"X","destinationZIP":"99501","predictedDeliveryDate":"2024-06-18",
             "predictedDeliveryWindowStartTime":"09:00","predictedDeliveryWindowEndTime":"13:00",
             "trackingEvents":[{"eventType":"Processed through USPS Facility",
               "GMTTimestamp":"2024-06-17T02:40:00Z","GMTOffset":"-05:00","eventZIP":"50318",
               "eventCode":"10"}]}
            """);

    TrackingReport result = only(UspsMapper.map("X", body));

    assertEquals(LocalDate.of(2024, 6, 18), result.estimatedDelivery());
    assertNull(result.windowStart());
    assertNull(result.windowEnd());
  }

  @Test
  void isoClockWindowTimesAreRead() {
    var body =
        json(
            """
            {"trackingNumber":"X","destinationZIP":"99501-1234","predictedDeliveryDate":"2024-06-18",
             "predictedDeliveryWindowStartTime":"09:00","predictedDeliveryWindowEndTime":"13:30:00",
             "trackingEvents":[{"eventType":"Arrived at Post Office",
               "GMTTimestamp":"2024-06-18T13:00:00Z","GMTOffset":"-8:00","eventZIP":"99501",
               "eventCode":"07"}]}
            """);

    TrackingReport result = only(UspsMapper.map("X", body));

    assertEquals(OffsetDateTime.parse("2024-06-18T09:00-08:00"), result.windowStart());
    assertEquals(OffsetDateTime.parse("2024-06-18T13:30-08:00"), result.windowEnd());
  }

  @Test
  void failedAttemptAndMissortCarryTheirReasons() {
    TrackingReport result =
        only(UspsMapper.map("9361289673090019555035", fixtureJson("exception.json")));

    assertEquals(
        List.of(
            TrackingStatus.DELIVERY_ATTEMPTED,
            TrackingStatus.OUT_FOR_DELIVERY,
            TrackingStatus.IN_TRANSIT,
            TrackingStatus.EXCEPTION,
            TrackingStatus.PICKED_UP),
        statuses(result));
    assertEquals(ExceptionReason.CONSIGNEE_NOT_HOME, result.events().get(0).reason());
    assertEquals(ExceptionReason.CARRIER_SORTING_ERROR, result.events().get(3).reason());
    assertNull(result.estimatedDelivery());
    assertNull(result.signedBy());
  }

  @Test
  void unknownNumberErrorIsNotFound() {
    TrackingReport result =
        only(UspsMapper.map("9400100000000000000000", 400, fixtureJson("not-found.json")));

    assertFalse(result.found());
    assertEquals("9400100000000000000000", result.trackingNumber());
    assertTrue(result.events().isEmpty());
  }

  @Test
  void resourceNotFoundIsNotFoundEvenWithoutABody() {
    TrackingReport result = only(UspsMapper.map("9400100000000000000000", 404, null));

    assertFalse(result.found());
  }

  @Test
  void otherBadRequestIsMalformedNotNotFound() {
    var body =
        json(
            """
            {"apiVersion":"/tracking/v3","error":{"code":"400","message":"Invalid expand value",
             "errors":[{"status":"400","code":"100001","title":"expand","detail":"bad"}]}}
            """);

    CarrierException e = assertThrows(CarrierException.class, () -> UspsMapper.map("X", 400, body));
    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
    assertTrue(e.getMessage().contains("Invalid expand value"));
  }

  @Test
  void malformedPayloadThrowsMalformed() {
    CarrierException e =
        assertThrows(
            CarrierException.class, () -> UspsMapper.map("X", fixtureJson("malformed.json")));
    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  @Test
  void nonObjectBodyIsMalformed() {
    CarrierException e =
        assertThrows(CarrierException.class, () -> UspsMapper.map("X", json("[1,2]")));
    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  @Test
  void eventWithoutAnyTimeIsMalformed() {
    var body = json("{\"trackingEvents\":[{\"eventType\":\"Delivered\",\"eventCode\":\"01\"}]}");

    CarrierException e = assertThrows(CarrierException.class, () -> UspsMapper.map("X", body));
    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  @Test
  void unreadableEventTimeIsMalformed() {
    var body =
        json(
            "{\"trackingEvents\":[{\"eventTimestamp\":\"7:31 am\",\"GMTOffset\":\"-05:00\","
                + "\"eventCode\":\"03\"}]}");

    CarrierException e = assertThrows(CarrierException.class, () -> UspsMapper.map("X", body));
    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  @Test
  void undocumentedEventCodeIsUnknownNotInTransit() {
    var body =
        json(
            """
            {"trackingEvents":[
              {"eventType":"Something new","GMTTimestamp":"2024-06-17T02:40:00Z","eventCode":"Q9"},
              {"eventType":"No code at all","GMTTimestamp":"2024-06-16T02:40:00Z"}]}
            """);

    TrackingReport result = only(UspsMapper.map("X", body));

    assertEquals(List.of(TrackingStatus.UNKNOWN, TrackingStatus.UNKNOWN), statuses(result));
    assertEquals("Q9", result.events().get(0).carrierCode());
    // No offset given: the GMT instant stays in UTC.
    assertEquals(OffsetDateTime.parse("2024-06-17T02:40Z"), result.events().get(0).occurredAt());
  }

  @Test
  void itemWithoutEventsIsFoundWithNoEvents() {
    TrackingReport result =
        only(
            UspsMapper.map(
                "X", json("{\"trackingNumber\":\"X\",\"statusCategory\":\"Pre-Shipment\"}")));

    assertTrue(result.found());
    assertTrue(result.events().isEmpty());
  }

  @Test
  void gmtOffsetsInEveryWrittenFormAreRead() {
    assertEquals("-07:00", UspsMapper.offset("-7:00").getId());
    assertEquals("-07:00", UspsMapper.offset("-07:00").getId());
    assertEquals("+05:30", UspsMapper.offset("+0530").getId());
    assertEquals("+10:00", UspsMapper.offset("10").getId());
    assertEquals("Z", UspsMapper.offset("Z").getId());
    assertThrows(CarrierException.class, () -> UspsMapper.offset("Pacific"));
  }

  @Test
  void htmlInServiceNamesIsRemoved() {
    assertEquals(
        "Priority Mail Express\u00ae",
        UspsMapper.cleanText("Priority Mail Express<SUP>&reg;</SUP>"));
    assertEquals("Media Mail\u00ae", UspsMapper.cleanText("Media Mail<SUP>&#174;</SUP>"));
    assertNull(UspsMapper.cleanText("<SUP></SUP>"));
  }
}
