package dev.waybill.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.app.DemoOrders.DemoOrder;
import dev.waybill.carriers.sim.SimClock;
import dev.waybill.carriers.sim.SimMapper;
import dev.waybill.orders.OrderItem;
import dev.waybill.orders.OrderRequests.CreateShipment;
import dev.waybill.orders.OrderRequests.RecordEvent;
import dev.waybill.shipping.OrderStatus;
import dev.waybill.shipping.ReportedEvent;
import dev.waybill.shipping.TrackingStatus;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The demo orders played through the simulated carrier as dev mode plays it (an hour per 10 s):
 * each shows its state once polled and still shows it hours later, except NW-1010, which moves.
 */
class DemoOrdersTest {

  private static final double DEV_TIME_SCALE = 360;
  private static final OffsetDateTime SEEDED =
      OffsetDateTime.of(2026, 12, 7, 9, 0, 0, 0, ZoneOffset.UTC);
  private static final DemoOrders DEMO =
      new DemoOrders(SEEDED, DEV_TIME_SCALE, "http://localhost:8080");

  @Test
  void everyDemoOrderShowsItsStateAtStartAndKeepsIt() {
    for (DemoOrder order : DEMO.current()) {
      if (order.number().equals("NW-1010")) {
        continue;
      }
      assertEquals(order.shows(), statusAfter(order, Duration.ofSeconds(5)), order.number());
      assertEquals(order.shows(), statusAfter(order, Duration.ofHours(8)), order.number());
    }
  }

  @Test
  void demoOrdersCoverEveryStateTheReadmeNames() {
    Map<String, TrackingStatus> shows =
        DEMO.current().stream().collect(Collectors.toMap(DemoOrder::number, DemoOrder::shows));
    assertEquals(TrackingStatus.IN_TRANSIT, shows.get("NW-1003"));
    assertTrue(shows.values().contains(TrackingStatus.ORDER_RECEIVED));
    assertTrue(shows.values().contains(TrackingStatus.PACKED));
    assertTrue(shows.values().contains(TrackingStatus.OUT_FOR_DELIVERY));
    assertTrue(shows.values().contains(TrackingStatus.DELIVERED));
    assertTrue(shows.values().contains(TrackingStatus.EXCEPTION));
  }

  @Test
  void oneDemoOrderMovesToDeliveredWithinMinutes() {
    DemoOrder moving =
        DEMO.current().stream().filter(o -> o.number().equals("NW-1010")).findFirst().orElseThrow();
    TrackingStatus atStart = statusAfter(moving, Duration.ofSeconds(5));
    TrackingStatus inTwoMinutes = statusAfter(moving, Duration.ofMinutes(2));
    assertEquals(TrackingStatus.PICKED_UP, atStart);
    assertEquals(TrackingStatus.IN_TRANSIT, inTwoMinutes);
    assertEquals(TrackingStatus.DELIVERED, statusAfter(moving, Duration.ofMinutes(8)));
  }

  @Test
  void demoShipsWithTheSimulatedCarrierOnly() {
    for (DemoOrder order : DEMO.current()) {
      for (CreateShipment s : order.request().shipments()) {
        assertEquals("waybill-sim", s.carrier(), order.number());
      }
    }
  }

  @Test
  void demoImagesAreServedByWaybillItself() {
    assertTrue(DEMO.logoUrl().startsWith("http://localhost:8080/demo/"));
    assertTrue(
        getClass().getResource("/META-INF/resources/demo/northwind-logo.svg") != null,
        "logo shipped");
    for (DemoOrder order : DEMO.current()) {
      for (OrderItem item : order.request().items()) {
        assertTrue(item.imageUrl().startsWith("http://localhost:8080/demo/"), item.imageUrl());
        String path = item.imageUrl().substring("http://localhost:8080".length());
        assertTrue(getClass().getResource("/META-INF/resources" + path) != null, path);
      }
    }
  }

  @Test
  void historyIsDeliveredWithinTheDefaultAnalyticsPeriod() {
    List<DemoOrder> history = DEMO.history();
    assertFalse(history.isEmpty());
    for (DemoOrder order : history) {
      assertEquals("ups", order.request().shipments().get(0).carrier());
      assertEquals("US", order.request().shippingAddress().country());
      assertTrue(order.request().placedAt().isAfter(SEEDED.minusDays(90)), order.number());
      List<RecordEvent> scans = order.events().get(0);
      RecordEvent last = scans.get(scans.size() - 1);
      assertEquals(TrackingStatus.DELIVERED, last.status());
      assertTrue(last.occurredAt().isBefore(SEEDED), order.number());
    }
  }

  /**
   * The order's status once its parcels were polled {@code after} seeding: the carrier's scans and
   * the merchant's, the latest of each parcel deciding, as the orders feature applies them.
   */
  private static TrackingStatus statusAfter(DemoOrder order, Duration after) {
    List<TrackingStatus> parcels = new ArrayList<>();
    List<CreateShipment> shipments = order.request().shipments();
    for (int i = 0; i < shipments.size(); i++) {
      List<Scan> scans = new ArrayList<>();
      var answer =
          SimClock.serverAt(SEEDED.toInstant().plus(after), DEV_TIME_SCALE)
              .track(shipments.get(i).trackingNumber());
      for (ReportedEvent e : SimMapper.result(answer).events()) {
        scans.add(new Scan(e.occurredAt(), e.status()));
      }
      if (i < order.events().size()) {
        for (RecordEvent e : order.events().get(i)) {
          scans.add(new Scan(e.occurredAt(), e.status()));
        }
      }
      parcels.add(
          scans.stream()
              .max(Comparator.comparing(Scan::at))
              .map(Scan::status)
              .orElse(TrackingStatus.INFO_RECEIVED));
    }
    return OrderStatus.of(parcels);
  }

  private record Scan(OffsetDateTime at, TrackingStatus status) {}
}
