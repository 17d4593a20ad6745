package dev.waybill.app;

import dev.waybill.orders.OrderItem;
import dev.waybill.orders.OrderRequests.Address;
import dev.waybill.orders.OrderRequests.CreateOrder;
import dev.waybill.orders.OrderRequests.CreateShipment;
import dev.waybill.orders.OrderRequests.Customer;
import dev.waybill.orders.OrderRequests.Location;
import dev.waybill.orders.OrderRequests.Notifications;
import dev.waybill.orders.OrderRequests.RecordEvent;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo store's orders. Each parcel ships with the simulated carrier; a {@code -HOLD<n>} number
 * stops its journey after n scans, so every order but one keeps showing the state it was made for
 * however long dev mode runs. NW-1010 plays a whole journey while you watch. Older orders,
 * delivered weeks ago, give the analytics something to show.
 */
final class DemoOrders {

  /** The carrier code of the simulated carrier. */
  static final String SIM = "waybill-sim";

  /** A demo order, the merchant's own scans per parcel, and the state it shows once polled. */
  record DemoOrder(
      CreateOrder request, List<List<RecordEvent>> events, TrackingStatus shows, String note) {

    String number() {
      return request.orderNumber();
    }
  }

  private final OffsetDateTime now;
  private final double simTimeScale;
  private final String assetBase;

  /**
   * @param now when the demo is seeded
   * @param simTimeScale simulated seconds per real second, to start journeys far enough back
   * @param assetBase where the demo's own images are served, e.g. {@code http://localhost:8080}
   */
  DemoOrders(OffsetDateTime now, double simTimeScale, String assetBase) {
    this.now = now.withOffsetSameInstant(ZoneOffset.UTC);
    this.simTimeScale = simTimeScale;
    this.assetBase = assetBase;
  }

  String logoUrl() {
    return assetBase + "/demo/northwind-logo.svg";
  }

  /** The orders that show one state each, and the one that moves. */
  List<DemoOrder> current() {
    LocalDate today = now.toLocalDate();
    return List.of(
        order(
            "NW-1001",
            "Grace Hopper",
            "grace@example.com",
            "en",
            now.minusHours(2),
            List.of(),
            List.of(),
            TrackingStatus.ORDER_RECEIVED,
            "ordered, nothing shipped yet"),
        order(
            "NW-1002",
            "Alan Turing",
            "alan@example.com",
            "en",
            now.minusDays(1),
            // The label alone; the merchant's packing scan comes after it and stays the latest.
            List.of(shipment(sim("ONTIME", 2, 1, "1002"), today.plusDays(3))),
            List.of(
                List.of(
                    event(
                        TrackingStatus.PACKED,
                        now,
                        "Packed at our Oakland warehouse",
                        null,
                        "Oakland",
                        "CA",
                        "US"))),
            TrackingStatus.PACKED,
            "packed"),
        order(
            "NW-1003",
            "Ada Lovelace",
            "ada@example.com",
            "en",
            now.minusDays(3),
            List.of(shipment(sim("ONTIME", 30, 4, "1003"), today.plusDays(2))),
            List.of(),
            TrackingStatus.IN_TRANSIT,
            "in transit (arrived at the destination hub)"),
        order(
            "NW-1004",
            "Katherine Johnson",
            "katherine@example.com",
            "en",
            now.minusDays(2),
            List.of(shipment(sim("ONTIME", 42, 5, "1004"), today)),
            List.of(),
            TrackingStatus.OUT_FOR_DELIVERY,
            "out for delivery"),
        order(
            "NW-1005",
            "Margaret Hamilton",
            "margaret@example.com",
            "en",
            now.minusDays(4),
            List.of(shipment(sim("ONTIME", 60, 0, "1005"), today.minusDays(1))),
            List.of(),
            TrackingStatus.DELIVERED,
            "delivered"),
        order(
            "NW-1006",
            "Edsger Dijkstra",
            "edsger@example.com",
            "en",
            now.minusDays(3),
            List.of(shipment(sim("WEATHER", 20, 3, "1006"), today.minusDays(1))),
            List.of(),
            TrackingStatus.EXCEPTION,
            "delayed by weather (exception FORCE_MAJEURE_WEATHER)"),
        order(
            "NW-1007",
            "Emmy Noether",
            "emmy@example.com",
            "de-DE",
            now.minusDays(3),
            List.of(
                shipment(sim("ONTIME", 50, 0, "1007A"), today.plusDays(1)),
                shipment(sim("ATTEMPT", 36, 5, "1007B"), today.plusDays(3))),
            List.of(),
            TrackingStatus.DELIVERY_ATTEMPTED,
            "split shipment in German: one parcel delivered, the other attempted (nobody home)"),
        order(
            "NW-1008",
            "Barbara Liskov",
            "barbara@example.com",
            "en",
            now.minusDays(2),
            List.of(shipment(sim("ADDRESS", 32, 4, "1008"), today.plusDays(1))),
            List.of(),
            TrackingStatus.EXCEPTION,
            "exception: address incomplete (CONSIGNEE_ADDRESS_PROBLEM)"),
        order(
            "NW-1009",
            "John McCarthy",
            "john@example.com",
            "en",
            now.minusDays(3),
            List.of(shipment(sim("RETURNED", 40, 0, "1009"), today.plusDays(1))),
            List.of(),
            TrackingStatus.RETURNED_TO_SENDER,
            "refused, returning to sender"),
        order(
            "NW-1010",
            "Hedy Lamarr",
            "hedy@example.com",
            "en",
            now.minusHours(1),
            List.of(shipment(sim("ONTIME", 4, 0, "1010"), today.plusDays(2))),
            List.of(),
            TrackingStatus.DELIVERED,
            "moves: picked up at start, in transit, out for delivery, delivered"));
  }

  /**
   * Delivered orders of the last twelve weeks, with the merchant's own scans and their real
   * timings, so delivery analytics (carrier ups, country US) have figures to show. They are not
   * polled: their carrier is configured only in production, and delivered parcels are final.
   */
  List<DemoOrder> history() {
    String[][] places = {
      {"Portland", "OR", "97205"},
      {"Seattle", "WA", "98101"},
      {"Denver", "CO", "80202"},
      {"Reno", "NV", "89501"},
      {"Los Angeles", "CA", "90012"},
      {"Phoenix", "AZ", "85004"}
    };
    List<DemoOrder> out = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      OffsetDateTime placed = now.minusDays(84 - 3L * i).withHour(9 + i % 8).withMinute(15);
      OffsetDateTime shipped = placed.plusHours(18 + (i * 7) % 30);
      // 2 to 6 days in transit, so the transit histogram and on-time rate are not flat.
      int transitDays = 2 + (i * 3) % 5;
      OffsetDateTime delivered = shipped.plusDays(transitDays).withHour(14).withMinute(30);
      String[] place = places[i % places.length];
      List<RecordEvent> scans = new ArrayList<>();
      scans.add(event(TrackingStatus.PICKED_UP, shipped, "Picked up", null, "Oakland", "CA", "US"));
      if (i % 6 == 3) {
        scans.add(
            event(
                TrackingStatus.EXCEPTION,
                shipped.plusDays(1),
                "Severe weather, service disruption",
                ExceptionReason.FORCE_MAJEURE_WEATHER,
                "Sacramento",
                "CA",
                "US"));
      }
      scans.add(
          event(
              TrackingStatus.IN_TRANSIT,
              delivered.minusDays(1),
              "Arrived at facility",
              null,
              place[0],
              place[1],
              "US"));
      scans.add(
          event(
              TrackingStatus.DELIVERED,
              delivered,
              "Delivered, front door",
              null,
              place[0],
              place[1],
              "US"));
      String number = String.format("NW-%04d", 901 + i);
      out.add(
          new DemoOrder(
              new CreateOrder(
                  number,
                  new Customer(
                      "Demo Shopper " + (i + 1), "shopper" + (i + 1) + "@example.com", null),
                  items(),
                  new Address(
                      "Demo Shopper " + (i + 1),
                      "1 Main St",
                      null,
                      place[0],
                      place[1],
                      place[2],
                      "US"),
                  placed,
                  "en",
                  null,
                  new Notifications(false, false),
                  List.of(
                      new CreateShipment(
                          "ups",
                          String.format("1Z999AA1%010d", 901 + i),
                          "Ground",
                          null,
                          placed.toLocalDate().plusDays(5),
                          null,
                          null))),
              List.of(scans),
              TrackingStatus.DELIVERED,
              "delivered history"));
    }
    return out;
  }

  private DemoOrder order(
      String number,
      String name,
      String email,
      String locale,
      OffsetDateTime placedAt,
      List<CreateShipment> shipments,
      List<List<RecordEvent>> events,
      TrackingStatus shows,
      String note) {
    CreateOrder request =
        new CreateOrder(
            number,
            new Customer(name, email, "+14155550123"),
            items(),
            new Address(name, "1 Market St", null, "San Francisco", "CA", "94105", "US"),
            placedAt,
            locale,
            null,
            new Notifications(true, false),
            shipments);
    return new DemoOrder(request, events, shows, note);
  }

  private List<OrderItem> items() {
    return List.of(
        new OrderItem(
            "Trail Runner 2 (size 42)", "TR2-42", 1, assetBase + "/demo/products/trail-runner.svg"),
        new OrderItem(
            "Merino Hiking Socks", "MS-3PK", 2, assetBase + "/demo/products/merino-socks.svg"));
  }

  /**
   * A simulated-carrier number whose journey started {@code hoursAgo} simulated hours ago at the
   * configured time scale and, unless {@code holdAfter} is 0, stops after that many scans.
   */
  String sim(String journey, int hoursAgo, int holdAfter, String suffix) {
    long realSeconds = (long) (hoursAgo * 3600 / simTimeScale);
    long start = now.toEpochSecond() - realSeconds;
    String hold = holdAfter > 0 ? "-HOLD" + holdAfter : "";
    return "SIM-" + journey + "-T" + start + hold + "-" + suffix;
  }

  private static CreateShipment shipment(String number, LocalDate promised) {
    return new CreateShipment(SIM, number, "Ground", null, promised, null, null);
  }

  private static RecordEvent event(
      TrackingStatus status,
      OffsetDateTime at,
      String description,
      ExceptionReason reason,
      String city,
      String region,
      String country) {
    return new RecordEvent(
        status, at, description, reason, new Location(city, region, null, country), null, null);
  }
}
