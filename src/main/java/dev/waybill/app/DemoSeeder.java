package dev.waybill.app;

import dev.waybill.app.DemoOrders.DemoOrder;
import dev.waybill.carriers.AggregatorAccounts;
import dev.waybill.carriers.sim.SimAggregator;
import dev.waybill.carriers.sim.SimConfig;
import dev.waybill.orders.MerchantEvents;
import dev.waybill.orders.OrderRequests.RecordEvent;
import dev.waybill.orders.OrderService;
import dev.waybill.orders.OrderViews.OrderView;
import dev.waybill.platform.security.Scope;
import dev.waybill.stores.Branding;
import dev.waybill.stores.StoreRequests.CreateStore;
import dev.waybill.stores.StoreService;
import dev.waybill.support.agents.AgentRole;
import dev.waybill.support.agents.Agents;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
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

  /**
   * The demo store's account at the simulated aggregator (EasyPost-compatible): parcels of carriers
   * without a direct adapter (DPD, GLS, PostNL, ...) are registered there and move by its pushes.
   */
  static final String SIM_EASYPOST_KEY = "EZTKdemo0005SimulatedAggregatorDevModeOnly";

  static final String SIM_EASYPOST_SECRET = "demo-easypost-webhook-secret-dev-only";

  /** How often, and at most how long, the keys wait for the start's first wave of work. */
  private static final Duration SETTLE_CHECK = Duration.ofSeconds(2);

  private static final Duration SETTLE_AT_MOST = Duration.ofSeconds(90);

  private final DemoConfig config;
  private final StoreService stores;
  private final OrderService orders;
  private final MerchantEvents merchantEvents;
  private final Agents agents;
  private final Pool pool;
  private final Vertx vertx;
  private final String base;
  private final String management;
  private final double simTimeScale;
  private final SimConfig sim;
  private final SimAggregator simAggregator;
  private final AggregatorAccounts accounts;
  private final String easypostBase;

  public DemoSeeder(
      DemoConfig config,
      StoreService stores,
      OrderService orders,
      MerchantEvents merchantEvents,
      Agents agents,
      Pool pool,
      Vertx vertx,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") String httpPort,
      @ConfigProperty(name = "quarkus.management.port", defaultValue = "9000")
          String managementPort,
      @ConfigProperty(
              name = "waybill.webhooks.easypost.api-base-url",
              defaultValue = "https://api.easypost.com")
          String easypostBase,
      SimConfig sim,
      SimAggregator simAggregator,
      AggregatorAccounts accounts) {
    this.config = config;
    this.stores = stores;
    this.orders = orders;
    this.merchantEvents = merchantEvents;
    this.agents = agents;
    this.pool = pool;
    this.vertx = vertx;
    this.base = "http://localhost:" + httpPort;
    this.management = "http://localhost:" + managementPort;
    this.simTimeScale = sim.timeScale();
    this.sim = sim;
    this.simAggregator = simAggregator;
    this.accounts = accounts;
    this.easypostBase = easypostBase;
  }

  void seed(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    DemoOrders demo = new DemoOrders(OffsetDateTime.now(ZoneOffset.UTC), simTimeScale, base);
    // Seeded without holding up the start: the poller must not find demo parcels before the
    // simulated carrier, served by this same HTTP server, is listening.
    VertxContextSupport.subscribe(
        () -> seedOnce(demo).toMulti(),
        seeding ->
            seeding.with(
                this::keysOnceSettled, e -> Log.error("Could not seed the demo store", e)));
  }

  /**
   * The keys are what a newcomer looks for, so they come after the start's own output: once every
   * demo parcel has its first carrier scans and the emails those caused have gone out.
   */
  private void keysOnceSettled(UUID storeId) {
    long deadline = System.nanoTime() + SETTLE_AT_MOST.toNanos();
    AtomicBoolean quietOnce = new AtomicBoolean();
    AtomicBoolean printed = new AtomicBoolean();
    vertx.setPeriodic(
        SETTLE_CHECK.toMillis(),
        timer ->
            waiting(storeId)
                .subscribe()
                .with(
                    waiting -> {
                      boolean quiet = waiting == 0;
                      // Quiet twice in a row: a poll answered but not yet turned into emails
                      // looks quiet for a moment.
                      if ((quiet && quietOnce.get()) || System.nanoTime() > deadline) {
                        printOnce(timer, printed);
                      }
                      quietOnce.set(quiet);
                    },
                    e -> printOnce(timer, printed)));
  }

  private void printOnce(long timer, AtomicBoolean printed) {
    vertx.cancelTimer(timer);
    if (printed.compareAndSet(false, true)) {
      Log.info(banner());
    }
  }

  /** Demo parcels without a carrier scan yet, plus changes and messages still due. */
  private Uni<Long> waiting(UUID storeId) {
    return pool.preparedQuery(
            """
            SELECT (SELECT count(*) FROM shipments s
                     WHERE s.store_id = $1 AND s.carrier_code = $2
                       AND NOT EXISTS (SELECT 1 FROM tracking_events e
                                        WHERE e.shipment_id = s.id AND e.source <> 'MERCHANT'))
                 + (SELECT count(*) FROM outbox
                     WHERE store_id = $1 AND processed_at IS NULL AND available_at <= now())
                 + (SELECT count(*) FROM notifications
                     WHERE store_id = $1 AND status = 'PENDING' AND available_at <= now())
                   AS waiting
            """)
        .execute(Tuple.of(storeId, DemoOrders.SIM))
        .map(rows -> rows.iterator().next().getLong("waiting"));
  }

  String banner() {
    return String.format(
        """

        ---- Waybill demo store '%1$s' ----
          orders:write  key: %2$s
          tracking:read key: %3$s
          support       key: %4$s
          admin         key: %5$s
          Try:
            curl -H 'Authorization: Bearer %3$s' '%6$s/api/v1/tracking?orderNumber=NW-1003&email=ada@example.com'
            curl -H 'Authorization: Bearer %2$s' '%6$s/api/v1/orders?limit=10'
            curl -H 'Authorization: Bearer %4$s' '%6$s/api/v1/insights/summary?carrier=ups&country=US'
          Shopper pages: %6$s/track (order NW-1003, ada@example.com; NW-1010, hedy@example.com, moves)
          Support console: %6$s/console (%7$s / %8$s)
          API docs: %9$s/q/swagger-ui (the management port)
        ------------------------------------""",
        config.slug(),
        MERCHANT_KEY,
        STOREFRONT_KEY,
        SUPPORT_KEY,
        ADMIN_KEY,
        base,
        AGENT_EMAIL,
        AGENT_PASSWORD,
        management);
  }

  private Uni<UUID> seedOnce(DemoOrders demo) {
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
                              demo.logoUrl(),
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
                  .call(store -> orders(store.id(), demo))
                  .map(store -> store.id());
            })
        .call(this::keys)
        .call(this::simulatedAggregator)
        .call(
            storeId ->
                agents.seed(storeId, AGENT_EMAIL, "Dana Demo", AGENT_PASSWORD, AgentRole.ADMIN));
  }

  /**
   * When EasyPost's API is this server's simulated aggregator (dev mode), the demo store gets an
   * account there, and the aggregator a webhook to the store's own push path. The aggregator keeps
   * its webhooks in memory, so this runs at every start.
   */
  private Uni<Void> simulatedAggregator(UUID storeId) {
    if (!sim.enabled() || !sim.serve() || !easypostBase.startsWith(base + "/sim/")) {
      return Uni.createFrom().voidItem();
    }
    return accounts
        .set(storeId, config.slug(), "easypost", SIM_EASYPOST_KEY, SIM_EASYPOST_SECRET)
        .invoke(
            () ->
                simAggregator.createWebhook(
                    SIM_EASYPOST_KEY,
                    base + "/webhooks/easypost/" + config.slug(),
                    SIM_EASYPOST_SECRET))
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

  private Uni<Void> orders(UUID storeId, DemoOrders demo) {
    List<DemoOrder> all = new ArrayList<>(demo.history());
    all.addAll(demo.current());
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (DemoOrder order : all) {
      chain = chain.call(() -> order(storeId, order));
    }
    return chain;
  }

  private Uni<Void> order(UUID storeId, DemoOrder order) {
    return orders
        .create(storeId, null, order.request())
        .chain(() -> orders.get(storeId, order.number()))
        .chain(view -> recordAll(storeId, view, order.events()))
        .replaceWithVoid();
  }

  private Uni<Void> recordAll(UUID storeId, OrderView view, List<List<RecordEvent>> events) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (int i = 0; i < events.size(); i++) {
      UUID shipmentId = view.shipments().get(i).id();
      for (RecordEvent event : events.get(i)) {
        chain = chain.call(() -> merchantEvents.record(storeId, shipmentId, event));
      }
    }
    return chain;
  }
}
