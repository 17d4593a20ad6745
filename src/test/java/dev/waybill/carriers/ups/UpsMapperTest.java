package dev.waybill.carriers.ups;

import static dev.waybill.carriers.ups.UpsFixtures.DELIVERED;
import static dev.waybill.carriers.ups.UpsFixtures.EXCEPTION;
import static dev.waybill.carriers.ups.UpsFixtures.IN_TRANSIT;
import static dev.waybill.carriers.ups.UpsFixtures.NOT_FOUND;
import static dev.waybill.carriers.ups.UpsFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpsMapperTest {

  private static TrackingReport map(String number, JsonNode body) {
    List<TrackingReport> results = UpsMapper.map(number, body);
    assertEquals(1, results.size());
    return results.get(0);
  }

  private static List<TrackingStatus> statuses(TrackingReport result) {
    return result.events().stream().map(ReportedEvent::status).toList();
  }

  /** One package whose activities are given, in the documented response shape. */
  private static JsonNode withActivities(String... activities) {
    return UpsFixtures.JSON
        .createObjectNode()
        .set(
            "trackResponse",
            UpsFixtures.JSON
                .createObjectNode()
                .set(
                    "shipment",
                    array(
                        UpsFixtures.JSON
                            .createObjectNode()
                            .put("inquiryNumber", DELIVERED)
                            .set(
                                "package",
                                array(
                                    UpsFixtures.JSON
                                        .createObjectNode()
                                        .put("trackingNumber", DELIVERED)
                                        .set("activity", array(parse(activities))))))));
  }

  private static JsonNode[] parse(String... activities) {
    return Arrays.stream(activities)
        .map(
            a -> {
              try {
                return UpsFixtures.JSON.readTree(a);
              } catch (Exception e) {
                throw new IllegalArgumentException(e);
              }
            })
        .toArray(JsonNode[]::new);
  }

  private static ArrayNode array(JsonNode... nodes) {
    ArrayNode array = UpsFixtures.JSON.createArrayNode();
    for (JsonNode node : nodes) {
      array.add(node);
    }
    return array;
  }

  private static String activity(String type, String statusCode) {
    return """
        {"status": {"type": %s, "statusCode": %s, "description": "x"},
         "date": "20240423", "time": "101500", "gmtOffset": "-04:00"}
        """
        .formatted(
            type == null ? "null" : "\"" + type + "\"",
            statusCode == null ? "null" : "\"" + statusCode + "\"");
  }

  @Test
  void deliveredPackageMapsEveryScanWithItsStatusCode() {
    TrackingReport result = map(DELIVERED, json("delivered.json"));

    assertTrue(result.found());
    assertEquals(DELIVERED, result.trackingNumber());
    assertEquals(
        List.of(
            TrackingStatus.DELIVERED,
            TrackingStatus.OUT_FOR_DELIVERY,
            TrackingStatus.IN_TRANSIT,
            TrackingStatus.PICKED_UP,
            TrackingStatus.INFO_RECEIVED),
        statuses(result));
    assertEquals(
        List.of("011", "021", "005", "038", "003"),
        result.events().stream().map(ReportedEvent::carrierCode).toList());
  }

  @Test
  void deliveredScanKeepsLocalTimeWithUpsOffsetLocationAndTrimmedText() {
    ReportedEvent delivered = map(DELIVERED, json("delivered.json")).events().get(0);

    assertEquals(OffsetDateTime.parse("2024-04-23T09:50:04-04:00"), delivered.occurredAt());
    assertEquals(ZoneOffset.ofHours(-4), delivered.occurredAt().getOffset());
    assertEquals("DELIVERED", delivered.description());
    assertEquals("CHARLOTTE", delivered.city());
    assertEquals("NC", delivered.region());
    assertEquals("28209", delivered.postalCode());
    assertEquals("US", delivered.country());
    assertNull(delivered.reason());
  }

  @Test
  void rawKeepsTheActivityJsonAsUpsSentIt() throws Exception {
    JsonNode body = json("delivered.json");
    ReportedEvent delivered = map(DELIVERED, body).events().get(0);

    JsonNode activity = body.at("/trackResponse/shipment/0/package/0/activity/0");
    assertEquals(activity, UpsFixtures.JSON.readTree(delivered.raw()));
  }

  @Test
  void gmtTimeWithoutLeadingZeroStillAgreesWithLocalTime() {
    ReportedEvent departed = map(DELIVERED, json("delivered.json")).events().get(2);

    // Local 23:15 on the 22nd at -04:00 is 03:15 GMT on the 23rd, sent as "31500".
    assertEquals(OffsetDateTime.parse("2024-04-22T23:15:00-04:00"), departed.occurredAt());
  }

  @Test
  void deliveredPackageCarriesSignatureAndServiceButNoEstimate() {
    TrackingReport result = map(DELIVERED, json("delivered.json"));

    assertEquals("JOHN", result.signedBy());
    assertEquals("UPS Ground", result.serviceLevel());
    // Only a DEL date: nothing is estimated any more, and DEL time is not a window.
    assertNull(result.estimatedDelivery());
    assertNull(result.windowStart());
    assertNull(result.windowEnd());
    assertNull(result.proofOfDeliveryUrl());
  }

  @Test
  void inTransitPackagePrefersRescheduledDateAndGivesWindowInDestinationOffset() {
    TrackingReport result = map(IN_TRANSIT, json("in-transit.json"));

    assertEquals(
        List.of(TrackingStatus.IN_TRANSIT, TrackingStatus.IN_TRANSIT, TrackingStatus.PICKED_UP),
        statuses(result));
    assertEquals(LocalDate.of(2024, 4, 26), result.estimatedDelivery());
    assertEquals(OffsetDateTime.parse("2024-04-26T14:00:00-04:00"), result.windowStart());
    assertEquals(OffsetDateTime.parse("2024-04-26T18:00:00-04:00"), result.windowEnd());
    assertNull(result.signedBy());
  }

  @Test
  void offsetIsDerivedFromGmtDateAndTimeWhenGmtOffsetIsMissing() {
    ReportedEvent departed = map(IN_TRANSIT, json("in-transit.json")).events().get(1);

    assertEquals(OffsetDateTime.parse("2024-04-24T03:15:00-05:00"), departed.occurredAt());
  }

  @Test
  void windowIsLeftOutWhenNoScanTellsTheDestinationsOffset() {
    JsonNode body = json("in-transit.json");
    // Without the Boston scan the only offsets known are Illinois's, an hour off Boston's.
    ((ArrayNode) body.at("/trackResponse/shipment/0/package/0/activity")).remove(0);

    TrackingReport result = map(IN_TRANSIT, body);

    assertEquals(LocalDate.of(2024, 4, 26), result.estimatedDelivery());
    assertNull(result.windowStart());
    assertNull(result.windowEnd());
  }

  @Test
  void exceptionScansCarryTheReasonTheirStatusCodeGives() {
    TrackingReport result = map(EXCEPTION, json("exception.json"));

    List<ReportedEvent> events = result.events();
    assertEquals(TrackingStatus.EXCEPTION, events.get(0).status());
    assertEquals(ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM, events.get(0).reason());
    assertEquals(TrackingStatus.EXCEPTION, events.get(1).status());
    assertEquals(ExceptionReason.FORCE_MAJEURE_WEATHER, events.get(1).reason());
    assertEquals(OffsetDateTime.parse("2024-01-27T07:13:56-07:00"), events.get(1).occurredAt());
    assertEquals(LocalDate.of(2024, 1, 29), result.estimatedDelivery());
    assertEquals("UPS 2nd Day Air", result.serviceLevel());
  }

  @Test
  void exceptionTypeWithoutKnownStatusCodeIsAnExceptionWithoutReason() {
    ReportedEvent attempt = map(EXCEPTION, json("exception.json")).events().get(2);

    assertEquals(TrackingStatus.EXCEPTION, attempt.status());
    assertNull(attempt.reason());
    assertEquals("X", attempt.carrierCode());
  }

  @Test
  void statusCodeRefinesTheBroaderStatusType() {
    List<ReportedEvent> events =
        map(
                DELIVERED,
                withActivities(activity("D", "040"), activity("I", "072"), activity("X", "058")))
            .events();

    assertEquals(TrackingStatus.AVAILABLE_FOR_PICKUP, events.get(0).status());
    assertEquals(TrackingStatus.OUT_FOR_DELIVERY, events.get(1).status());
    assertEquals(ExceptionReason.CUSTOMS_DOCUMENTS_NEEDED, events.get(2).reason());
  }

  @Test
  void returnedShipmentNeverReadsAsDeliveredToTheShopper() {
    ReportedEvent back = map(DELIVERED, withActivities(activity("RS", "011"))).events().get(0);

    assertEquals(TrackingStatus.RETURNED_TO_SENDER, back.status());
    assertEquals("RS", back.carrierCode());
  }

  @Test
  void unknownCodesMapToUnknownNeverToInTransit() {
    List<ReportedEvent> events =
        map(
                DELIVERED,
                withActivities(activity("ZZ", "999"), activity(null, "999"), activity(null, null)))
            .events();

    assertEquals(
        List.of(TrackingStatus.UNKNOWN, TrackingStatus.UNKNOWN, TrackingStatus.UNKNOWN),
        events.stream().map(ReportedEvent::status).toList());
    assertEquals("ZZ", events.get(0).carrierCode());
    assertEquals("999", events.get(1).carrierCode());
    assertNull(events.get(2).carrierCode());
  }

  @Test
  void scanWithoutAnyGmtInformationFallsBackToUtc() {
    ReportedEvent event =
        map(
                DELIVERED,
                withActivities(
                    """
                    {"status": {"type": "I"}, "date": "20240423", "time": "101500"}
                    """))
            .events()
            .get(0);

    assertEquals(OffsetDateTime.parse("2024-04-23T10:15:00Z"), event.occurredAt());
  }

  @Test
  void multiPieceShipmentUsesThePackageWhoseNumberWasAsked() {
    JsonNode body = json("delivered.json");
    ArrayNode packages = (ArrayNode) body.at("/trackResponse/shipment/0/package");
    ObjectNode other = packages.get(0).deepCopy();
    other.put("trackingNumber", "1Z999AA10123456793");
    other.remove("activity");
    packages.insert(0, other);

    TrackingReport result = map(DELIVERED, body);

    assertEquals(5, result.events().size());
  }

  @Test
  void unknownNumberAnsweredWithWarningIsNotFound() {
    TrackingReport result = map(NOT_FOUND, json("not-found.json"));

    assertFalse(result.found());
    assertEquals(NOT_FOUND, result.trackingNumber());
    assertTrue(result.events().isEmpty());
  }

  @Test
  void documentedErrorBodyIsRecognisedAsNotFoundAnswer() {
    assertTrue(UpsMapper.isNotFoundAnswer(json("not-found-404.json")));
    assertEquals(
        "TW0001 Tracking Information Not Found", UpsMapper.errors(json("not-found-404.json")));
    assertFalse(UpsMapper.isNotFoundAnswer(UpsFixtures.JSON.createObjectNode()));
    assertFalse(UpsMapper.isNotFoundAnswer(null));
  }

  @Test
  void malformedFixtureIsMalformed() {
    CarrierException e =
        assertThrows(
            CarrierException.class, () -> UpsMapper.map(DELIVERED, json("malformed.json")));

    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  @Test
  void bodiesNotShapedAsDocumentedAreMalformed() throws Exception {
    for (String body :
        List.of(
            "{}",
            "[]",
            "{\"trackResponse\": {}}",
            "{\"trackResponse\": {\"shipment\": []}}",
            "{\"trackResponse\": {\"shipment\": [{\"package\": {}}]}}",
            "{\"trackResponse\": {\"shipment\": [{\"package\": [{\"activity\": {}}]}]}}",
            "{\"trackResponse\": {\"shipment\": [{\"package\": [{\"activity\": [7]}]}]}}",
            "{\"trackResponse\": {\"shipment\": [{\"package\": [{\"activity\": [{}]}]}]}}",
            "{\"trackResponse\": {\"shipment\": [{\"package\": [{\"activity\":"
                + " [{\"date\": \"20240423\", \"gmtOffset\": \"EST\"}]}]}]}}",
            "{\"trackResponse\": {\"shipment\": [{\"package\": [{\"activity\":"
                + " [{\"date\": \"20240423\", \"time\": \"256000\"}]}]}]}}")) {
      JsonNode node = UpsFixtures.JSON.readTree(body);
      CarrierException e =
          assertThrows(CarrierException.class, () -> UpsMapper.map(DELIVERED, node), body);
      assertEquals(CarrierException.Kind.MALFORMED, e.kind(), body);
    }
  }

  @Test
  void everyEventsCarrierCodeMapsBackToItsStatus() {
    for (String fixture : List.of("delivered.json", "in-transit.json", "exception.json")) {
      TrackingReport result = map(DELIVERED, json(fixture));
      for (ReportedEvent event : result.events()) {
        StatusTable.Mapping mapping = UpsStatusTable.TABLE.map(event.carrierCode());
        assertEquals(event.status(), mapping.status(), fixture + " " + event.carrierCode());
        assertEquals(event.reason(), mapping.reason(), fixture + " " + event.carrierCode());
      }
    }
  }

  @Test
  void tableCoversEveryDocumentedStatusType() {
    Set<String> documented =
        Set.of("D", "I", "M", "MV", "P", "X", "RS", "DO", "DD", "W", "NA", "O", "U");
    for (String type : documented) {
      assertTrue(UpsStatusTable.TABLE.knows(type), type);
    }
    assertEquals(TrackingStatus.UNKNOWN, UpsStatusTable.TABLE.map("NA").status());
    assertEquals(TrackingStatus.OUT_FOR_DELIVERY, UpsStatusTable.TABLE.map("o").status());
    assertFalse(UpsStatusTable.TABLE.knows("OT"));
  }
}
