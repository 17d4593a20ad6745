package dev.waybill.connectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.waybill.connectors.Connection.Backfill;
import dev.waybill.connectors.Connection.BackfillState;
import dev.waybill.connectors.Connection.State;
import dev.waybill.platform.concurrency.GroupCommit;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.invalidation.InvalidationBus;
import dev.waybill.platform.security.CredentialVault;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The connections of stores to their shop platforms: connecting (credentials sealed on the way in),
 * finding the store a webhook belongs to, recording what arrived and how far the import got. Shared
 * by every connector kind.
 */
@ApplicationScoped
public class Connections {

  static final String COLUMNS =
      """
      id, store_id, kind, external_key, settings, credentials, state, write_back, connected_at,
      disconnected_at, disconnect_reason, last_event_at, events_received, last_error,
      last_error_at, backfill_state, backfill_since, backfill_cursor, backfill_imported,
      backfill_started_at, backfill_finished_at, backfill_attempts""";

  private static final String BY_STORE =
      """
      SELECT %s
      FROM store_connections
      WHERE store_id = $1 AND kind = $2"""
          .formatted(COLUMNS);

  private static final String BY_STORE_FOR_UPDATE = BY_STORE + "\nFOR UPDATE";

  private static final String BY_EXTERNAL_KEY =
      """
      SELECT %s
      FROM store_connections
      WHERE kind = $1 AND external_key = $2 AND state <> 'DISCONNECTED'"""
          .formatted(COLUMNS);

  private static final String INSERT =
      """
      INSERT INTO store_connections (id, store_id, kind, external_key, settings, credentials,
        state, write_back, connected_at, backfill_state, backfill_since)
      VALUES ($1, $2, $3, $4, $5, $6, 'CONNECTED', $7, now(), $8, $9)""";

  private static final String UPDATE =
      """
      UPDATE store_connections
      SET external_key = $2, settings = $3, credentials = $4, write_back = $5, state = 'CONNECTED',
        disconnected_at = NULL, disconnect_reason = NULL, updated_at = now(),
        connected_at = CASE WHEN $6 THEN now() ELSE connected_at END,
        backfill_state = CASE WHEN $6 THEN $7 ELSE backfill_state END,
        backfill_since = CASE WHEN $6 THEN $8 ELSE backfill_since END,
        backfill_cursor = CASE WHEN $6 THEN NULL ELSE backfill_cursor END,
        backfill_imported = CASE WHEN $6 THEN 0 ELSE backfill_imported END,
        backfill_started_at = CASE WHEN $6 THEN NULL ELSE backfill_started_at END,
        backfill_finished_at = CASE WHEN $6 THEN NULL ELSE backfill_finished_at END,
        backfill_attempts = CASE WHEN $6 THEN 0 ELSE backfill_attempts END,
        backfill_claimed_until = CASE WHEN $6 THEN NULL ELSE backfill_claimed_until END
      WHERE id = $1""";

  private static final String DISCONNECT =
      """
      UPDATE store_connections
      SET state = $3, disconnected_at = now(), disconnect_reason = $4, updated_at = now(),
        credentials = CASE WHEN $3 = 'DISCONNECTED' THEN '{}' ELSE $5 END,
        backfill_state = CASE WHEN backfill_state IN ('PENDING', 'RUNNING') THEN 'NONE'
          ELSE backfill_state END,
        backfill_claimed_until = NULL
      WHERE store_id = $1 AND kind = $2 AND state <> 'DISCONNECTED'
      RETURNING id""";

  private static final String RECEIVED =
      """
      UPDATE store_connections c
      SET last_event_at = greatest(c.last_event_at, now()),
        events_received = c.events_received + t.n
      FROM unnest($1::uuid[], $2::int[]) AS t(id, n)
      WHERE c.id = t.id""";

  /** Tells every pod that a connection changed, so none verifies or applies with an old copy. */
  static final String CONNECTION_CHANGED = "connection";

  private static final String FAILED =
      """
      UPDATE store_connections SET last_error = $2, last_error_at = now()
      WHERE id = $1""";

  private static final String NEWER =
      """
      INSERT INTO connector_orders (connection_id, external_id, order_number, updated_at)
      VALUES ($1, $2, $3, $4)
      ON CONFLICT (connection_id, external_id) DO UPDATE
      SET updated_at = EXCLUDED.updated_at, order_number = EXCLUDED.order_number,
        applied_at = now()
      WHERE connector_orders.updated_at <= EXCLUDED.updated_at
      RETURNING 1""";

  private static final String CLAIM_BACKFILL =
      """
      UPDATE store_connections c
      SET backfill_state = 'RUNNING', backfill_attempts = backfill_attempts + 1,
        backfill_claimed_until = now() + make_interval(secs => $2),
        backfill_started_at = coalesce(backfill_started_at, now())
      FROM (SELECT id FROM store_connections
        WHERE kind = $1 AND state = 'CONNECTED' AND backfill_state IN ('PENDING', 'RUNNING')
          AND (backfill_claimed_until IS NULL OR backfill_claimed_until < now())
        ORDER BY connected_at LIMIT 1 FOR UPDATE SKIP LOCKED) due
      WHERE c.id = due.id
      RETURNING %s"""
          .formatted(prefixed("c."));

  private static final String BACKFILL_PAGE =
      """
      UPDATE store_connections
      SET backfill_cursor = $2, backfill_imported = backfill_imported + $3,
        backfill_claimed_until = now() + make_interval(secs => $4)
      WHERE id = $1 AND backfill_state = 'RUNNING'""";

  private static final String BACKFILL_END =
      """
      UPDATE store_connections
      SET backfill_state = $2, backfill_finished_at = now(), backfill_claimed_until = NULL,
        last_error = coalesce($3, last_error), last_error_at = CASE WHEN $3 IS NULL
          THEN last_error_at ELSE now() END
      WHERE id = $1 AND backfill_state = 'RUNNING'""";

  private static final String BACKFILL_RETRY =
      """
      UPDATE store_connections
      SET backfill_claimed_until = now() + make_interval(secs => $3), last_error = $2,
        last_error_at = now()
      WHERE id = $1 AND backfill_state = 'RUNNING'""";

  private final Pool pool;
  private final CredentialVault vault;
  private final InvalidationBus bus;

  /**
   * Connections as webhooks find them, by kind and shop (an empty value remembers that none
   * matches) and by store and kind. Every pod drops them when one changes; the short expiry bounds
   * what a lost message leaves behind.
   */
  private final Cache<String, Optional<Connection>> byShop =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(5)).build();

  private final Cache<String, Optional<Connection>> byStore =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(5)).build();

  /**
   * Credentials opened, by their sealed value: a sealed value always opens to the same secret, so
   * nothing needs dropping when a connection changes; the expiry keeps secrets no longer used from
   * staying in memory. Opening one costs more than checking a webhook's signature.
   */
  private final Cache<String, String> opened =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(10)).build();

  /**
   * Applied webhooks counted per connection: a busy shop's counter row is written by one at a time.
   */
  private final GroupCommit<UUID, Boolean> receipts =
      new GroupCommit<>(this::receivedAll, 1_000, 1);

  public Connections(Pool pool, CredentialVault vault, InvalidationBus bus) {
    this.pool = pool;
    this.vault = vault;
    this.bus = bus;
  }

  void listen(@Observes StartupEvent event) {
    bus.on(CONNECTION_CHANGED, x -> forget());
  }

  private void forget() {
    byShop.invalidateAll();
    byStore.invalidateAll();
  }

  private Uni<Void> changed() {
    return bus.publish(CONNECTION_CHANGED, "any");
  }

  /** The context a credential is sealed under: bound to its store, connector and field. */
  public static String context(UUID storeId, String kind, String field) {
    return "store:" + storeId + ":" + kind + ":" + field;
  }

  /** Lower-cases and trims what identifies a shop, so the same shop always reads the same. */
  public static String externalKey(String raw) {
    return raw == null ? null : raw.strip().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
  }

  /** What a connect asks for. */
  public record Connect(
      String externalKey,
      Map<String, String> settings,
      Map<String, String> secrets,
      boolean writeBack,
      OffsetDateTime backfillSince) {}

  /**
   * Connects the store, or updates its connection. Idempotent: the same request again changes
   * nothing. A secret left out (null) keeps the stored one; a new or other shop, or a connection
   * that was disconnected, starts a fresh import from {@code backfillSince} (none when null).
   *
   * @throws Problems.Conflict when another store holds this shop
   */
  public Uni<Connection> connect(UUID storeId, String kind, Connect request) {
    String key = externalKey(request.externalKey());
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(BY_STORE_FOR_UPDATE)
                    .execute(Tuple.of(storeId, kind))
                    .chain(
                        rows -> {
                          Connection existing =
                              rows.iterator().hasNext() ? read(rows.iterator().next()) : null;
                          Map<String, String> sealed = sealAll(storeId, kind, existing, request);
                          return existing == null
                              ? insert(conn, storeId, kind, key, request, sealed)
                              : update(conn, existing, key, request, sealed);
                        }))
        .onFailure(
            e -> e instanceof PgException pg && "store_connections_shop".equals(pg.getConstraint()))
        .transform(
            e ->
                new Problems.Conflict(
                    "shop-connected-elsewhere",
                    "This shop is connected to another store; disconnect it there first"))
        .call(this::changed)
        .chain(() -> find(storeId, kind));
  }

  private Map<String, String> sealAll(
      UUID storeId, String kind, Connection existing, Connect request) {
    Map<String, String> sealed = new LinkedHashMap<>();
    if (existing != null && existing.state() != State.DISCONNECTED) {
      existing
          .sealed()
          .forEach((field, value) -> sealed.put(field, reseal(storeId, kind, field, value)));
    }
    request
        .secrets()
        .forEach(
            (field, secret) -> {
              if (secret != null) {
                sealed.put(field, vault.seal(context(storeId, kind, field), secret));
              }
            });
    return sealed;
  }

  /**
   * Re-sealed under the current key; a value no key opens any more is dropped, to be re-entered.
   */
  private String reseal(UUID storeId, String kind, String field, String value) {
    try {
      return vault.reseal(context(storeId, kind, field), value);
    } catch (CredentialVault.Unreadable e) {
      return value;
    }
  }

  private Uni<Void> insert(
      SqlConnection conn,
      UUID storeId,
      String kind,
      String key,
      Connect request,
      Map<String, String> sealed) {
    return conn.preparedQuery(INSERT)
        .execute(
            Tuple.tuple()
                .addValue(UUID.randomUUID())
                .addValue(storeId)
                .addValue(kind)
                .addValue(key)
                .addValue(json(request.settings()))
                .addValue(json(sealed))
                .addValue(request.writeBack())
                .addValue(backfillState(request).name())
                .addValue(request.backfillSince()))
        .replaceWithVoid();
  }

  private Uni<Void> update(
      SqlConnection conn,
      Connection existing,
      String key,
      Connect request,
      Map<String, String> sealed) {
    boolean fresh = existing.state() != State.CONNECTED || !existing.externalKey().equals(key);
    return conn.preparedQuery(UPDATE)
        .execute(
            Tuple.tuple()
                .addValue(existing.id())
                .addValue(key)
                .addValue(json(request.settings()))
                .addValue(json(sealed))
                .addValue(request.writeBack())
                .addValue(fresh)
                .addValue(backfillState(request).name())
                .addValue(request.backfillSince()))
        .replaceWithVoid();
  }

  private static BackfillState backfillState(Connect request) {
    return request.backfillSince() == null ? BackfillState.NONE : BackfillState.PENDING;
  }

  /** The store's connection of this kind, in any state, or a null item. */
  public Uni<Connection> find(UUID storeId, String kind) {
    return pool.preparedQuery(BY_STORE)
        .execute(Tuple.of(storeId, kind))
        .map(rows -> rows.iterator().hasNext() ? read(rows.iterator().next()) : null);
  }

  /**
   * The connection a shop's webhook belongs to (connected, or uninstalled and still owed its
   * privacy webhooks), or a null item.
   */
  public Uni<Connection> byExternalKey(String kind, String externalKey) {
    String key = externalKey(externalKey);
    String cacheKey = kind + "\n" + key;
    Optional<Connection> known = byShop.getIfPresent(cacheKey);
    if (known != null) {
      return Uni.createFrom().item(known.orElse(null));
    }
    return pool.preparedQuery(BY_EXTERNAL_KEY)
        .execute(Tuple.of(kind, key))
        .map(rows -> rows.iterator().hasNext() ? read(rows.iterator().next()) : null)
        .invoke(c -> byShop.put(cacheKey, Optional.ofNullable(c)));
  }

  /**
   * The store's connection of this kind as read at most a few seconds ago (at once after a change
   * on any pod, unless the message was lost), or a null item; for applying webhooks.
   */
  public Uni<Connection> recent(UUID storeId, String kind) {
    String cacheKey = storeId + "\n" + kind;
    Optional<Connection> known = byStore.getIfPresent(cacheKey);
    if (known != null) {
      return Uni.createFrom().item(known.orElse(null));
    }
    return find(storeId, kind).invoke(c -> byStore.put(cacheKey, Optional.ofNullable(c)));
  }

  /**
   * A credential in the clear, for the moment it is used; never stored, returned or logged.
   *
   * @return null when none is stored
   * @throws CredentialVault.Unreadable when the key that sealed it is gone or it was altered
   */
  public String secret(Connection connection, String field) {
    String sealed = connection.sealed().get(field);
    if (sealed == null) {
      return null;
    }
    String context = connection.context(field);
    // The context is part of the key: the same sealed text is only ever opened where it belongs.
    return opened.get(context + "\n" + sealed, k -> vault.open(context, sealed));
  }

  /**
   * Ends a connection. {@link State#DISCONNECTED} (an admin's doing) wipes its credentials; {@link
   * State#UNINSTALLED} (the platform's) keeps only {@code keep}, the one that verifies the webhooks
   * still owed. Returns whether there was a connection to end.
   */
  public Uni<Boolean> disconnect(
      UUID storeId, String kind, State state, String reason, String keep) {
    return find(storeId, kind)
        .chain(
            existing -> {
              Map<String, String> kept = new LinkedHashMap<>();
              if (existing != null && keep != null && existing.sealed().containsKey(keep)) {
                kept.put(keep, existing.sealed().get(keep));
              }
              return pool.preparedQuery(DISCONNECT)
                  .execute(
                      Tuple.tuple()
                          .addValue(storeId)
                          .addValue(kind)
                          .addValue(state.name())
                          .addValue(reason)
                          .addValue(json(kept)))
                  .map(rows -> rows.rowCount() > 0);
            })
        .call(this::changed);
  }

  /**
   * A webhook of this connection was applied. Webhooks applied at the same time are counted in one
   * statement: the connection's row is the one every webhook of the shop touches.
   */
  public Uni<Void> received(UUID connectionId) {
    return receipts.submit(connectionId).replaceWithVoid();
  }

  private Uni<List<Boolean>> receivedAll(List<UUID> connectionIds) {
    Map<UUID, Integer> counts = new LinkedHashMap<>();
    for (UUID id : connectionIds) {
      counts.merge(id, 1, Integer::sum);
    }
    return pool.preparedQuery(RECEIVED)
        .execute(
            Tuple.of(counts.keySet().toArray(UUID[]::new), counts.values().toArray(Integer[]::new)))
        .map(rows -> Collections.nCopies(connectionIds.size(), Boolean.TRUE));
  }

  /** Something of this connection failed; shown to the store's admin until the next error. */
  public Uni<Void> failed(UUID connectionId, String error) {
    return pool.preparedQuery(FAILED)
        .execute(Tuple.of(connectionId, truncate(error)))
        .replaceWithVoid();
  }

  /**
   * Records that this version of a platform object (an order, a fulfillment) is being applied,
   * unless a newer one already was. True to go ahead (the same version again also goes ahead, so a
   * retried apply completes); false when the version is older than the one applied.
   */
  public Uni<Boolean> newer(
      UUID connectionId, String externalId, String orderNumber, OffsetDateTime updatedAt) {
    return pool.preparedQuery(NEWER)
        .execute(Tuple.of(connectionId, externalId, orderNumber, updatedAt))
        .map(rows -> rows.rowCount() > 0);
  }

  /** The Waybill order number of a platform object applied before, or a null item. */
  public Uni<String> orderNumber(UUID connectionId, String externalId) {
    return pool.preparedQuery(
            """
            SELECT order_number FROM connector_orders
            WHERE connection_id = $1 AND external_id = $2""")
        .execute(Tuple.of(connectionId, externalId))
        .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
  }

  /** Forgets which platform versions were applied (the shop asked for its data to go). */
  public Uni<Integer> forgetOrders(UUID connectionId) {
    return pool.preparedQuery("DELETE FROM connector_orders WHERE connection_id = $1")
        .execute(Tuple.of(connectionId))
        .map(rows -> rows.rowCount());
  }

  /** Leases one connection of this kind whose import is due, or a null item. */
  public Uni<Connection> claimBackfill(String kind, Duration lease) {
    return pool.preparedQuery(CLAIM_BACKFILL)
        .execute(Tuple.of(kind, (double) lease.toSeconds()))
        .map(rows -> rows.iterator().hasNext() ? read(rows.iterator().next()) : null);
  }

  /** A page was imported: the cursor after it is stored, so a restart resumes there. */
  public Uni<Void> backfillPage(UUID id, String cursor, int imported, Duration lease) {
    return pool.preparedQuery(BACKFILL_PAGE)
        .execute(Tuple.of(id, cursor, imported, (double) lease.toSeconds()))
        .replaceWithVoid();
  }

  /** The import ended: done, or failed for good with {@code error}. */
  public Uni<Void> backfillEnded(UUID id, BackfillState state, String error) {
    return pool.preparedQuery(BACKFILL_END)
        .execute(Tuple.tuple().addValue(id).addValue(state.name()).addValue(truncate(error)))
        .replaceWithVoid();
  }

  /** The import stopped on an error and resumes from its cursor after {@code wait}. */
  public Uni<Void> backfillRetry(UUID id, String error, Duration wait) {
    return pool.preparedQuery(BACKFILL_RETRY)
        .execute(Tuple.of(id, truncate(error), (double) wait.toSeconds()))
        .replaceWithVoid();
  }

  static Connection read(Row r) {
    return new Connection(
        r.getUUID("id"),
        r.getUUID("store_id"),
        r.getString("kind"),
        r.getString("external_key"),
        map(r.getString("settings")),
        map(r.getString("credentials")),
        State.valueOf(r.getString("state")),
        r.getBoolean("write_back"),
        r.getOffsetDateTime("connected_at"),
        r.getOffsetDateTime("disconnected_at"),
        r.getString("disconnect_reason"),
        r.getOffsetDateTime("last_event_at"),
        r.getLong("events_received"),
        r.getString("last_error"),
        r.getOffsetDateTime("last_error_at"),
        new Backfill(
            BackfillState.valueOf(r.getString("backfill_state")),
            r.getOffsetDateTime("backfill_since"),
            r.getString("backfill_cursor"),
            r.getInteger("backfill_imported"),
            r.getOffsetDateTime("backfill_started_at"),
            r.getOffsetDateTime("backfill_finished_at"),
            r.getInteger("backfill_attempts")));
  }

  private static String prefixed(String alias) {
    StringBuilder out = new StringBuilder();
    for (String column : COLUMNS.split(",")) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append(alias).append(column.strip());
    }
    return out.toString();
  }

  private static String json(Map<String, String> map) {
    JsonObject o = new JsonObject();
    map.forEach(o::put);
    return o.encode();
  }

  private static Map<String, String> map(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    if (json != null && !json.isBlank()) {
      new JsonObject(json).forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return out;
  }

  private static String truncate(String s) {
    return s == null ? null : s.substring(0, Math.min(s.length(), 1000));
  }
}
