package dev.waybill.marketing;

import dev.waybill.marketing.KlaviyoAccounts.Account;
import dev.waybill.marketing.KlaviyoClient.Refused;
import dev.waybill.marketing.KlaviyoClient.Retry;
import dev.waybill.marketing.KlaviyoClient.Sent;
import dev.waybill.marketing.KlaviyoQueue.Pending;
import dev.waybill.notifications.Contexts;
import dev.waybill.notifications.MessageContext;
import dev.waybill.notifications.MessageContext.ShipmentData;
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
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Sends shipment milestones to the Klaviyo accounts of the stores that opted in. Each milestone of
 * the outbox (a shipment created, out for delivery, delivered, an exception, a delay) that the
 * store chose is queued once in the outbox fan-out's transaction; any pod then sends it as a
 * Klaviyo event, built from the order as it is then.
 */
@ApplicationScoped
public class KlaviyoEvents implements OutboxSubscriber {

  static final String TOOL = "klaviyo";

  // Driven by the events: a store without an account matches no row and costs one indexed probe
  // per batch.
  private static final String ENQUEUE =
      """
      INSERT INTO klaviyo_events (id, store_id, outbox_id, milestone, shipment_id, order_id,
        status, reason, happened_at, unique_id)
      SELECT gen_random_uuid(), e.store_id, e.outbox_id, e.milestone, e.shipment_id, e.order_id,
        e.status, e.reason, e.happened_at, e.unique_id
      FROM unnest($1::uuid[], $2::int8[], $3::text[], $4::uuid[], $5::uuid[], $6::text[],
          $7::text[], $8::timestamptz[], $9::text[]) AS e(store_id, outbox_id, milestone,
          shipment_id, order_id, status, reason, happened_at, unique_id)
      JOIN klaviyo_accounts a ON a.store_id = e.store_id
        AND position(',' || e.milestone || ',' IN a.milestones) > 0
      ON CONFLICT (store_id, unique_id) DO NOTHING""";

  private final KlaviyoAccounts accounts;
  private final KlaviyoQueue queue;
  private final KlaviyoClient client;
  private final KlaviyoEventBody bodies;
  private final Contexts contexts;
  private final MarketingConfig.Klaviyo config;
  private final PodState pod;
  private final MeterRegistry metrics;
  private final QueueRunner runner = new QueueRunner("Klaviyo events", "kla-");

  public KlaviyoEvents(
      KlaviyoAccounts accounts,
      KlaviyoQueue queue,
      KlaviyoClient client,
      KlaviyoEventBody bodies,
      Contexts contexts,
      MarketingConfig config,
      PodState pod,
      MeterRegistry metrics) {
    this.accounts = accounts;
    this.queue = queue;
    this.client = client;
    this.bodies = bodies;
    this.contexts = contexts;
    this.config = config.klaviyo();
    this.pod = pod;
    this.metrics = metrics;
  }

  @Override
  public Uni<Void> accept(SqlConnection conn, List<Event> events) {
    List<UUID> stores = new ArrayList<>();
    List<Long> outboxIds = new ArrayList<>();
    List<String> milestones = new ArrayList<>();
    List<UUID> shipments = new ArrayList<>();
    List<UUID> orders = new ArrayList<>();
    List<String> statuses = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    List<OffsetDateTime> times = new ArrayList<>();
    List<String> uniqueIds = new ArrayList<>();
    for (Event e : events) {
      Milestone m = Milestone.of(e).orElse(null);
      UUID order = uuid(e.payload().getString("orderId"));
      if (m == null || order == null) {
        continue;
      }
      stores.add(e.storeId());
      outboxIds.add(e.id());
      milestones.add(m.name());
      shipments.add(e.aggregateId());
      orders.add(order);
      statuses.add(m == Milestone.DELAYED ? null : e.payload().getString("status"));
      reasons.add(e.payload().getString("reason"));
      times.add(m == Milestone.DELAYED ? e.createdAt() : happenedAt(e));
      uniqueIds.add(Milestone.uniqueId(m, e));
    }
    if (stores.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return conn.preparedQuery(ENQUEUE)
        .execute(
            Tuple.tuple()
                .addValue(stores.toArray(UUID[]::new))
                .addValue(outboxIds.toArray(Long[]::new))
                .addValue(milestones.toArray(String[]::new))
                .addValue(shipments.toArray(UUID[]::new))
                .addValue(orders.toArray(UUID[]::new))
                .addValue(statuses.toArray(String[]::new))
                .addValue(reasons.toArray(String[]::new))
                .addValue(times.toArray(OffsetDateTime[]::new))
                .addValue(uniqueIds.toArray(String[]::new)))
        .invoke(
            rows -> {
              if (rows.rowCount() > 0) {
                metrics
                    .counter("waybill.marketing.events", "tool", TOOL, "result", "queued")
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

  private static UUID uuid(String s) {
    try {
      return s == null ? null : UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Scheduled(
      every = "${waybill.marketing.klaviyo.interval:2s}",
      delayed = "${waybill.marketing.klaviyo.interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> run() {
    if (!config.enabled() || pod.draining() || runner.stopping()) {
      return Uni.createFrom().voidItem();
    }
    // A failed round is logged by the runner; its leases expire and the events are sent later.
    return runner.coalesced(this::cycle);
  }

  /** Sends due events until a claim comes back short. */
  public Uni<Void> cycle() {
    return runner.whileMore(
        () ->
            queue
                .claim()
                .chain(
                    batch ->
                        batch.isEmpty()
                            ? Uni.createFrom().item(false)
                            : send(batch)
                                .replaceWith(
                                    batch.size() >= config.batchSize() && !pod.draining())));
  }

  /**
   * One batch: its accounts, orders and parcels read in three queries, then sent four at a time.
   */
  private Uni<Void> send(List<Pending> batch) {
    Set<UUID> stores = new LinkedHashSet<>();
    Set<UUID> orders = new LinkedHashSet<>();
    Set<UUID> shipments = new LinkedHashSet<>();
    for (Pending p : batch) {
      stores.add(p.storeId());
      orders.add(p.orderId());
      shipments.add(p.shipmentId());
    }
    return accounts
        .find(stores)
        .chain(
            byStore ->
                contexts
                    .orders(orders)
                    .chain(
                        byOrder ->
                            contexts
                                .shipments(shipments)
                                .chain(
                                    byShipment ->
                                        Multi.createFrom()
                                            .iterable(batch)
                                            .onItem()
                                            .transformToUni(
                                                p -> send(p, byStore, byOrder, byShipment))
                                            .merge(4)
                                            .collect()
                                            .last())))
        .replaceWithVoid();
  }

  private Uni<Void> send(
      Pending p,
      Map<UUID, Account> byStore,
      Map<UUID, MessageContext> byOrder,
      Map<UUID, ShipmentData> byShipment) {
    return Uni.createFrom()
        .deferred(() -> attempt(p, byStore, byOrder, byShipment))
        .onFailure()
        .recoverWithUni(
            e -> {
              count("retried");
              return queue.failed(p, null, String.valueOf(e.getMessage()), null);
            });
  }

  private Uni<Void> attempt(
      Pending p,
      Map<UUID, Account> byStore,
      Map<UUID, MessageContext> byOrder,
      Map<UUID, ShipmentData> byShipment) {
    Account account = byStore.get(p.storeId());
    if (account == null || !account.milestones().contains(p.milestone())) {
      count("skipped");
      return queue.skipped(p, "the store no longer sends this milestone to Klaviyo");
    }
    MessageContext order = byOrder.get(p.orderId());
    if (order == null) {
      count("skipped");
      return queue.skipped(p, "the order is gone");
    }
    JsonObject profile = KlaviyoEventBody.profile(order);
    if (profile == null) {
      count("skipped");
      return queue.skipped(p, "the order has no email and no phone number in E.164 form");
    }
    String key;
    try {
      key = accounts.key(account);
    } catch (CredentialVault.Unreadable e) {
      count("dead");
      return queue.dead(p, null, "the stored private API key no longer opens: enter it again");
    }
    JsonObject body = bodies.body(p, order, byShipment.get(p.shipmentId()), profile);
    return client.create(key, body).chain(result -> outcome(p, result));
  }

  private Uni<Void> outcome(Pending p, KlaviyoClient.Result result) {
    if (result instanceof Sent s) {
      count("sent");
      return queue.sent(p, s.status());
    }
    if (result instanceof Retry r) {
      count(p.attempts() >= config.maxAttempts() ? "dead" : "retried");
      Log.warnf("Klaviyo event for store %s: %s (try %d)", p.storeId(), r.error(), p.attempts());
      Integer status = r.status() == 0 ? null : r.status();
      Uni<Void> failed = queue.failed(p, status, r.error(), r.after());
      return r.status() == 429 && r.after() != null
          ? failed.chain(() -> queue.hold(p.storeId(), r.after()))
          : failed;
    }
    Refused r = (Refused) result;
    count("dead");
    Log.warnf("Klaviyo refused an event for store %s: %s", p.storeId(), r.error());
    return queue.dead(p, r.status(), r.error());
  }

  private void count(String result) {
    metrics.counter("waybill.marketing.events", "tool", TOOL, "result", result).increment();
  }

  void stop(@Observes ShutdownEvent event) {
    // Leases are not owned: whatever is in flight when the wait ends expires on its own.
    runner.drain(Duration.ofSeconds(10), owner -> Uni.createFrom().item(0));
  }
}
