package dev.waybill.carriers.seventeentrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.WebhookSource.PushedUpdate;
import dev.waybill.carriers.spi.WebhookSource.WebhookRejected;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeventeenTrackWebhooksTest {

  static final String KEY = "17TRACKSECURITYKEY0123456789";

  record Config(Optional<String> secret) implements SeventeenTrackConfig {
    @Override
    public String apiBaseUrl() {
      return "http://127.0.0.1:1";
    }

    @Override
    public Duration apiTimeout() {
      return Duration.ofSeconds(1);
    }
  }

  private static final SeventeenTrackWebhooks SOURCE =
      new SeventeenTrackWebhooks(new Config(Optional.of(KEY)));

  /** A push as 17TRACK's webhook documentation lays it out, with one event. */
  static String push(String event, String latest, String subStatus, String extra) {
    return """
        {"event":"%s","data":{"number":"RR123456789DE","carrier":100007,"param":null,"tag":"dpd","track_info":{"latest_status":{"status":"%s","sub_status":"%s","sub_status_descr":null},"time_metrics":{"estimated_delivery_date":{"source":"Official","from":"2026-12-08T00:00:00+01:00","to":"2026-12-09T00:00:00+01:00"}},"tracking":{"providers":[{"provider":{"key":100007,"name":"DPD (DE)"},"events":[{"time_iso":"2026-12-05T11:37:00+01:00","time_utc":"2026-12-05T10:37:00Z","description":"%s","location":"Berlin","stage":"%s","sub_status":"%s","address":{"country":"DE","state":"BE","city":"Berlin","street":null,"postal_code":"10115"}}%s]}]}}}}"""
        .formatted(event, latest, subStatus, "scan " + subStatus, latest, subStatus, extra);
  }

  static String sign(String event, String body, String key) {
    int start = body.indexOf("\"data\":") + "\"data\":".length();
    return SeventeenTrackWebhooks.sign(
        event, body.substring(start, body.length() - 1).strip(), key);
  }

  private static PushedUpdate only(String body) {
    List<PushedUpdate> updates = SOURCE.parse(body);
    assertEquals(1, updates.size());
    return updates.get(0);
  }

  @Test
  void aPushSignedWithTheKeyIsTakenAndItsReplayIdIsItsHash() {
    String body = push("TRACKING_UPDATED", "InTransit", "InTransit_Other", "");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String id =
        SOURCE.verify(Map.of("sign", sign("TRACKING_UPDATED", body, KEY)), bytes, Instant.now());
    assertTrue(id.startsWith("sha256:"));
    assertEquals(
        id,
        SOURCE.verify(Map.of("sign", sign("TRACKING_UPDATED", body, KEY)), bytes, Instant.now()));
  }

  @Test
  void theSignCoversTheDataExactlyAsSent() {
    String body = push("TRACKING_UPDATED", "InTransit", "InTransit_Other", "");
    String spaced = body.replace("\"data\":{", "\"data\":{ ");
    assertNotEquals(sign("TRACKING_UPDATED", body, KEY), sign("TRACKING_UPDATED", spaced, KEY));
    SOURCE.verify(
        Map.of("sign", sign("TRACKING_UPDATED", spaced, KEY)),
        spaced.getBytes(StandardCharsets.UTF_8),
        Instant.now());
  }

  @Test
  void aWrongOrMissingSignIsRefused() {
    String body = push("TRACKING_UPDATED", "Delivered", "Delivered_Other", "");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertEquals(
        401,
        assertThrows(
                WebhookRejected.class,
                () ->
                    SOURCE.verify(
                        Map.of("sign", sign("TRACKING_UPDATED", body, "another-key")),
                        bytes,
                        Instant.now()))
            .status());
    assertEquals(
        401,
        assertThrows(WebhookRejected.class, () -> SOURCE.verify(Map.of(), bytes, Instant.now()))
            .status());
    assertEquals(
        401,
        assertThrows(
                WebhookRejected.class,
                () ->
                    new SeventeenTrackWebhooks(new Config(Optional.empty()))
                        .verify(Map.of("sign", "x"), bytes, Instant.now()))
            .status());
  }

  @Test
  void aPushThatIsNotJsonIsABadRequest() {
    assertEquals(
        400,
        assertThrows(
                WebhookRejected.class,
                () ->
                    SOURCE.verify(
                        Map.of("sign", "x"),
                        "{\"event\":".getBytes(StandardCharsets.UTF_8),
                        Instant.now()))
            .status());
  }

  @Test
  void deliveredBecomesDeliveredForTheCarrierInTheTag() {
    PushedUpdate u = only(push("TRACKING_UPDATED", "Delivered", "Delivered_Other", ""));
    assertEquals("dpd", u.carrierCode());
    assertEquals("RR123456789DE", u.result().trackingNumber());
    assertEquals(TrackingStatus.DELIVERED, u.result().events().get(0).status());
    assertEquals("Berlin", u.result().events().get(0).city());
    assertEquals("DE", u.result().events().get(0).country());
    assertEquals(LocalDate.of(2026, 12, 9), u.result().estimatedDelivery());
  }

  @Test
  void inTransitAndPickedUpMapThroughTheTable() {
    PushedUpdate u =
        only(
            push(
                "TRACKING_UPDATED",
                "InTransit",
                "InTransit_Arrival",
                ",{\"time_iso\":\"2026-12-04T08:02:00+01:00\",\"description\":\"Picked up\","
                    + "\"stage\":\"PickedUp\",\"sub_status\":\"InTransit_PickedUp\"}"));
    assertEquals(TrackingStatus.IN_TRANSIT, u.result().events().get(0).status());
    assertEquals(TrackingStatus.PICKED_UP, u.result().events().get(1).status());
  }

  @Test
  void anExceptionCarriesItsReason() {
    PushedUpdate u = only(push("TRACKING_UPDATED", "Exception", "Exception_Lost", ""));
    assertEquals(TrackingStatus.EXCEPTION, u.result().events().get(0).status());
    assertEquals(ExceptionReason.CARRIER_LOST, u.result().events().get(0).reason());
    PushedUpdate address =
        only(push("TRACKING_UPDATED", "DeliveryFailure", "DeliveryFailure_InvalidAddress", ""));
    assertEquals(
        ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM, address.result().events().get(0).reason());
  }

  @Test
  void anUnknownSubStatusIsUnknownAndKeptForTheMetric() {
    PushedUpdate u = only(push("TRACKING_UPDATED", "InTransit", "InTransit_Teleported", ""));
    assertEquals(TrackingStatus.UNKNOWN, u.result().events().get(0).status());
    assertEquals("InTransit_Teleported", u.result().events().get(0).carrierCode());
    assertNull(u.result().events().get(0).reason());
  }

  @Test
  void notFoundWithoutEventsIsNotFound() {
    String body =
        """
        {"event":"TRACKING_UPDATED","data":{"number":"RR123456789DE","tag":"dpd","track_info":{"latest_status":{"status":"NotFound","sub_status":"NotFound_Other"},"tracking":{"providers":[{"provider":{"key":0},"events":[]}]}}}}""";
    assertTrue(!only(body).result().found());
  }

  @Test
  void aStoppedTrackingCarriesNoNews() {
    assertEquals(
        List.of(),
        SOURCE.parse(
            """
            {"event":"TRACKING_STOPPED","data":{"number":"RR123456789DE","carrier":100007,"param":null,"tag":"dpd"}}"""));
  }

  @Test
  void aMalformedPushIsMalformed() {
    assertThrows(
        CarrierException.class,
        () ->
            SOURCE.parse(
                """
                {"event":"TRACKING_UPDATED","data":{"number":"RR1","track_info":{"tracking":{"providers":{}}}}}"""));
    assertThrows(
        CarrierException.class,
        () ->
            SOURCE.parse(
                push("TRACKING_UPDATED", "InTransit", "InTransit_Other", "")
                    .replace("2026-12-05T11:37:00+01:00", "yesterday")
                    .replace("\"time_utc\":\"2026-12-05T10:37:00Z\",", "")));
    assertThrows(CarrierException.class, () -> SOURCE.parse("not json"));
  }

  @Test
  void everySubStatusIn17tracksListIsMapped() {
    for (String code :
        List.of(
            "InfoReceived",
            "InTransit_PickedUp",
            "InTransit_Other",
            "InTransit_Departure",
            "InTransit_Arrival",
            "InTransit_CustomsProcessing",
            "InTransit_CustomsReleased",
            "InTransit_CustomsRequiringInformation",
            "Expired_Other",
            "AvailableForPickup_Other",
            "OutForDelivery_Other",
            "DeliveryFailure_Other",
            "DeliveryFailure_NoBody",
            "DeliveryFailure_Security",
            "DeliveryFailure_Rejected",
            "DeliveryFailure_InvalidAddress",
            "Delivered_Other",
            "Exception_Other",
            "Exception_Returning",
            "Exception_Returned",
            "Exception_NoBody",
            "Exception_Security",
            "Exception_Damage",
            "Exception_Rejected",
            "Exception_Delayed",
            "Exception_Lost",
            "Exception_Destroyed",
            "Exception_Cancel")) {
      assertTrue(SeventeenTrackStatusTable.STATUSES.knows(code), code);
      assertNotEquals(
          TrackingStatus.UNKNOWN, SeventeenTrackStatusTable.STATUSES.map(code).status(), code);
    }
  }
}
