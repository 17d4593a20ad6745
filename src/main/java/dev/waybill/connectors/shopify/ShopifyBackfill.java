package dev.waybill.connectors.shopify;

import dev.waybill.carriers.InboxHandler.Unreadable;
import dev.waybill.connectors.Connection;
import dev.waybill.connectors.Connection.BackfillState;
import dev.waybill.connectors.Connections;
import dev.waybill.connectors.ConnectorsConfig;
import dev.waybill.connectors.shopify.ShopifyAdminClient.Page;
import dev.waybill.connectors.shopify.ShopifyAdminClient.Shop;
import dev.waybill.connectors.shopify.ShopifyMapper.MappedOrder;
import dev.waybill.orders.StoreOrders;
import dev.waybill.orders.StoreOrders.Synced;
import dev.waybill.platform.config.WorkersOnly;
import dev.waybill.platform.errors.ProblemException;
import dev.waybill.platform.security.CredentialVault;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * The import of a connected shop's recent orders through the Admin GraphQL API: the orders updated
 * since the connection's backfill start, oldest change first, page by page. Each page's end cursor
 * is stored once its orders are applied, so a restart (or another pod, once the lease expired)
 * resumes there. While a page's orders are written the next page is already being fetched, so the
 * import goes as fast as the shop's cost bucket lets it. An order version applied before (by a
 * webhook or an earlier run) is skipped and an older one never overwrites a newer, so the import
 * can be run again safely. The scheduled method only leases ({@code FOR UPDATE SKIP LOCKED}) and
 * delegates.
 */
@ApplicationScoped
public class ShopifyBackfill {

  /** How long a connection whose import stopped on a passing failure waits before resuming. */
  private static final Duration RESUME_AFTER = Duration.ofMinutes(1);

  private final Connections connections;
  private final ShopifyImports imports;
  private final StoreOrders orders;
  private final ConnectorsConfig connectorsConfig;
  private final MeterRegistry metrics;
  private final ShopifyAdminClient client;
  private final ShopifyConfig config;
  private final io.vertx.core.Vertx vertx;

  public ShopifyBackfill(
      Connections connections,
      ShopifyImports imports,
      StoreOrders orders,
      ConnectorsConfig connectorsConfig,
      ShopifyConfig config,
      MeterRegistry metrics,
      Vertx vertx) {
    this.connections = connections;
    this.imports = imports;
    this.orders = orders;
    this.connectorsConfig = connectorsConfig;
    this.metrics = metrics;
    this.client = new ShopifyAdminClient(vertx, config);
    this.config = config;
    this.vertx = vertx.getDelegate();
  }

  @PreDestroy
  void close() {
    client.close();
  }

  @Scheduled(
      every = "${waybill.connectors.shopify.tick:30s}",
      delayed = "15s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> tick() {
    return run()
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.warnf("Shopify import failed: %s", e.toString());
              return null;
            });
  }

  /** Imports for every connection whose import is due, one lease at a time. Visible for tests. */
  public Uni<Void> run() {
    return connections
        .claimBackfill(Shopify.KIND, connectorsConfig.backfillLease())
        .chain(c -> c == null ? Uni.createFrom().voidItem() : step(c).chain(this::run));
  }

  private Uni<Void> step(Connection c) {
    OffsetDateTime since = c.backfill().since();
    if (since == null) {
      return connections.backfillEnded(c.id(), BackfillState.DONE, null);
    }
    String token;
    try {
      token = connections.secret(c, Shopify.ACCESS_TOKEN);
    } catch (CredentialVault.Unreadable e) {
      return failed(
          c,
          new ShopifyException(
              ShopifyException.Kind.AUTH,
              "the stored access token can no longer be opened; enter it again"));
    }
    Shop shop = new Shop(c.externalKey(), token);
    ShopifyCostBucket bucket = new ShopifyCostBucket();
    String cursor = c.backfill().cursor();
    Log.infof(
        "Store %s: importing Shopify orders updated since %s%s",
        c.storeId(), since, cursor == null ? "" : ", resuming from the stored cursor");
    return client
        .orders(shop, bucket, since, cursor)
        .chain(page -> pages(c, shop, bucket, cursor, page))
        .onFailure(ShopifyException.class)
        .recoverWithUni(e -> failed(c, (ShopifyException) e));
  }

  /**
   * Applies a page while the next one is fetched; stores the page's end cursor once both are done,
   * then goes on with the next.
   */
  private Uni<Void> pages(Connection c, Shop shop, ShopifyCostBucket bucket, String from, Page p) {
    String cursor = p.endCursor() != null ? p.endCursor() : from;
    Uni<Integer> applied = applyAll(c, p.orders());
    if (!p.hasNextPage()) {
      return applied
          .call(n -> connections.backfillPage(c.id(), cursor, n, connectorsConfig.backfillLease()))
          .chain(() -> connections.backfillEnded(c.id(), BackfillState.DONE, null))
          .invoke(() -> Log.infof("Store %s: the Shopify import is done", c.storeId()));
    }
    // A failed fetch must not cut the page's writes short: it is held until they are done.
    Uni<Object> next =
        client
            .orders(shop, bucket, c.backfill().since(), cursor)
            .onItemOrFailure()
            .transform((page, failure) -> failure != null ? failure : page);
    return Uni.combine()
        .all()
        .unis(applied, next)
        .asTuple()
        .chain(
            t ->
                connections
                    .backfillPage(c.id(), cursor, t.getItem1(), connectorsConfig.backfillLease())
                    .chain(
                        () -> {
                          if (t.getItem2() instanceof Throwable failure) {
                            return Uni.createFrom().failure(failure);
                          }
                          return pages(c, shop, bucket, cursor, (Page) t.getItem2());
                        }));
  }

  /**
   * Applies a page's orders, a few at a time (a page holds each order once, so they never race each
   * other); how many were written. Each runs on a Vert.x context of its own, since a database
   * session belongs to one context.
   */
  private Uni<Integer> applyAll(Connection c, List<JsonObject> nodes) {
    Context root = vertx.getOrCreateContext();
    return Multi.createFrom()
        .iterable(nodes)
        .onItem()
        .transformToUni(
            node -> {
              Context own = VertxContext.createNewDuplicatedContext(root);
              VertxContextSafetyToggle.setContextSafe(own, true);
              return Uni.createFrom()
                  .<Boolean>emitter(
                      emitter ->
                          own.runOnContext(
                              x ->
                                  apply(c, node)
                                      .subscribe()
                                      .with(emitter::complete, emitter::fail)));
            })
        .merge(Math.max(1, config.applyConcurrency()))
        .collect()
        .asList()
        .map(outcomes -> (int) outcomes.stream().filter(Boolean::booleanValue).count());
  }

  /** Applies one order unless this version or a newer one was applied; whether it was written. */
  Uni<Boolean> apply(Connection c, JsonObject node) {
    MappedOrder m;
    try {
      m = ShopifyOrderNodes.order(node);
    } catch (Unreadable e) {
      count("unreadable");
      return connections
          .failed(c.id(), "import: an order could not be read: " + e.getMessage())
          .replaceWith(false);
    }
    if (m.order() == null) {
      count("untrackable");
      return Uni.createFrom().item(false);
    }
    String key = "order:" + m.id();
    return imports
        .applied(c.id(), key)
        .chain(
            prior -> {
              if (prior != null && !prior.isBefore(m.updatedAt())) {
                count("seen");
                return Uni.createFrom().item(false);
              }
              return connections
                  .newer(c.id(), key, m.order().orderNumber(), m.updatedAt())
                  .chain(
                      newer -> {
                        if (!newer) {
                          count("stale");
                          return Uni.createFrom().item(false);
                        }
                        return orders
                            .sync(c.storeId(), m.order())
                            .call(s -> skipped(c, s))
                            .invoke(() -> count("imported"))
                            .replaceWith(true)
                            .onFailure()
                            .recoverWithUni(
                                e ->
                                    imports
                                        .undo(c.id(), key, m.updatedAt(), prior)
                                        .chain(() -> notWritten(c, m, e)));
                      });
            });
  }

  /**
   * An order the store's data refuses is reported and skipped; anything else (the database gone)
   * stops the import, which resumes from the last stored cursor and applies the order again.
   */
  private Uni<Boolean> notWritten(Connection c, MappedOrder m, Throwable e) {
    if (e instanceof ProblemException p) {
      count("refused");
      return connections
          .failed(
              c.id(),
              "import: order " + m.order().orderNumber() + " not imported: " + p.getMessage())
          .replaceWith(false);
    }
    return Uni.createFrom().failure(e);
  }

  private Uni<Void> skipped(Connection c, Synced s) {
    if (s.skipped().isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    count("shipment-skipped");
    return connections.failed(
        c.id(), "order " + s.orderNumber() + ": not tracked " + String.join("; ", s.skipped()));
  }

  private Uni<Void> failed(Connection c, ShopifyException e) {
    metrics
        .counter(
            "waybill.connectors.backfill.errors",
            "kind",
            Shopify.KIND,
            "reason",
            e.kind().name().toLowerCase(Locale.ROOT))
        .increment();
    String error = "import: " + e.getMessage();
    if (e.kind() == ShopifyException.Kind.UNAVAILABLE) {
      Duration wait =
          e.retryAfter() != null && e.retryAfter().compareTo(RESUME_AFTER) > 0
              ? e.retryAfter()
              : RESUME_AFTER;
      Log.warnf("Store %s: Shopify import paused: %s", c.storeId(), e.getMessage());
      return connections.backfillRetry(c.id(), error, wait);
    }
    // A refused token or an answer Waybill cannot read: stopped until an admin acts, never retried
    // in a loop.
    Log.warnf("Store %s: Shopify import stopped: %s", c.storeId(), e.getMessage());
    return connections.backfillEnded(c.id(), BackfillState.FAILED, error);
  }

  private void count(String outcome) {
    metrics
        .counter("waybill.connectors.backfill.orders", "kind", Shopify.KIND, "outcome", outcome)
        .increment();
  }
}
