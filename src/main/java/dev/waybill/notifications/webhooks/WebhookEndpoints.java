package dev.waybill.notifications.webhooks;

import dev.waybill.notifications.NotificationsConfig;
import dev.waybill.notifications.OutboxFanout;
import dev.waybill.notifications.webhooks.WebhookRequests.CreateEndpoint;
import dev.waybill.notifications.webhooks.WebhookRequests.UpdateEndpoint;
import dev.waybill.notifications.webhooks.WebhookViews.DeliveryView;
import dev.waybill.notifications.webhooks.WebhookViews.EndpointView;
import dev.waybill.notifications.webhooks.WebhookViews.ReplayView;
import dev.waybill.platform.errors.FieldError;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.OutboundTargets;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A store's webhook endpoints: registration, secrets, replays. */
@ApplicationScoped
public class WebhookEndpoints {

  private static final String COLUMNS =
      "id, url, description, event_types, enabled, disabled_at, disabled_reason,"
          + " consecutive_failures, secret, previous_expires_at, created_at";

  /** How many events one replay queues at most; replay again from the returned cursor. */
  static final int REPLAY_LIMIT = 10_000;

  private final Pool pool;
  private final NotificationsConfig config;

  public WebhookEndpoints(Pool pool, NotificationsConfig config) {
    this.pool = pool;
    this.config = config;
  }

  /**
   * Registers an endpoint and returns it with its secret. Registering the same URL again returns
   * the existing endpoint, so a retried request creates nothing new.
   */
  public Uni<EndpointView> create(UUID storeId, CreateEndpoint r) {
    String url = validUrl("url", r.url());
    String types = types(r.eventTypes());
    return reachable(url)
        .chain(
            () ->
                pool.preparedQuery(
                        """
                            SELECT %s
                            FROM webhook_endpoints
                            WHERE store_id = $1 AND url = $2
                            """
                            .formatted(COLUMNS))
                    .execute(Tuple.of(storeId, url))
                    .chain(
                        existing -> {
                          if (existing.size() > 0) {
                            return Uni.createFrom().item(view(existing.iterator().next(), true));
                          }
                          return pool.preparedQuery(
                                  """
                                      INSERT INTO webhook_endpoints (id, store_id, url,
                                          description, event_types, secret)
                                      VALUES ($1, $2, $3, $4, $5, $6)
                                      RETURNING %s
                                      """
                                      .formatted(COLUMNS))
                              .execute(
                                  Tuple.of(
                                      UUID.randomUUID(),
                                      storeId,
                                      url,
                                      r.description(),
                                      types,
                                      WebhookSigner.newSecret()))
                              .map(rows -> view(rows.iterator().next(), true));
                        }));
  }

  public Uni<List<EndpointView>> list(UUID storeId) {
    return pool.preparedQuery(
            """
                SELECT %s
                FROM webhook_endpoints
                WHERE store_id = $1
                ORDER BY created_at
                """
                .formatted(COLUMNS))
        .execute(Tuple.of(storeId))
        .map(
            rows -> {
              List<EndpointView> out = new ArrayList<>();
              rows.forEach(r -> out.add(view(r, false)));
              return out;
            });
  }

  public Uni<EndpointView> get(UUID storeId, UUID id) {
    return row(storeId, id).map(r -> view(r, false));
  }

  /** Changes an endpoint; enabling a disabled one clears its failure flag. */
  public Uni<EndpointView> update(UUID storeId, UUID id, UpdateEndpoint r) {
    String url = r.url() == null ? null : validUrl("url", r.url());
    String types = r.eventTypes() == null ? null : types(r.eventTypes());
    return (url == null ? Uni.createFrom().voidItem() : reachable(url))
        .chain(() -> row(storeId, id))
        .chain(
            current ->
                pool.preparedQuery(
                        """
                            UPDATE webhook_endpoints
                            SET url = COALESCE($3, url),
                                event_types = COALESCE($4, event_types),
                                description = COALESCE($5, description),
                                enabled = COALESCE($6, enabled),
                                disabled_at = CASE WHEN $6 THEN NULL ELSE disabled_at
                                END,
                                disabled_reason = CASE WHEN $6 THEN NULL ELSE
                                disabled_reason END,
                                consecutive_failures = CASE WHEN $6 THEN 0 ELSE
                                consecutive_failures END, updated_at = now()
                            WHERE id = $1 AND store_id = $2
                            RETURNING %s
                            """
                            .formatted(COLUMNS))
                    .execute(
                        Tuple.from(
                            new Object[] {id, storeId, url, types, r.description(), r.enabled()}))
                    .map(rows -> view(rows.iterator().next(), false)));
  }

  /** Deleting twice is fine: the second time there is nothing left to delete. */
  public Uni<Void> delete(UUID storeId, UUID id) {
    return pool.preparedQuery(
            """
        DELETE FROM webhook_endpoints
        WHERE id = $1 AND store_id = $2
        """)
        .execute(Tuple.of(id, storeId))
        .replaceWithVoid();
  }

  /**
   * A new secret; the old one keeps signing (a second signature) for the overlap, so receivers can
   * switch at their pace. A rotation repeated within a minute is taken for a retry of the same
   * request and returns the secret already issued, so the original secret is never lost to a
   * retried call.
   */
  public Uni<EndpointView> rotate(UUID storeId, UUID id) {
    OffsetDateTime until = now().plus(config.webhooks().rotationOverlap());
    return row(storeId, id)
        .chain(
            current ->
                pool.preparedQuery(
                        """
                            UPDATE webhook_endpoints
                            SET previous_secret = secret, previous_expires_at = $3,
                                secret = $4, rotated_at = now(), updated_at = now()
                            WHERE id = $1 AND store_id = $2 AND (rotated_at IS NULL OR
                                rotated_at < now() - interval '1 minute')
                            RETURNING %s
                            """
                            .formatted(COLUMNS))
                    .execute(Tuple.of(id, storeId, until, WebhookSigner.newSecret()))
                    .chain(
                        rows ->
                            rows.size() > 0
                                ? Uni.createFrom().item(view(rows.iterator().next(), true))
                                : row(storeId, id).map(r -> view(r, true))));
  }

  /** Queues every subscribed event after the cursor again, the delivered ones included. */
  public Uni<ReplayView> replay(UUID storeId, UUID id, long since) {
    return row(storeId, id)
        .chain(
            endpoint ->
                pool.preparedQuery(
                        """
                            INSERT INTO webhook_deliveries (id, endpoint_id, store_id,
                                outbox_id, status)
                            SELECT gen_random_uuid(), $1, o.store_id, o.id, 'PENDING'
                            FROM outbox o
                            WHERE o.store_id = $2 AND o.id > $3 AND strpos($4, ',' ||
                                o.topic || ',') > 0
                            ORDER BY o.id
                            LIMIT $5
                            ON CONFLICT (endpoint_id, outbox_id) DO UPDATE
                            SET status = 'PENDING', attempts = 0, available_at = now(),
                                last_error = NULL, claimed_by = NULL,
                                claimed_until = NULL
                            RETURNING outbox_id
                            """)
                    .execute(
                        Tuple.of(
                            id, storeId, since, endpoint.getString("event_types"), REPLAY_LIMIT))
                    .map(
                        rows -> {
                          Long last = null;
                          for (Row r : rows) {
                            long c = r.getLong("outbox_id");
                            last = last == null || c > last ? c : last;
                          }
                          return new ReplayView(rows.rowCount(), last);
                        }));
  }

  /** The endpoint's latest deliveries, newest first, optionally of one status. */
  public Uni<List<DeliveryView>> deliveries(UUID storeId, UUID id, String status, int limit) {
    return row(storeId, id)
        .chain(
            endpoint ->
                pool.preparedQuery(
                        """
                            SELECT d.id, d.outbox_id, o.topic, d.status, d.attempts,
                                d.last_status, d.last_error, d.created_at,
                                d.delivered_at, d.available_at
                            FROM webhook_deliveries d
                            JOIN outbox o ON o.id = d.outbox_id
                            WHERE d.endpoint_id = $1 AND ($2::varchar IS NULL OR
                                d.status = $2)
                            ORDER BY d.outbox_id DESC
                            LIMIT $3
                            """)
                    .execute(Tuple.of(id, status, limit))
                    .map(
                        rows -> {
                          List<DeliveryView> out = new ArrayList<>();
                          for (Row r : rows) {
                            String s = r.getString("status");
                            out.add(
                                new DeliveryView(
                                    r.getUUID("id"),
                                    r.getLong("outbox_id"),
                                    r.getString("topic"),
                                    s,
                                    r.getInteger("attempts"),
                                    r.getInteger("last_status"),
                                    r.getString("last_error"),
                                    r.getOffsetDateTime("created_at"),
                                    r.getOffsetDateTime("delivered_at"),
                                    s.equals("PENDING")
                                        ? r.getOffsetDateTime("available_at")
                                        : null));
                          }
                          return out;
                        }));
  }

  private Uni<Row> row(UUID storeId, UUID id) {
    return pool.preparedQuery(
            """
                SELECT %s
                FROM webhook_endpoints
                WHERE id = $1 AND store_id = $2
                """
                .formatted(COLUMNS))
        .execute(Tuple.of(id, storeId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new Problems.NotFound("No webhook endpoint " + id);
              }
              return rows.iterator().next();
            });
  }

  /** Refuses a URL whose host is, or resolves to, an address inside the network. */
  Uni<Void> reachable(String url) {
    if (config.webhooks().allowPrivateTargets()) {
      return Uni.createFrom().voidItem();
    }
    return OutboundTargets.requirePublic(URI.create(url).getHost())
        .onFailure(OutboundTargets.Refused.class)
        .transform(
            e -> new Problems.Invalid("url", "must point at a public address: " + e.getMessage()));
  }

  /** HTTPS only, except plain HTTP to this machine when the configuration allows it. */
  String validUrl(String field, String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new Problems.Invalid(field, "must be an absolute https URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw new Problems.Invalid(field, "must be an absolute https URL");
    }
    if (scheme.equals("https")) {
      return uri.toString();
    }
    boolean local = host.equals("localhost") || host.equals("127.0.0.1");
    if (scheme.equals("http") && local && config.webhooks().allowInsecureLocalhost()) {
      return uri.toString();
    }
    throw new Problems.Invalid(field, "must be an https URL");
  }

  /** Stored with commas around each type, so a subscription check is one {@code strpos}. */
  static String types(List<String> requested) {
    List<FieldError> errors = new ArrayList<>();
    LinkedHashSet<String> types = new LinkedHashSet<>();
    for (int i = 0; i < requested.size(); i++) {
      String t = requested.get(i) == null ? "" : requested.get(i).strip();
      if (!OutboxFanout.TOPICS.contains(t)) {
        errors.add(
            new FieldError(
                "eventTypes[" + i + "]",
                "must be one of " + String.join(", ", OutboxFanout.TOPICS)));
      }
      types.add(t);
    }
    if (!errors.isEmpty()) {
      throw new Problems.Invalid(errors);
    }
    return "," + String.join(",", types) + ",";
  }

  private static EndpointView view(Row r, boolean withSecret) {
    String types = r.getString("event_types");
    List<String> list = Arrays.stream(types.split(",")).filter(s -> !s.isBlank()).toList();
    OffsetDateTime previous = r.getOffsetDateTime("previous_expires_at");
    return new EndpointView(
        r.getUUID("id"),
        r.getString("url"),
        r.getString("description"),
        list,
        r.getBoolean("enabled"),
        r.getOffsetDateTime("disabled_at"),
        r.getString("disabled_reason"),
        r.getInteger("consecutive_failures"),
        withSecret ? r.getString("secret") : null,
        previous != null && previous.isAfter(now()) ? previous : null,
        r.getOffsetDateTime("created_at"));
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
