package dev.waybill.connectors.shopify;

import dev.waybill.connectors.Connection;
import dev.waybill.connectors.Connections;
import dev.waybill.connectors.ConnectorsConfig;
import dev.waybill.connectors.WriteBacks;
import dev.waybill.connectors.WriteBacks.Pending;
import dev.waybill.connectors.shopify.ShopifyWriteBackClient.Refused;
import dev.waybill.connectors.shopify.ShopifyWriteBackClient.Retry;
import dev.waybill.connectors.shopify.ShopifyWriteBackClient.Sent;
import dev.waybill.orders.OutboxSubscriber;
import dev.waybill.platform.config.WorkersOnly;
import dev.waybill.platform.health.PodState;
import dev.waybill.platform.queue.QueueRunner;
import dev.waybill.platform.security.CredentialVault;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes shipment status changes back to Shopify, for connections that asked for it ({@code
 * writeBack}) and gave an access token. Each {@code shipment.status_changed} outbox event of such a
 * store whose tracking number came from a Shopify fulfillment is queued once (per shipment and
 * sequence) in the outbox fan-out's transaction; any pod then sends it as a {@code
 * fulfillmentEventCreate} on that fulfillment. Changes Shopify itself reported are not echoed back.
 */
@ApplicationScoped
public class ShopifyWriteBack implements OutboxSubscriber {

  static final String TOPIC = "shipment.status_changed";

  // Driven by the events: a store with no write-back connection matches no row and costs one
  // indexed probe per batch.
  private static final String ENQUEUE =
      """
      INSERT INTO connector_writebacks (id, connection_id, store_id, kind, shipment_id, sequence,
        target_id, status, platform_status, happened_at)
      SELECT gen_random_uuid(), c.id, c.store_id, c.kind, e.shipment_id, e.sequence,
        f.fulfillment_id, e.status, e.platform_status, e.happened_at
      FROM unnest($1::uuid[], $2::uuid[], $3::int8[], $4::text[], $5::text[], $6::timestamptz[],
          $7::text[]) AS e(store_id, shipment_id, sequence, status, platform_status, happened_at,
          tracking_number)
      JOIN store_connections c ON c.store_id = e.store_id AND c.kind = 'shopify'
        AND c.state = 'CONNECTED' AND c.write_back
        AND jsonb_exists(c.credentials::jsonb, 'accessToken')
      JOIN shopify_fulfillments f ON f.connection_id = c.id
        AND f.tracking_number = e.tracking_number
      ON CONFLICT (kind, shipment_id, sequence) DO NOTHING""";

  // Waybill's own estimate first, as the tracking page shows it; a day without a window is told
  // as its midday, which no time zone moves to another day.
  private static final String ESTIMATE =
      """
      SELECT coalesce(delivery_window_end,
        (coalesce(estimate_likely, carrier_estimated_delivery, promised_delivery)
          + time '12:00') AT TIME ZONE 'UTC') AS estimate
      FROM shipments WHERE id = $1""";

  private final Pool pool;
  private final Connections connections;
  private final WriteBacks writeBacks;
  private final ShopifyWriteBackClient client;
  private final ConnectorsConfig.WriteBack config;
  private final PodState pod;
  private final MeterRegistry metrics;
  private final QueueRunner runner = new QueueRunner("Shopify write-back", "swb-");

  public ShopifyWriteBack(
      Pool pool,
      Connections connections,
      WriteBacks writeBacks,
      ShopifyWriteBackClient client,
      ConnectorsConfig config,
      PodState pod,
      MeterRegistry metrics) {
    this.pool = pool;
    this.connections = connections;
    this.writeBacks = writeBacks;
    this.client = client;
    this.config = config.writeBack();
    this.pod = pod;
    this.metrics = metrics;
  }

  @Override
  public Uni<Void> accept(SqlConnection conn, List<Event> events) {
    List<UUID> stores = new ArrayList<>();
    List<UUID> shipments = new ArrayList<>();
    List<Long> sequences = new ArrayList<>();
    List<String> statuses = new ArrayList<>();
    List<String> platform = new ArrayList<>();
    List<OffsetDateTime> times = new ArrayList<>();
    List<String> numbers = new ArrayList<>();
    for (Event e : events) {
      if (!TOPIC.equals(e.topic()) || "STORE".equals(e.payload().getString("source"))) {
        // Shopify told Waybill this status itself.
        continue;
      }
      String status = e.payload().getString("status");
      Optional<String> mapped = ShopifyStatusTable.of(status, e.payload().getString("reason"));
      String number = e.payload().getString("trackingNumber");
      if (mapped.isEmpty() || number == null) {
        continue;
      }
      stores.add(e.storeId());
      shipments.add(e.aggregateId());
      sequences.add(e.sequence());
      statuses.add(status);
      platform.add(mapped.get());
      times.add(happenedAt(e));
      numbers.add(ShopifyFulfillments.normalize(number));
    }
    if (stores.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return conn.preparedQuery(ENQUEUE)
        .execute(
            Tuple.tuple()
                .addValue(stores.toArray(UUID[]::new))
                .addValue(shipments.toArray(UUID[]::new))
                .addValue(sequences.toArray(Long[]::new))
                .addValue(statuses.toArray(String[]::new))
                .addValue(platform.toArray(String[]::new))
                .addValue(times.toArray(OffsetDateTime[]::new))
                .addValue(numbers.toArray(String[]::new)))
        .invoke(
            rows -> {
              if (rows.rowCount() > 0) {
                metrics
                    .counter(
                        "waybill.connectors.writeback", "kind", Shopify.KIND, "result", "queued")
                    .increment(rows.rowCount());
              }
            })
        .replaceWithVoid();
  }

  private static OffsetDateTime happenedAt(Event e) {
    String at = e.payload().getString("occurredAt");
    try {
      return at == null ? e.createdAt() : OffsetDateTime.parse(at);
    } catch (RuntimeException ex) {
      return e.createdAt();
    }
  }

  @Scheduled(
      every = "${waybill.connectors.write-back.interval:2s}",
      delayed = "${waybill.connectors.write-back.interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> run() {
    if (!config.enabled() || pod.draining() || runner.stopping()) {
      return Uni.createFrom().voidItem();
    }
    return runner
        .coalesced(this::cycle)
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.errorf(e, "Shopify write-back cycle failed; retried next cycle");
              return null;
            });
  }

  /** Sends due write-backs until a claim comes back short. */
  public Uni<Void> cycle() {
    return runner.whileMore(
        () ->
            writeBacks
                .claim(Shopify.KIND)
                .chain(
                    batch ->
                        batch.isEmpty()
                            ? Uni.createFrom().item(false)
                            : Multi.createFrom()
                                .iterable(batch)
                                .onItem()
                                .transformToUni(this::send)
                                .merge(4)
                                .collect()
                                .last()
                                .replaceWith(
                                    batch.size() >= config.batchSize() && !pod.draining())));
  }

  private Uni<Void> send(Pending p) {
    return connections
        .find(p.storeId(), Shopify.KIND)
        .chain(c -> send(p, c))
        .onFailure()
        .recoverWithUni(
            e -> {
              count("retried");
              return writeBacks.failed(p, e.getMessage(), null);
            });
  }

  private Uni<Void> send(Pending p, Connection c) {
    if (c == null || !c.id().equals(p.connectionId()) || !c.connected() || !c.writeBack()) {
      count("skipped");
      return writeBacks.skipped(p, "write-back is off for this store");
    }
    String token;
    try {
      token = connections.secret(c, Shopify.ACCESS_TOKEN);
    } catch (CredentialVault.Unreadable e) {
      count("dead");
      return writeBacks.dead(p, "the stored access token no longer opens: enter it again");
    }
    if (token == null) {
      count("skipped");
      return writeBacks.skipped(p, "no access token");
    }
    String shop = c.settings().getOrDefault("shopDomain", c.externalKey());
    return estimate(p.shipmentId())
        .chain(
            estimate ->
                client.create(
                    shop,
                    token,
                    new ShopifyWriteBackClient.Event(
                        p.targetId(), p.platformStatus(), p.happenedAt(), estimate)))
        .chain(result -> outcome(p, result));
  }

  private Uni<Void> outcome(Pending p, ShopifyWriteBackClient.Result result) {
    if (result instanceof Sent s) {
      count("sent");
      return writeBacks.sent(p, s.eventId());
    }
    if (result instanceof Retry r) {
      count(p.attempts() >= config.maxAttempts() ? "dead" : "retried");
      Log.warnf(
          "Shopify write-back for store %s: %s (try %d)", p.storeId(), r.error(), p.attempts());
      return writeBacks.failed(p, r.error(), r.after());
    }
    Refused r = (Refused) result;
    count("dead");
    Log.warnf("Shopify refused a write-back for store %s: %s", p.storeId(), r.error());
    return writeBacks.dead(p, r.error());
  }

  private Uni<OffsetDateTime> estimate(UUID shipmentId) {
    return pool.preparedQuery(ESTIMATE)
        .execute(Tuple.of(shipmentId))
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? rows.iterator().next().getOffsetDateTime("estimate")
                    : null);
  }

  private void count(String result) {
    metrics
        .counter("waybill.connectors.writeback", "kind", Shopify.KIND, "result", result)
        .increment();
  }

  void stop(@Observes ShutdownEvent event) {
    // Leases are not owned: whatever is in flight when the wait ends expires on its own.
    runner.drain(Duration.ofSeconds(10), owner -> Uni.createFrom().item(0));
  }
}
