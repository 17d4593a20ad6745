package dev.waybill.privacy;

import dev.waybill.carriers.WebhookInbox;
import dev.waybill.orders.OrderChanges;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Anonymizes the orders delivered longer ago than the retention, a batch per transaction, after
 * deleting idempotency records older than the retention and carrier pushes older than theirs.
 * Batches are leased with {@code FOR UPDATE SKIP LOCKED}, so any number of pods can run this at
 * once without doing the same order twice; an order is done once {@code anonymized_at} is set.
 */
@ApplicationScoped
public class Retention {

  /** Delivered (every parcel), placed and delivered before the cut-off, not yet anonymized. */
  private static final String LEASE =
      """
          SELECT o.id
          FROM orders o
          WHERE o.anonymized_at IS NULL AND o.status = 'DELIVERED' AND o.placed_at <
              now() - make_interval(secs => $1) AND NOT EXISTS (SELECT 1 FROM shipments
              s WHERE s.order_id = o.id AND (s.delivered_at IS NULL OR s.delivered_at >=
              now() - make_interval(secs => $1)))
          ORDER BY o.placed_at
          LIMIT $2
          FOR UPDATE OF o SKIP LOCKED
          """;

  /** Their stored answers repeat shoppers' details, and no retry comes a retention later. */
  private static final String OLD_IDEMPOTENCY =
      """
          DELETE FROM idempotency_keys
          WHERE created_at < now() - make_interval(secs => $1)
          """;

  private final Pool pool;
  private final WebhookInbox inbox;
  private final Anonymizer anonymizer;
  private final OrderChanges changes;
  private final PrivacyConfig config;
  private final MeterRegistry metrics;

  public Retention(
      Pool pool,
      WebhookInbox inbox,
      Anonymizer anonymizer,
      OrderChanges changes,
      PrivacyConfig config,
      MeterRegistry metrics) {
    this.pool = pool;
    this.inbox = inbox;
    this.anonymizer = anonymizer;
    this.changes = changes;
    this.config = config;
    this.metrics = metrics;
  }

  /** Batch after batch until none is left; what was anonymized in all. */
  public Uni<ErasureReport> run() {
    return run(config.retention());
  }

  Uni<ErasureReport> run(Duration retention) {
    int[] idempotency = new int[1];
    return pool.preparedQuery(OLD_IDEMPOTENCY)
        .execute(Tuple.of((double) retention.toSeconds()))
        .invoke(r -> idempotency[0] = r.rowCount())
        .chain(() -> inbox.purge(config.carrierPushRetention()))
        .map(
            pushes ->
                new ErasureReport(
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    idempotency[0],
                    0,
                    0,
                    pushes,
                    java.time.OffsetDateTime.now()))
        .chain(start -> drain(retention, start));
  }

  private Uni<ErasureReport> drain(Duration retention, ErasureReport soFar) {
    return batch(retention)
        .chain(
            result -> {
              ErasureReport total =
                  soFar.plus(
                      new ErasureReport(
                          result.report().orders(),
                          result.report().shipments(),
                          result.report().trackingEvents(),
                          result.report().notifications(),
                          result.report().supportCases(),
                          result.report().supportNotes(),
                          result.report().deliveryHistory(),
                          0,
                          result.changes().size(),
                          result.report().shipmentNotes(),
                          result.report().carrierPushes(),
                          soFar.erasedAt()));
              if (result.report().orders() > 0) {
                metrics
                    .counter("waybill.privacy.anonymized", "kind", "order")
                    .increment(result.report().orders());
              }
              return result.report().orders() >= config.batchSize()
                  ? drain(retention, total)
                  : Uni.createFrom().item(total);
            });
  }

  private Uni<Anonymizer.Result> batch(Duration retention) {
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(LEASE)
                    .execute(Tuple.of((double) retention.toSeconds(), config.batchSize()))
                    .chain(
                        rows -> {
                          List<UUID> ids = new ArrayList<>();
                          for (Row r : rows) {
                            ids.add(r.getUUID("id"));
                          }
                          return anonymizer.orders(conn, ids.toArray(UUID[]::new));
                        }))
        .call(result -> changes.committedAll(result.changes()));
  }
}
