package dev.waybill.app;

import dev.waybill.carriers.sim.SimConfig;
import dev.waybill.orders.MerchantEvents;
import dev.waybill.orders.OrderItem;
import dev.waybill.orders.OrderRequests.Address;
import dev.waybill.orders.OrderRequests.CreateOrder;
import dev.waybill.orders.OrderRequests.CreateShipment;
import dev.waybill.orders.OrderRequests.Customer;
import dev.waybill.orders.OrderRequests.Location;
import dev.waybill.orders.OrderRequests.Notifications;
import dev.waybill.orders.OrderRequests.RecordEvent;
import dev.waybill.orders.OrderService;
import dev.waybill.orders.OrderViews.OrderView;
import dev.waybill.platform.security.Scope;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.stores.Branding;
import dev.waybill.stores.StoreRequests.CreateStore;
import dev.waybill.stores.StoreService;
import dev.waybill.support.agents.AgentRequests.AddAgent;
import dev.waybill.support.agents.AgentRole;
import dev.waybill.support.agents.Agents;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seeds a demo store with fixed, well-known keys and orders in every state. Only runs when {@code
 * waybill.demo.enabled} is true, which dev mode sets.
 */
@ApplicationScoped
public class DemoSeeder {

  static final String MERCHANT_KEY = "wb_sec_demo0001_merchantDemoKeyForDevModeOnly01";
  static final String STOREFRONT_KEY = "wb_pub_demo0002_storefrontDemoKeyForDevModeOnly1";
  static final String SUPPORT_KEY = "wb_sec_demo0003_supportDemoKeyForDevModeOnly0001";
  static final String ADMIN_KEY = "wb_sec_demo0004_adminDemoKeyForDevModeOnly0000001";
  static final String AGENT_EMAIL = "agent@northwind.example";
  static final String AGENT_PASSWORD = "dev-only-password";

  private final DemoConfig config;
  private final StoreService stores;
  private final OrderService orders;
  private final MerchantEvents merchantEvents;
  private final Agents agents;
  private final String httpPort;
  private final double simTimeScale;

  public DemoSeeder(
      DemoConfig config,
      StoreService stores,
      OrderService orders,
      MerchantEvents merchantEvents,
      Agents agents,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") String httpPort,
      SimConfig sim) {
    this.config = config;
    this.stores = stores;
    this.orders = orders;
    this.merchantEvents = merchantEvents;
    this.agents = agents;
    this.httpPort = httpPort;
    this.simTimeScale = sim.timeScale();
  }

  void seed(@Observes StartupEvent event) throws Throwable {
    if (!config.enabled()) {
      return;
    }
    // Startup runs on the main thread, never an event loop, so waiting here blocks nothing.
    VertxContextSupport.subscribeAndAwait(this::seedOnce);
    String base = "http://localhost:" + httpPort;
    Log.infof(
        """

        ---- Waybill demo store '%1$s' ----
          orders:write  key: %2$s
          tracking:read key: %3$s
          support       key: %4$s
          admin         key: %5$s
          Try:
            curl -H 'Authorization: Bearer %3$s' '%6$s/api/v1/tracking?orderNumber=NW-1003&email=ada@example.com'
            curl -H 'Authorization: Bearer %2$s' '%6$s/api/v1/orders?limit=10'
          Shopper pages: %6$s/track (order NW-1003, ada@example.com)
          Support console: %6$s/console (%7$s / %8$s)
          API docs: %6$s/q/swagger-ui
        ------------------------------------""",
        config.slug(),
        MERCHANT_KEY,
        STOREFRONT_KEY,
        SUPPORT_KEY,
        ADMIN_KEY,
        base,
        AGENT_EMAIL,
        AGENT_PASSWORD);
  }

  private Uni<Void> seedOnce() {
    return stores
        .findBySlug(config.slug())
        .chain(
            existing -> {
              if (existing != null) {
                return Uni.createFrom().item(existing.id());
              }
              return stores
                  .create(
                      new CreateStore(
                          config.slug(),
                          "Northwind Outfitters",
                          new Branding(
                              "https://placehold.co/240x64/1F4E79/FFFFFF/png?text=Northwind",
                              "#1F4E79",
                              "#F2A900",
                              "help@northwind.example",
                              "+1 415 555 0100",
                              "https://northwind.example/help",
                              "Thanks for gearing up with us. Every order ships carbon-neutral."),
                          "en",
                          "America/Los_Angeles",
                          null))
                  .call(store -> keys(store.id()))
                  .call(store -> orders(store.id()))
                  .map(store -> store.id());
            })
        .call(this::keys)
        .call(
            storeId ->
                agents.add(
                    storeId,
                    new AddAgent(AGENT_EMAIL, "Dana Demo", AGENT_PASSWORD, AgentRole.ADMIN)))
        .replaceWithVoid();
  }

  private Uni<Void> keys(UUID storeId) {
    return stores
        .importKey(storeId, MERCHANT_KEY, Set.of(Scope.ORDERS_WRITE), "Demo merchant back end")
        .chain(
            () ->
                stores.importKey(
                    storeId, STOREFRONT_KEY, Set.of(Scope.TRACKING_READ), "Demo storefront"))
        .chain(
            () ->
                stores.importKey(storeId, SUPPORT_KEY, Set.of(Scope.SUPPORT), "Demo support desk"))
        .chain(() -> stores.importKey(storeId, ADMIN_KEY, Set.of(Scope.ADMIN), "Demo admin"))
        .replaceWithVoid();
  }

  private Uni<Void> orders(UUID storeId) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    LocalDate today = now.toLocalDate();
    // Simulated-carrier journeys started at different points in the past, so the demo orders sit
    // at different stages and keep moving while dev mode runs.
    List<Supplier<Uni<Void>>> demo =
        List.of(
            () ->
                order(
                    storeId,
                    "NW-1001",
                    "Grace Hopper",
                    "grace@example.com",
                    "en",
                    now.minusHours(2),
                    List.of(),
                    Map.of()),
            () ->
                order(
                    storeId,
                    "NW-1002",
                    "Alan Turing",
                    "alan@example.com",
                    "en",
                    now.minusDays(1),
                    List.of(shipment(sim("ONTIME", 0, "1002"), today.plusDays(3))),
                    Map.of(
                        0,
                        List.of(
                            event(
                                TrackingStatus.PACKED,
                                now.minusMinutes(30),
                                "Packed at our Oakland warehouse",
                                null,
                                "Oakland",
                                "CA",
                                "US")))),
            () ->
                order(
                    storeId,
                    "NW-1003",
                    "Ada Lovelace",
                    "ada@example.com",
                    "en",
                    now.minusDays(3),
                    List.of(
                        new CreateShipment(
                            "ups",
                            "1Z999AA10123456784",
                            "Ground",
                            null,
                            today.plusDays(2),
                            null,
                            null)),
                    Map.of(
                        0,
                        List.of(
                            event(
                                TrackingStatus.PICKED_UP,
                                now.minusDays(2),
                                "Picked up",
                                null,
                                "Oakland",
                                "CA",
                                "US"),
                            event(
                                TrackingStatus.IN_TRANSIT,
                                now.minusDays(1),
                                "Departed facility",
                                null,
                                "Sacramento",
                                "CA",
                                "US"),
                            event(
                                TrackingStatus.IN_TRANSIT,
                                now.minusHours(6),
                                "Arrived at facility",
                                null,
                                "Reno",
                                "NV",
                                "US")))),
            () ->
                order(
                    storeId,
                    "NW-1004",
                    "Katherine Johnson",
                    "katherine@example.com",
                    "en",
                    now.minusDays(2),
                    List.of(shipment(sim("ONTIME", 38, "1004"), today)),
                    Map.of()),
            () ->
                order(
                    storeId,
                    "NW-1005",
                    "Margaret Hamilton",
                    "margaret@example.com",
                    "en",
                    now.minusDays(4),
                    List.of(shipment(sim("ONTIME", 60, "1005"), today.minusDays(1))),
                    Map.of()),
            () ->
                order(
                    storeId,
                    "NW-1006",
                    "Edsger Dijkstra",
                    "edsger@example.com",
                    "en",
                    now.minusDays(3),
                    List.of(shipment(sim("WEATHER", 16, "1006"), today.minusDays(1))),
                    Map.of()),
            () ->
                order(
                    storeId,
                    "NW-1007",
                    "Emmy Noether",
                    "emmy@example.com",
                    "de-DE",
                    now.minusDays(3),
                    List.of(
                        shipment(sim("ONTIME", 50, "1007A"), today.plusDays(1)),
                        shipment(sim("ATTEMPT", 22, "1007B"), today.plusDays(3))),
                    Map.of()),
            () ->
                order(
                    storeId,
                    "NW-1008",
                    "Barbara Liskov",
                    "barbara@example.com",
                    "en",
                    now.minusDays(2),
                    List.of(shipment(sim("ADDRESS", 26, "1008"), today.plusDays(1))),
                    Map.of()),
            () ->
                order(
                    storeId,
                    "NW-1009",
                    "John McCarthy",
                    "john@example.com",
                    "en",
                    now.minusDays(3),
                    List.of(shipment(sim("RETURNED", 24, "1009"), today.plusDays(1))),
                    Map.of()));
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Supplier<Uni<Void>> order : demo) {
      chain = chain.call(order::get);
    }
    return chain;
  }

  /**
   * A simulated-carrier number whose journey started {@code hoursAgo} simulated hours ago at the
   * configured time scale.
   */
  private String sim(String journey, int hoursAgo, String suffix) {
    long realSeconds = (long) (hoursAgo * 3600 / simTimeScale);
    long start = OffsetDateTime.now(ZoneOffset.UTC).toEpochSecond() - realSeconds;
    return "SIM-" + journey + "-T" + start + "-" + suffix;
  }

  private Uni<Void> order(
      UUID storeId,
      String number,
      String name,
      String email,
      String locale,
      OffsetDateTime placedAt,
      List<CreateShipment> shipments,
      Map<Integer, List<RecordEvent>> events) {
    CreateOrder request =
        new CreateOrder(
            number,
            new Customer(name, email, "+14155550123"),
            List.of(
                new OrderItem(
                    "Trail Runner 2 (size 42)",
                    "TR2-42",
                    1,
                    "https://placehold.co/120x120/png?text=Shoe"),
                new OrderItem(
                    "Merino Hiking Socks",
                    "MS-3PK",
                    2,
                    "https://placehold.co/120x120/png?text=Socks")),
            new Address(name, "1 Market St", null, "San Francisco", "CA", "94105", "US"),
            placedAt,
            locale,
            null,
            new Notifications(true, false),
            shipments);
    return orders
        .create(storeId, null, request)
        .chain(() -> orders.get(storeId, number))
        .chain(view -> recordAll(storeId, view, events))
        .replaceWithVoid();
  }

  private Uni<Void> recordAll(
      UUID storeId, OrderView view, Map<Integer, List<RecordEvent>> events) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Map.Entry<Integer, List<RecordEvent>> e : events.entrySet()) {
      UUID shipmentId = view.shipments().get(e.getKey()).id();
      for (RecordEvent event : e.getValue()) {
        chain = chain.call(() -> merchantEvents.record(storeId, shipmentId, event));
      }
    }
    return chain;
  }

  private static CreateShipment shipment(String number, LocalDate promised) {
    return new CreateShipment("waybill-sim", number, "Ground", null, promised, null, null);
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
