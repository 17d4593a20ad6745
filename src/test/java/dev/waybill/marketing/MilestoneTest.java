package dev.waybill.marketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.waybill.orders.OutboxSubscriber.Event;
import dev.waybill.platform.errors.Problems;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MilestoneTest {

  private static final UUID SHIPMENT = UUID.fromString("4d0c5e0a-0000-4000-8000-000000000001");

  private static Event event(String topic, long sequence, JsonObject payload) {
    return new Event(
        7, UUID.randomUUID(), topic, SHIPMENT, sequence, payload, OffsetDateTime.now());
  }

  @Test
  void onlyTheFiveMilestonesOfAParcelAreEvents() {
    assertEquals(
        Optional.of(Milestone.SHIPPED),
        Milestone.of(event("shipment.created", 0, new JsonObject())));
    assertEquals(
        Optional.of(Milestone.DELAYED),
        Milestone.of(event("shipment.at_risk", 3, new JsonObject())));
    for (String status : List.of("OUT_FOR_DELIVERY", "DELIVERED", "EXCEPTION")) {
      assertEquals(
          Optional.of(Milestone.valueOf(status)),
          Milestone.of(
              event("shipment.status_changed", 2, new JsonObject().put("status", status))));
    }
    for (String status :
        List.of("IN_TRANSIT", "PICKED_UP", "INFO_RECEIVED", "RETURNED_TO_SENDER")) {
      assertEquals(
          Optional.empty(),
          Milestone.of(
              event("shipment.status_changed", 2, new JsonObject().put("status", status))));
    }
    assertEquals(
        Optional.empty(), Milestone.of(event("shipment.status_changed", 2, new JsonObject())));
    assertEquals(Optional.empty(), Milestone.of(event("order.created", 0, new JsonObject())));
  }

  @Test
  void theUniqueIdNamesTheStatusChangeOrTheEpisodeSoARepeatIsOneEvent() {
    assertEquals(
        "waybill:" + SHIPMENT + ":delivered:5",
        Milestone.uniqueId(
            Milestone.DELIVERED,
            event("shipment.status_changed", 5, new JsonObject().put("status", "DELIVERED"))));
    assertEquals(
        "waybill:" + SHIPMENT + ":delayed:2",
        Milestone.uniqueId(
            Milestone.DELAYED, event("shipment.at_risk", 5, new JsonObject().put("episode", 2))));
    assertEquals(
        "waybill:" + SHIPMENT + ":shipped",
        Milestone.uniqueId(Milestone.SHIPPED, event("shipment.created", 0, new JsonObject())));
  }

  @Test
  void chosenMilestonesAreReadInAnyCaseAndUnknownOnesNamed() {
    assertEquals(EnumSet.allOf(Milestone.class), KlaviyoAccounts.milestones(null));
    assertEquals(
        EnumSet.of(Milestone.DELIVERED, Milestone.OUT_FOR_DELIVERY),
        KlaviyoAccounts.milestones(Arrays.asList("delivered", " Out_For_Delivery ")));
    Problems.Invalid bad =
        assertThrows(
            Problems.Invalid.class,
            () -> KlaviyoAccounts.milestones(List.of("SHIPPED", "IN_TRANSIT")));
    assertEquals("events[1]", bad.errors().get(0).field());
    assertThrows(Problems.Invalid.class, () -> KlaviyoAccounts.milestones(List.of()));
  }
}
