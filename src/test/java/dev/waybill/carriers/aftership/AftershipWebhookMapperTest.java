package dev.waybill.carriers.aftership;

import static dev.waybill.carriers.aftership.AftershipTestSupport.JSON;
import static dev.waybill.carriers.aftership.AftershipTestSupport.fixtureJson;
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

class AftershipWebhookMapperTest {

  private static PushedUpdate one(JsonNode webhook) {
    List<PushedUpdate> updates = AftershipWebhookMapper.map(webhook);
    assertEquals(1, updates.size());
    return updates.get(0);
  }

  private static TrackingReport result(String fixture) {
    return one(fixtureJson(fixture)).result();
  }

  private static ReportedEvent event(TrackingReport r, String code) {
    return r.events().stream().filter(e -> code.equals(e.carrierCode())).findFirst().orElseThrow();
  }

  private static ObjectNode checkpoint(ObjectNode webhook, int index) {
    return (ObjectNode) webhook.get("msg").get("checkpoints").get(index);
  }

  @Test
  void aTrackingUpdateBecomesOneUpdateWithEveryCheckpoint() {
    PushedUpdate update = one(fixtureJson("in-transit.json"));

    assertEquals("usps", update.carrierCode());
    TrackingReport r = update.result();
    assertEquals("9400111899223456789012", r.trackingNumber());
    assertTrue(r.found());
    assertEquals(4, r.events().size());
  }

  @Test
  void checkpointsMapBySubtagAndKeepItAsTheirCode() {
    TrackingReport r = result("in-transit.json");

    assertEquals(TrackingStatus.INFO_RECEIVED, event(r, "InfoReceived_001").status());
    assertEquals(TrackingStatus.PICKED_UP, event(r, "InTransit_002").status());
    assertEquals(TrackingStatus.IN_TRANSIT, event(r, "InTransit_007").status());
    ReportedEvent arrival = event(r, "InTransit_003");
    assertEquals(TrackingStatus.IN_TRANSIT, arrival.status());
    assertNull(arrival.reason());
    assertEquals("Arrived at USPS Regional Facility", arrival.description());
  }

  @Test
  void checkpointTimesKeepTheirOffsetAndATimeWithoutOneIsReadAsUtc() {
    TrackingReport r = result("in-transit.json");

    ReportedEvent accepted = event(r, "InTransit_002");
    assertEquals(OffsetDateTime.parse("2024-06-10T17:05:00-04:00"), accepted.occurredAt());
    assertEquals(ZoneOffset.ofHours(-4), accepted.occurredAt().getOffset());
    assertEquals(ZoneOffset.ofHours(-5), event(r, "InTransit_003").occurredAt().getOffset());
    assertEquals(
        OffsetDateTime.parse("2024-06-10T09:12:00Z"), event(r, "InfoReceived_001").occurredAt());
  }

  @Test
  void checkpointsCarryTheirPlaceWithTheCountryAsAlpha2() {
    TrackingReport r = result("in-transit.json");

    ReportedEvent arrival = event(r, "InTransit_003");
    assertEquals("DALLAS", arrival.city());
    assertEquals("TX", arrival.region());
    assertEquals("75260", arrival.postalCode());
    assertEquals("US", arrival.country());
    ReportedEvent label = event(r, "InfoReceived_001");
    assertNull(label.city());
    assertNull(label.country());
  }

  @Test
  void eachCheckpointKeepsItsRawAfterShipJson() throws IOException {
    JsonNode raw = JSON.readTree(event(result("in-transit.json"), "InTransit_007").raw());

    assertEquals("Departed USPS Regional Facility", raw.get("message").asText());
    assertEquals("2024-06-10T22:48:00-04:00", raw.get("checkpoint_time").asText());
    assertEquals("L1", raw.get("raw_tag").asText());
  }

  @Test
  void estimatedDeliveryComesFromTheCourierEstimate() {
    TrackingReport r = result("in-transit.json");

    assertEquals(LocalDate.of(2024, 6, 14), r.estimatedDelivery());
    assertNull(r.windowStart());
    assertNull(r.windowEnd());
    assertEquals("USPS Priority Mail", r.serviceLevel());
    assertNull(r.signedBy());
    assertNull(r.proofOfDeliveryUrl());
  }

  @Test
  void deliveredTrackingInTheLegacyShapeGivesSignerEtaAndCountries() {
    PushedUpdate update = one(fixtureJson("delivered.json"));

    assertEquals("dhl", update.carrierCode());
    TrackingReport r = update.result();
    ReportedEvent delivered = event(r, "Delivered_003");
    assertEquals(TrackingStatus.DELIVERED, delivered.status());
    assertEquals(OffsetDateTime.parse("2024-03-07T14:36:00+01:00"), delivered.occurredAt());
    assertEquals("BERLIN", delivered.city());
    assertEquals("10115", delivered.postalCode());
    assertEquals("DE", delivered.country());
    assertEquals("GB", event(r, "InTransit_002").country());
    assertEquals(TrackingStatus.OUT_FOR_DELIVERY, event(r, "OutForDelivery_001").status());
    assertEquals("K. SCHMIDT", r.signedBy());
    assertEquals(LocalDate.of(2024, 3, 7), r.estimatedDelivery());
    assertEquals("EXPRESS WORLDWIDE", r.serviceLevel());
  }

  @Test
  void exceptionCheckpointsGiveTheirReason() {
    PushedUpdate update = one(fixtureJson("exception.json"));

    assertEquals("fedex", update.carrierCode());
    TrackingReport r = update.result();
    ReportedEvent weather = event(r, "Exception_017");
    assertEquals(TrackingStatus.EXCEPTION, weather.status());
    assertEquals(ExceptionReason.FORCE_MAJEURE_WEATHER, weather.reason());
    ReportedEvent attempt = event(r, "AttemptFail_002");
    assertEquals(TrackingStatus.DELIVERY_ATTEMPTED, attempt.status());
    assertEquals(ExceptionReason.CONSIGNEE_NOT_HOME, attempt.reason());
    ReportedEvent customs = event(r, "Exception_004");
    assertEquals(TrackingStatus.EXCEPTION, customs.status());
    assertEquals(ExceptionReason.CUSTOMS_HELD, customs.reason());
    assertEquals("Clearance delay - import", customs.description());
    assertEquals("CA", event(r, "InTransit_002").country());
  }

  @Test
  void aCourierWindowWithOffsetsBecomesTheDeliveryWindowAndItsEndTheEta() {
    TrackingReport r = result("exception.json");

    assertEquals(OffsetDateTime.parse("2024-09-18T09:00:00-07:00"), r.windowStart());
    assertEquals(OffsetDateTime.parse("2024-09-18T17:00:00-07:00"), r.windowEnd());
    assertEquals(LocalDate.of(2024, 9, 18), r.estimatedDelivery());
  }

  @Test
  void aCourierWindowWithoutOffsetsGivesOnlyTheEta() {
    ObjectNode webhook = fixtureJson("exception.json");
    ObjectNode estimate = (ObjectNode) webhook.get("msg").get("courier_estimated_delivery_date");
    estimate.put("estimated_delivery_date_min", "2024-09-18");
    estimate.put("estimated_delivery_date_max", "2024-09-19");

    TrackingReport r = one(webhook).result();
    assertNull(r.windowStart());
    assertNull(r.windowEnd());
    assertEquals(LocalDate.of(2024, 9, 19), r.estimatedDelivery());
  }

  @Test
  void signerIsIgnoredUntilTheParcelIsDelivered() {
    ObjectNode webhook = fixtureJson("in-transit.json");
    ((ObjectNode) webhook.get("msg")).put("signed_by", "SOMEONE");

    assertNull(one(webhook).result().signedBy());
  }

  @Test
  void anEstimatedDeliveryRevisionIsMappedToo() {
    ObjectNode webhook = fixtureJson("in-transit.json");
    webhook.put("event", "edd_revise");
    ((ObjectNode) webhook.get("msg").get("courier_estimated_delivery_date"))
        .put("estimated_delivery_date", "2024-06-15");

    assertEquals(LocalDate.of(2024, 6, 15), one(webhook).result().estimatedDelivery());
  }

  @Test
  void aPendingTimeAlertCarriesNoNews() {
    assertEquals(List.of(), AftershipWebhookMapper.map(fixtureJson("pending-time.json")));
  }

  @Test
  void otherEventKindsGiveNothing() {
    ObjectNode webhook = fixtureJson("in-transit.json");
    webhook.put("event", "returns_created");

    assertEquals(List.of(), AftershipWebhookMapper.map(webhook));
  }

  @Test
  void anUnknownStatusMapsToUnknownAndKeepsItsCode() {
    ObjectNode webhook = fixtureJson("in-transit.json");
    checkpoint(webhook, 3).put("tag", "Teleported");
    checkpoint(webhook, 3).put("subtag", "Teleported_001");

    ReportedEvent e = event(one(webhook).result(), "Teleported_001");
    assertEquals(TrackingStatus.UNKNOWN, e.status());
    assertNull(e.reason());
  }

  @Test
  void anUnknownSubtagFallsBackToItsStatus() {
    ObjectNode webhook = fixtureJson("in-transit.json");
    checkpoint(webhook, 3).put("subtag", "InTransit_042");

    assertEquals(TrackingStatus.IN_TRANSIT, event(one(webhook).result(), "InTransit_042").status());
  }

  @Test
  void aCheckpointWithoutSubtagUsesItsTagAndKeepsItAsCode() {
    ObjectNode webhook = fixtureJson("in-transit.json");
    checkpoint(webhook, 3).remove("subtag");

    assertEquals(TrackingStatus.IN_TRANSIT, event(one(webhook).result(), "InTransit").status());
  }

  @Test
  void slugsBecomeWaybillCodes() {
    assertEquals("ups", AftershipWebhookMapper.carrierCode("ups"));
    assertEquals("fedex", AftershipWebhookMapper.carrierCode("fedex"));
    assertEquals("usps", AftershipWebhookMapper.carrierCode("usps"));
    assertEquals("dhl", AftershipWebhookMapper.carrierCode("dhl"));
    assertEquals("dhl-global-mail", AftershipWebhookMapper.carrierCode("dhl-global-mail"));
    assertEquals("royal-mail", AftershipWebhookMapper.carrierCode("Royal-Mail"));
    assertNull(AftershipWebhookMapper.carrierCode(null));
  }

  @Test
  void alpha3CountriesBecomeAlpha2AndUnknownOnesAreDropped() {
    assertEquals("US", AftershipWebhookMapper.country("USA"));
    assertEquals("DE", AftershipWebhookMapper.country("deu"));
    assertEquals("CA", AftershipWebhookMapper.country("CA"));
    assertNull(AftershipWebhookMapper.country("XYZ"));
    assertNull(AftershipWebhookMapper.country(null));
  }

  @Test
  void aTrackingWithoutNumberIsMalformed() {
    ObjectNode webhook = fixtureJson("in-transit.json");
    ((ObjectNode) webhook.get("msg")).remove("tracking_number");

    CarrierException e =
        assertThrows(CarrierException.class, () -> AftershipWebhookMapper.map(webhook));
    assertEquals(CarrierException.Kind.MALFORMED, e.kind());
  }

  @Test
  void aCheckpointWithoutTimeIsMalformed() {
    ObjectNode webhook = fixtureJson("in-transit.json");
    checkpoint(webhook, 1).remove("checkpoint_time");

    assertThrows(CarrierException.class, () -> AftershipWebhookMapper.map(webhook));
  }
}
