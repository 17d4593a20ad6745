package dev.waybill.connectors.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.connectors.Connection;
import dev.waybill.connectors.Connections;
import dev.waybill.platform.security.CredentialVault;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The sweep state of each WooCommerce connection, leased across pods with {@code FOR UPDATE SKIP
 * LOCKED}, and the store's REST API as each connection's credentials open it.
 */
@ApplicationScoped
public class WooSweeps {

  /** A leased sweep: list orders modified after {@code since} up to {@code until}, from a page. */
  public record Lease(UUID connectionId, UUID storeId, OffsetDateTime since, int page, int found) {}

  @Schema(name = "WooCommerceSweep")
  public record SweepView(
      @Schema(description = "Orders modified before this have been checked")
          OffsetDateTime sweptUntil,
      OffsetDateTime lastSweptAt,
      OffsetDateTime nextSweepAt,
      @Schema(description = "Orders the last sweep applied that no webhook had brought")
          int lastFound,
      long totalFound,
      @Schema(
              description =
                  "The site's webhooks to Waybill with their WooCommerce status, e.g."
                      + " \"order.updated: disabled\"; null until the key could read them")
          String webhooks,
      OffsetDateTime webhooksCheckedAt,
      String lastError,
      OffsetDateTime lastErrorAt) {}

  /** Connections of the kind, with a REST key, that have no sweep yet start one. */
  private static final String ENROL =
      """
      INSERT INTO woocommerce_sweeps (connection_id, store_id, swept_until, due_at)
      SELECT c.id, c.store_id, c.connected_at, now()
      FROM store_connections c
      WHERE c.kind = $1
        AND c.state = 'CONNECTED'
        AND c.credentials::jsonb ? 'consumerKey'
      ON CONFLICT (connection_id) DO NOTHING""";

  private static final String CLAIM =
      """
      UPDATE woocommerce_sweeps s
      SET claimed_until = now() + make_interval(secs => $1),
        run_until = coalesce(s.run_until, now())
      FROM (SELECT w.connection_id
        FROM woocommerce_sweeps w
        JOIN store_connections c ON c.id = w.connection_id
        WHERE c.state = 'CONNECTED'
          AND w.due_at <= now()
          AND (w.claimed_until IS NULL OR w.claimed_until < now())
        ORDER BY w.due_at
        LIMIT 1
        FOR UPDATE OF w SKIP LOCKED) due
      WHERE s.connection_id = due.connection_id
      RETURNING s.connection_id, s.store_id, s.swept_until - make_interval(secs => $2) AS since,
        s.next_page, s.run_found""";

  private static final String PROGRESS =
      """
      UPDATE woocommerce_sweeps
      SET next_page = $2, run_found = $3, claimed_until = NULL, due_at = now()
      WHERE connection_id = $1""";

  private static final String FINISHED =
      """
      UPDATE woocommerce_sweeps
      SET swept_until = run_until, run_until = NULL, next_page = 1, run_found = 0,
        last_found = $2, total_found = total_found + $2, last_swept_at = now(),
        due_at = now() + make_interval(secs => $3), claimed_until = NULL, last_error = NULL
      WHERE connection_id = $1""";

  private static final String FAILED =
      """
      UPDATE woocommerce_sweeps
      SET last_error = $2, last_error_at = now(), claimed_until = NULL,
        due_at = now() + make_interval(secs => $3)
      WHERE connection_id = $1""";

  private static final String WEBHOOKS =
      """
      UPDATE woocommerce_sweeps
      SET webhooks = $2, webhooks_checked_at = now()
      WHERE connection_id = $1""";

  private static final String VIEW =
      """
      SELECT w.swept_until, w.last_swept_at, w.due_at, w.last_found, w.total_found, w.webhooks,
        w.webhooks_checked_at, w.last_error, w.last_error_at
      FROM woocommerce_sweeps w
      JOIN store_connections c ON c.id = w.connection_id
      WHERE c.store_id = $1
        AND c.kind = $2""";

  private final Pool pool;
  private final Connections connections;
  private final WooClient client;

  public WooSweeps(Pool pool, Connections connections, Vertx vertx, WooConfig config) {
    this.pool = pool;
    this.connections = connections;
    this.client = new WooClient(vertx, config);
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /** Starts sweeping the connections that have a REST key and no sweep yet. */
  public Uni<Void> enrol() {
    return pool.preparedQuery(ENROL).execute(Tuple.of(Woo.KIND)).replaceWithVoid();
  }

  /** Leases one due sweep, or a null item. */
  public Uni<Lease> claim(Duration lease, Duration overlap) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of((double) lease.toSeconds(), (double) overlap.toSeconds()))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                return null;
              }
              Row r = rows.iterator().next();
              return new Lease(
                  r.getUUID("connection_id"),
                  r.getUUID("store_id"),
                  r.getOffsetDateTime("since"),
                  r.getInteger("next_page"),
                  r.getInteger("run_found"));
            });
  }

  /** Part of the sweep is done: handed back, due again at once, from {@code nextPage}. */
  public Uni<Void> progress(UUID connectionId, int nextPage, int found) {
    return pool.preparedQuery(PROGRESS)
        .execute(Tuple.of(connectionId, nextPage, found))
        .replaceWithVoid();
  }

  public Uni<Void> finished(UUID connectionId, int found, Duration interval) {
    return pool.preparedQuery(FINISHED)
        .execute(Tuple.of(connectionId, found, (double) interval.toSeconds()))
        .replaceWithVoid();
  }

  public Uni<Void> failed(UUID connectionId, String error, Duration wait) {
    return pool.preparedQuery(FAILED)
        .execute(
            Tuple.of(
                connectionId,
                error.substring(0, Math.min(error.length(), 1000)),
                (double) wait.toSeconds()))
        .replaceWithVoid();
  }

  public Uni<Void> webhooks(UUID connectionId, String summary) {
    return pool.preparedQuery(WEBHOOKS)
        .execute(Tuple.of(connectionId, summary.substring(0, Math.min(summary.length(), 500))))
        .replaceWithVoid();
  }

  /** The sweep of the store's WooCommerce connection, or a null item. */
  public Uni<SweepView> view(UUID storeId) {
    return pool.preparedQuery(VIEW)
        .execute(Tuple.of(storeId, Woo.KIND))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                return null;
              }
              Row r = rows.iterator().next();
              return new SweepView(
                  r.getOffsetDateTime("swept_until"),
                  r.getOffsetDateTime("last_swept_at"),
                  r.getOffsetDateTime("due_at"),
                  r.getInteger("last_found"),
                  r.getLong("total_found"),
                  r.getString("webhooks"),
                  r.getOffsetDateTime("webhooks_checked_at"),
                  r.getString("last_error"),
                  r.getOffsetDateTime("last_error_at"));
            });
  }

  /**
   * Where and as whom to call the connection's site; the key is opened only for the call.
   *
   * @throws WooException of kind AUTH when no key is stored or it cannot be opened
   */
  public WooClient.Site site(Connection c) {
    try {
      String key = connections.secret(c, Woo.CONSUMER_KEY);
      String secret = connections.secret(c, Woo.CONSUMER_SECRET);
      return new WooClient.Site(c.externalKey(), key, secret);
    } catch (CredentialVault.Unreadable e) {
      throw new WooException(WooException.Kind.AUTH, "the stored consumer key cannot be opened");
    }
  }

  /** One page of the site's orders modified after {@code since}. */
  public Uni<WooClient.Page> orders(Connection c, OffsetDateTime since, int page) {
    return Uni.createFrom().deferred(() -> client.orders(site(c), since, page));
  }

  /** The site's webhooks. */
  public Uni<java.util.List<JsonNode>> siteWebhooks(Connection c) {
    return Uni.createFrom().deferred(() -> client.webhooks(site(c)));
  }

  /** One order read back from the site, or a null item when it is gone or there is no key. */
  public Uni<JsonNode> fetch(Connection c, long orderId) {
    if (!c.sealed().containsKey(Woo.CONSUMER_KEY)) {
      return Uni.createFrom().nullItem();
    }
    return Uni.createFrom().deferred(() -> client.order(site(c), orderId));
  }
}
