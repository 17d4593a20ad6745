package dev.waybill.carriers.easypost;

import static dev.waybill.carriers.easypost.EasypostTestSupport.JSON;
import static dev.waybill.carriers.easypost.EasypostTestSupport.fixtureJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.WebhookSource.PushedUpdate;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EasypostWebhookMapperTest {

  private static PushedUpdate one(JsonNode event) {
    List<PushedUpdate> updates = EasypostWebhookMapper.map(event);
    assertEquals(1, updates.size());
    return updates.get(0);
  }

  private static TrackingReport result(String fixture) {
    return one(fixtureJson(fixture)).result();
  }

  private static ReportedEvent withMessage(TrackingReport r, String message) {
    return r.events().stream()
        .filter(e -> message.equals(e.description()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aTrackerUpdateBecomesOneUpdateWithEveryScan() {
    PushedUpdate update = one(fixtureJson("in-transit.json"));

    assertEquals("ups", update.carrierCode());
    TrackingReport r = update.result();
    assertEquals("1Z999AA10123456784", r.trackingNumber());
    assertTrue(r.found());
    assertEquals(4, r.events().size());
  }

  @Test
  void scansMapByTheirStatusAndKeepStatusAndDetailAsTheirCode() {
    TrackingReport r = result("in-transit.json");

    ReportedEvent label =
        withMessage(r, "Shipper created a label, UPS has not received the package yet.");
    assertEquals(TrackingStatus.INFO_RECEIVED, label.status());
    assertEquals("pre_transit/label_created", label.carrierCode());
    ReportedEvent arrived = withMessage(r, "Arrived at Facility");
    assertEquals(TrackingStatus.IN_TRANSIT, arrived.status());
    assertNull(arrived.reason());
    assertEquals("in_transit/arrived_at_facility", arrived.carrierCode());
  }

  @Test
  void scanTimesKeepTheOffsetEasyPostGaveThem() {
    TrackingReport r = result("in-transit.json");

    assertEquals(
        OffsetDateTime.parse("2024-06-10T14:02:00Z"),
        withMessage(r, "Shipper created a label, UPS has not received the package yet.")
            .occurredAt());
    ReportedEvent origin = withMessage(r, "Origin Scan");
    assertEquals(OffsetDateTime.parse("2024-06-10T21:45:00-04:00"), origin.occurredAt());
    assertEquals(ZoneOffset.ofHours(-4), origin.occurredAt().getOffset());
    assertEquals(
        ZoneOffset.ofHours(-5), withMessage(r, "Arrived at Facility").occurredAt().getOffset());
  }

  @Test
  void scansCarryTheirPlace() {
    TrackingReport r = result("in-transit.json");

    ReportedEvent arrived = withMessage(r, "Arrived at Facility");
    assertEquals("DALLAS", arrived.city());
    assertEquals("TX", arrived.region());
    assertEquals("75261", arrived.postalCode());
    assertEquals("US", arrived.country());
    ReportedEvent label =
        withMessage(r, "Shipper created a label, UPS has not received the package yet.");
    assertNull(label.city());
    assertEquals("US", label.country());
  }

  @Test
  void eachScanKeepsItsRawEasyPostJson() throws IOException {
    ReportedEvent origin = withMessage(result("in-transit.json"), "Origin Scan");

    JsonNode raw = JSON.readTree(origin.raw());
    assertEquals("TrackingDetail", raw.get("object").asText());
    assertEquals("2024-06-10T21:45:00-04:00", raw.get("datetime").asText());
    assertEquals("OR", raw.get("carrier_code").asText());
  }

  @Test
  void estimatedDeliveryIsTheDateOfEstDeliveryDateWithoutALocalEstimate() {
    TrackingReport r = result("in-transit.json");

    assertEquals(LocalDate.of(2024, 6, 13), r.estimatedDelivery());
    assertEquals("UPS Ground", r.serviceLevel());
    assertNull(r.signedBy());
    assertNull(r.windowStart());
    assertNull(r.windowEnd());
    assertNull(r.proofOfDeliveryUrl());
  }

  @Test
  void deliveredTrackerGivesSignerLocalEstimateAndService() {
    PushedUpdate update = one(fixtureJson("delivered.json"));

    assertEquals("fedex", update.carrierCode());
    TrackingReport r = update.result();
    ReportedEvent delivered = withMessage(r, "Delivered");
    assertEquals(TrackingStatus.DELIVERED, delivered.status());
    assertEquals(OffsetDateTime.parse("2024-03-07T13:28:00-05:00"), delivered.occurredAt());
    assertEquals("NORTON", delivered.city());
    assertEquals(
        TrackingStatus.OUT_FOR_DELIVERY, withMessage(r, "On FedEx vehicle for delivery").status());
    assertEquals("M.JONES", r.signedBy());
    assertEquals(LocalDate.of(2024, 3, 7), r.estimatedDelivery());
    assertEquals("FEDEX_GROUND", r.serviceLevel());
  }

  @Test
  void localEstimateWinsOverTheUtcDate() {
    ObjectNode event = fixtureJson("delivered.json");
    ObjectNode tracker = (ObjectNode) event.get("result");
    tracker.put("est_delivery_date", "2024-03-08T03:00:00Z");

    assertEquals(LocalDate.of(2024, 3, 7), one(event).result().estimatedDelivery());
  }

  @Test
  void signerIsIgnoredUntilTheParcelIsDelivered() {
    ObjectNode event = fixtureJson("in-transit.json");
    ((ObjectNode) event.get("result")).put("signed_by", "SOMEONE");

    assertNull(one(event).result().signedBy());
  }

  @Test
  void problemDetailsGiveStatusAndReason() {
    PushedUpdate update = one(fixtureJson("exception.json"));

    assertEquals("dhl", update.carrierCode());
    TrackingReport r = update.result();
    ReportedEvent weather = withMessage(r, "Delivery delayed due to severe weather conditions");
    assertEquals(TrackingStatus.EXCEPTION, weather.status());
    assertEquals(ExceptionReason.FORCE_MAJEURE_WEATHER, weather.reason());
    assertEquals("in_transit/weather_delay", weather.carrierCode());
    ReportedEvent refused = withMessage(r, "Delivery refused by the receiver");
    assertEquals(TrackingStatus.EXCEPTION, refused.status());
    assertEquals(ExceptionReason.CONSIGNEE_REFUSED, refused.reason());
    ReportedEvent returned = withMessage(r, "Returned to shipper");
    assertEquals(TrackingStatus.RETURNED_TO_SENDER, returned.status());
    assertNull(returned.reason());
    assertEquals(
        TrackingStatus.IN_TRANSIT,
        withMessage(r, "Shipment has departed from a DHL facility").status());
  }

  @Test
  void offsetsEastOfUtcAreKeptToo() {
    ReportedEvent leipzig =
        withMessage(result("exception.json"), "Shipment has departed from a DHL facility");

    assertEquals(OffsetDateTime.parse("2024-02-01T10:00:00+01:00"), leipzig.occurredAt());
    assertEquals("DE", leipzig.country());
  }

  @Test
  void trackerCreatedEventsAreMappedToo() {
    ObjectNode event = fixtureJson("in-transit.json");
    event.put("description", "tracker.created");

    assertEquals("1Z999AA10123456784", one(event).result().trackingNumber());
  }

  @Test
  void eventsAboutAnythingButTrackersGiveNothing() {
    assertEquals(List.of(), EasypostWebhookMapper.map(fixtureJson("batch-updated.json")));

    ObjectNode notATracker = fixtureJson("in-transit.json");
    ((ObjectNode) notATracker.get("result")).put("object", "Shipment");
    assertEquals(List.of(), EasypostWebhookMapper.map(notATracker));
  }

  @Test
  void anUnknownStatusMapsToUnknownAndKeepsItsCode() {
    ObjectNode event = fixtureJson("in-transit.json");
    ObjectNode detail = (ObjectNode) event.get("result").get("tracking_details").get(3);
    detail.put("status", "teleported");
    detail.put("status_detail", "beamed_up");

    ReportedEvent e = withMessage(one(event).result(), "Arrived at Facility");
    assertEquals(TrackingStatus.UNKNOWN, e.status());
    assertNull(e.reason());
    assertEquals("teleported/beamed_up", e.carrierCode());
  }

  @Test
  void anEmptyTrackerIsFoundWithoutEvents() {
    ObjectNode event = fixtureJson("in-transit.json");
    ((ObjectNode) event.get("result")).putArray("tracking_details");

    TrackingReport r = one(event).result();
    assertTrue(r.found());
    assertEquals(List.of(), r.events());
    assertEquals(LocalDate.of(2024, 6, 13), r.estimatedDelivery());
  }

  @Test
  void carrierNamesBecomeWaybillCodes() {
    assertEquals("ups", EasypostWebhookMapper.carrierCode("UPS"));
    assertEquals("ups", EasypostWebhookMapper.carrierCode("UPSDAP"));
    assertEquals("fedex", EasypostWebhookMapper.carrierCode("FedEx"));
    assertEquals("fedex", EasypostWebhookMapper.carrierCode("FedExDefault"));
    assertEquals("usps", EasypostWebhookMapper.carrierCode("USPS"));
    assertEquals("dhl", EasypostWebhookMapper.carrierCode("DHLExpress"));
    assertEquals("canada-post", EasypostWebhookMapper.carrierCode("CanadaPost"));
    assertEquals("royal-mail", EasypostWebhookMapper.carrierCode("RoyalMail"));
    assertEquals("dpd", EasypostWebhookMapper.carrierCode("DPD"));
    assertEquals("dhlecommerce", EasypostWebhookMapper.carrierCode("DHLeCommerce"));
    assertNull(EasypostWebhookMapper.carrierCode(null));
  }

  @Test
  void aTrackerWithoutTrackingCodeIsMalformed() {
    ObjectNode event = fixtureJson("in-transit.json");
    ((ObjectNode) event.get("result")).remove("tracking_code");

    CarrierException e =
        assertThrows(CarrierException.class, () -> EasypostWebhookMapper.map(event));
    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  @Test
  void aScanWithoutTimeIsMalformed() {
    ObjectNode event = fixtureJson("in-transit.json");
    ((ObjectNode) event.get("result").get("tracking_details").get(1)).remove("datetime");

    assertThrows(CarrierException.class, () -> EasypostWebhookMapper.map(event));
  }
}
