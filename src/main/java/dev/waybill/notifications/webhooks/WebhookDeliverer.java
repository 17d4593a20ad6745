package dev.waybill.notifications.webhooks;

import dev.waybill.notifications.NotificationMetrics;
import dev.waybill.notifications.NotificationsConfig;
import dev.waybill.platform.queue.Backoff;
import dev.waybill.platform.queue.LeasedQueue;
import dev.waybill.platform.queue.QueueSpec;
import dev.waybill.platform.security.HostResolver;
import dev.waybill.platform.security.OutboundTargets;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers merchant webhooks: claims due deliveries of enabled endpoints ({@code SKIP LOCKED} plus
 * a lease), signs them the Standard Webhooks way and posts them. One endpoint's events go one after
 * the other, in outbox order; endpoints go in parallel. Failures back off exponentially; the last
 * failed attempt (about a day later) marks the delivery dead and disables the endpoint.
 */
@ApplicationScoped
public class WebhookDeliverer {

  private static final String CLAIM =
      """
      UPDATE webhook_deliveries d SET claimed_by = $1,
        claimed_until = now() + make_interval(secs => $2), attempts = d.attempts + 1
      FROM (SELECT wd.id FROM webhook_deliveries wd JOIN webhook_endpoints e ON e.id = wd.endpoint_id
        WHERE wd.status = 'PENDING' AND wd.available_at <= $4
        AND (wd.claimed_until IS NULL OR wd.claimed_until < now()) AND e.enabled
        ORDER BY wd.available_at, wd.outbox_id LIMIT $3 FOR UPDATE OF wd SKIP LOCKED) due
      WHERE d.id = due.id RETURNING d.id, d.endpoint_id, d.outbox_id, d.attempts""";

  private record Claimed(UUID id, UUID endpointId, long outboxId, int attempts) {}

  private record Endpoint(UUID id, String url, List<String> secrets) {}

  private record Event(long id, String topic, String body, OffsetDateTime createdAt) {}

  private final Pool pool;
  private final Clock clock;
  private final LeasedQueue<Claimed> queue;
  private final WebClient client;
  private final NotificationsConfig.Webhooks config;
  private final NotificationsConfig all;
  private final NotificationMetrics metrics;
  private final HostResolver resolver;

  public WebhookDeliverer(
      Pool pool,
      Clock clock,
      Vertx vertx,
      NotificationsConfig config,
      NotificationMetrics metrics,
      HostResolver resolver) {
    this.pool = pool;
    this.resolver = resolver;
    this.clock = clock;
    this.queue =
        new LeasedQueue<>(
            pool,
            clock,
            new QueueSpec(
                "webhook_deliveries",
                "claimed_by",
                "claimed_until",
                "available_at",
                CLAIM,
                config.lease(),
                config.claimSize(),
                Backoff.exponential(config.webhooks().backoff(), config.webhooks().maxBackoff()),
                // A hand-back spends no attempt.
                "attempts = GREATEST(attempts - 1, 0)",
                "status = 'PENDING'"),
            r ->
                new Claimed(
                    r.getUUID("id"),
                    r.getUUID("endpoint_id"),
                    r.getLong("outbox_id"),
                    r.getInteger("attempts")));
    this.config = config.webhooks();
    this.all = config;
    this.metrics = metrics;
    this.client = WebClient.create(vertx, clientOptions());
  }

  /**
   * Each delivery connects to an address (the one checked); SNI and the certificate check still use
   * the URL's host name. Visible for tests.
   */
  static WebClientOptions clientOptions() {
    return new WebClientOptions()
        .setUserAgent("Waybill-Webhooks")
        .setFollowRedirects(false)
        .setMaxPoolSize(32)
        .setForceSni(true)
        .setVerifyHost(true);
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /** Gives back every delivery this owner has claimed and not finished (graceful shutdown). */
  public Uni<Integer> release(String owner) {
    return queue.releaseAll(owner);
  }

  /** Claims and delivers one batch; the number claimed is the result. */
  public Uni<Integer> deliverDue(String owner) {
    return queue
        .claim(owner, l -> Tuple.of(l.owner(), l.seconds(), l.limit(), l.now()))
        .chain(
            found -> {
              List<Claimed> claimed = new ArrayList<>(found);
              if (claimed.isEmpty()) {
                return Uni.createFrom().item(0);
              }
              claimed.sort(Comparator.comparingLong(Claimed::outboxId));
              return load(claimed)
                  .chain(loaded -> deliver(owner, claimed, loaded.endpoints, loaded.events))
                  .replaceWith(claimed.size());
            });
  }

  private record Loaded(Map<UUID, Endpoint> endpoints, Map<Long, Event> events) {}

  private Uni<Loaded> load(List<Claimed> claimed) {
    UUID[] endpointIds = claimed.stream().map(Claimed::endpointId).distinct().toArray(UUID[]::new);
    Long[] outboxIds = claimed.stream().map(Claimed::outboxId).distinct().toArray(Long[]::new);
    return pool.preparedQuery(
            """
                SELECT id, url, secret, previous_secret,
                    previous_expires_at > now() AS overlap
                FROM webhook_endpoints
                WHERE id = ANY($1)
                """)
        .execute(Tuple.of(endpointIds))
        .chain(
            endpointRows ->
                pool.preparedQuery(
                        """
                            SELECT id, topic, sequence, payload, created_at
                            FROM outbox
                            WHERE id = ANY($1)
                            """)
                    .execute(Tuple.of(outboxIds))
                    .map(
                        eventRows -> {
                          Map<UUID, Endpoint> endpoints = new HashMap<>();
                          for (Row r : endpointRows) {
                            List<String> secrets = new ArrayList<>();
                            secrets.add(r.getString("secret"));
                            if (r.getString("previous_secret") != null
                                && Boolean.TRUE.equals(r.getBoolean("overlap"))) {
                              secrets.add(r.getString("previous_secret"));
                            }
                            endpoints.put(
                                r.getUUID("id"),
                                new Endpoint(r.getUUID("id"), r.getString("url"), secrets));
                          }
                          Map<Long, Event> events = new HashMap<>();
                          for (Row r : eventRows) {
                            events.put(r.getLong("id"), event(r));
                          }
                          return new Loaded(endpoints, events);
                        }));
  }

  /**
   * The body receivers get. It is the same for every delivery of an event, replays included; the
   * cursor is what /replay takes.
   */
  static String body(long id, String topic, long sequence, JsonObject payload, OffsetDateTime at) {
    JsonObject data = payload.copy();
    if (!data.containsKey("sequence")) {
      data.put("sequence", sequence);
    }
    return new JsonObject()
        .put("type", topic)
        .put("timestamp", at.withOffsetSameInstant(ZoneOffset.UTC).toString())
        .put("cursor", id)
        .put("data", data)
        .encode();
  }

  private static Event event(Row r) {
    JsonObject payload;
    try {
      payload = new JsonObject(r.getString("payload"));
    } catch (RuntimeException e) {
      payload = new JsonObject();
    }
    long id = r.getLong("id");
    OffsetDateTime at = r.getOffsetDateTime("created_at");
    return new Event(
        id,
        r.getString("topic"),
        body(id, r.getString("topic"), r.getLong("sequence"), payload, at),
        at);
  }

  private Uni<Void> deliver(
      String owner, List<Claimed> claimed, Map<UUID, Endpoint> endpoints, Map<Long, Event> events) {
    Map<UUID, List<Claimed>> byEndpoint = new LinkedHashMap<>();
    for (Claimed c : claimed) {
      byEndpoint.computeIfAbsent(c.endpointId(), k -> new ArrayList<>()).add(c);
    }
    return Multi.createFrom()
        .iterable(byEndpoint.values())
        .onItem()
        .transformToUni(
            group -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (Claimed c : group) {
                chain =
                    chain.chain(
                        () ->
                            Uni.createFrom()
                                .deferred(
                                    () ->
                                        one(
                                            owner,
                                            c,
                                            endpoints.get(c.endpointId()),
                                            events.get(c.outboxId())))
                                .onFailure()
                                .recoverWithItem(
                                    e -> {
                                      Log.warnf(
                                          e, "Webhook delivery %s could not be recorded", c.id());
                                      return null;
                                    }));
              }
              return chain;
            })
        .merge(all.concurrency())
        .collect()
        .asList()
        .replaceWithVoid();
  }

  private Uni<Void> one(String owner, Claimed c, Endpoint endpoint, Event event) {
    if (endpoint == null || event == null) {
      return record(c, owner, "DEAD", null, "the endpoint or the event no longer exists");
    }
    String msgId = "msg_" + event.id();
    long timestamp = clock.instant().getEpochSecond();
    URI uri = URI.create(endpoint.url());
    // Checked again before each delivery, since the name may resolve elsewhere since registration,
    // and the connection goes to the address checked: the client resolving the name again could
    // get another answer (DNS rebinding). The URL keeps the name for the Host header, SNI and the
    // certificate check.
    return OutboundTargets.resolve(resolver, uri.getHost(), config.allowPrivateTargets())
        .chain(
            address ->
                client
                    .requestAbs(
                        HttpMethod.POST,
                        SocketAddress.inetSocketAddress(port(uri), address.getHostAddress()),
                        endpoint.url())
                    .timeout(config.timeout().toMillis())
                    .putHeader("content-type", "application/json")
                    .putHeader("webhook-id", msgId)
                    .putHeader("webhook-timestamp", Long.toString(timestamp))
                    .putHeader(
                        "webhook-signature",
                        WebhookSigner.signature(endpoint.secrets(), msgId, timestamp, event.body()))
                    .sendBuffer(Buffer.buffer(event.body())))
        .map(response -> response.statusCode())
        .onFailure()
        .recoverWithItem(e -> e instanceof OutboundTargets.Refused ? -2 : -1)
        .chain(
            status -> {
              if (status / 100 == 2) {
                metrics.webhook(event.topic(), true, event.createdAt());
                return record(c, owner, "DELIVERED", status, null)
                    .chain(() -> endpointSucceeded(endpoint.id()));
              }
              metrics.webhook(event.topic(), false, null);
              String error =
                  status == -2
                      ? "refused: the endpoint's host resolves to a non-public address"
                      : status < 0
                          ? "no answer (connection failed or timed out)"
                          : "HTTP " + status;
              if (c.attempts() >= config.maxAttempts()) {
                return record(c, owner, "DEAD", status < 0 ? null : status, error)
                    .chain(() -> disable(endpoint.id(), error));
              }
              Duration wait = queue.backoff(c.attempts());
              return queue
                  .retryAfter(
                      c.id(),
                      owner,
                      wait,
                      "last_status = $1, last_error = $2",
                      status < 0 ? null : status,
                      error)
                  .chain(
                      () ->
                          pool.preparedQuery(
                                  """
                                      UPDATE webhook_endpoints
                                      SET consecutive_failures = consecutive_failures +
                                          1
                                      WHERE id = $1
                                      """)
                              .execute(Tuple.of(endpoint.id())))
                  .replaceWithVoid();
            });
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
  }

  /**
   * $3 is cast to the status column's type where it is compared, so Postgres deduces one type for
   * it; otherwise it refuses to prepare the statement and the client prepares it a second time.
   */
  static final String RECORD =
      """
          UPDATE webhook_deliveries
          SET status = $3, last_status = $4, last_error = $5,
              delivered_at = CASE WHEN CAST($3 AS varchar) = 'DELIVERED' THEN now() ELSE
              delivered_at END, claimed_by = NULL, claimed_until = NULL
          WHERE id = $1 AND claimed_by = $2
          """;

  private Uni<Void> record(Claimed c, String owner, String status, Integer http, String error) {
    return pool.preparedQuery(RECORD)
        .execute(Tuple.from(new Object[] {c.id(), owner, status, http, error}))
        .replaceWithVoid();
  }

  private Uni<Void> endpointSucceeded(UUID endpointId) {
    return pool.preparedQuery(
            """
                UPDATE webhook_endpoints
                SET consecutive_failures = 0
                WHERE id = $1 AND consecutive_failures > 0
                """)
        .execute(Tuple.of(endpointId))
        .replaceWithVoid();
  }

  /** An endpoint that failed for about a day is switched off and says why, until re-enabled. */
  private Uni<Void> disable(UUID endpointId, String error) {
    Log.warnf("Disabling webhook endpoint %s: deliveries kept failing (%s)", endpointId, error);
    return pool.preparedQuery(
            """
                UPDATE webhook_endpoints
                SET enabled = false, disabled_at = now(), disabled_reason = $2,
                    updated_at = now()
                WHERE id = $1 AND enabled
                """)
        .execute(
            Tuple.of(
                endpointId,
                "Deliveries failed "
                    + config.maxAttempts()
                    + " times in a row over about a day; last error: "
                    + error
                    + ". Fix the endpoint, then enable it again and replay."))
        .replaceWithVoid();
  }
}
