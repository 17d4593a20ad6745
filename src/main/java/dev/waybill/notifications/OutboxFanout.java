package dev.waybill.notifications;

import dev.waybill.notifications.Preferences.Setting;
import dev.waybill.orders.Outbox;
import dev.waybill.orders.OutboxSubscriber;
import dev.waybill.shipping.TrackingStatus;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns outbox events into work: the messages they call for (one row per shipment, trigger and
 * channel, which the unique constraint keeps to one whatever repeats) and one delivery per
 * subscribed webhook endpoint. Everything for a batch happens in one transaction with the outbox
 * rows locked ({@code SKIP LOCKED}), so pods share the outbox and a crash redoes the whole batch.
 */
@ApplicationScoped
public class OutboxFanout {

  /** Topics merchants can subscribe to; the outbox may carry others in the future. */
  public static final List<String> TOPICS =
      List.of(
          "order.created",
          "shipment.created",
          "shipment.status_changed",
          "shipment.at_risk",
          "support_case.created",
          dev.waybill.feedback.DeliveryFeedback.TOPIC);

  private static final String INSERT_NOTIFICATION =
      """
          INSERT INTO notifications (id, store_id, order_id, shipment_id, subject_id,
              trigger, channel, sequence, outbox_id, status, reason, changed_at,
              scanned_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'PENDING', $10, $11, $12)
          ON CONFLICT (subject_id, trigger, channel) DO NOTHING
          """;

  /**
   * A later milestone makes earlier unsent ones of the same parcel pointless, on every channel: a
   * text held back by quiet hours must not announce "out for delivery" after "delivered".
   */
  private static final String SUPERSEDE =
      """
          UPDATE notifications
          SET status = 'SUPERSEDED', last_error = 'a later update replaced it',
              claimed_by = NULL, claimed_until = NULL
          WHERE shipment_id = $1 AND status = 'PENDING' AND sequence < $2 AND trigger =
              ANY($3)
          """;

  private static final String INSERT_DELIVERY =
      """
          INSERT INTO webhook_deliveries (id, endpoint_id, store_id, outbox_id, status)
          VALUES ($1, $2, $3, $4, 'PENDING')
          ON CONFLICT (endpoint_id, outbox_id) DO NOTHING
          """;

  private static final String[] MILESTONES =
      java.util.Arrays.stream(Trigger.values())
          .filter(Trigger::milestone)
          .map(Enum::name)
          .toArray(String[]::new);

  private final Pool pool;
  private final Preferences preferences;
  private final Outbox outbox;
  private final boolean smsConfigured;
  private final Instance<OutboxSubscriber> subscribers;

  public OutboxFanout(
      Pool pool,
      Preferences preferences,
      Outbox outbox,
      dev.waybill.notifications.sms.SmsSender sms,
      Instance<OutboxSubscriber> subscribers) {
    this.pool = pool;
    this.preferences = preferences;
    this.outbox = outbox;
    this.smsConfigured = sms.configured();
    this.subscribers = subscribers;
  }

  private record Event(
      long id,
      UUID storeId,
      String topic,
      UUID aggregateId,
      long sequence,
      JsonObject payload,
      OffsetDateTime createdAt) {}

  /** Fans out one batch of outbox events; the number of events handled is the result. */
  public Uni<Integer> fanOut(int limit) {
    return pool.withTransaction(
        conn ->
            outbox
                .claim(conn, limit)
                .chain(
                    rows -> {
                      List<Event> events = new ArrayList<>();
                      for (Row r : rows) {
                        events.add(event(r));
                      }
                      if (events.isEmpty()) {
                        return Uni.createFrom().item(0);
                      }
                      return handle(conn, events).replaceWith(events.size());
                    }));
  }

  private Uni<Void> handle(SqlConnection conn, List<Event> events) {
    Set<UUID> orderIds = new LinkedHashSet<>();
    Set<UUID> storeIds = new LinkedHashSet<>();
    for (Event e : events) {
      UUID order = orderId(e);
      if (order != null) {
        orderIds.add(order);
      }
      storeIds.add(e.storeId());
    }
    Uni<Map<UUID, Row>> orders =
        conn.preparedQuery(
                """
                    SELECT id, notify_email, notify_sms, customer_phone
                    FROM orders
                    WHERE id = ANY($1)
                    """)
            .execute(Tuple.of(orderIds.toArray(new UUID[0])))
            .map(
                rows -> {
                  Map<UUID, Row> out = new HashMap<>();
                  rows.forEach(r -> out.put(r.getUUID("id"), r));
                  return out;
                });
    return orders
        .chain(
            byId ->
                preferences
                    .forStores(new ArrayList<>(storeIds))
                    .chain(prefs -> plan(conn, events, byId, prefs)))
        .chain(() -> deliveries(conn, events))
        .chain(() -> subscribers(conn, events))
        .chain(() -> outbox.processed(conn, events.stream().map(Event::id).toList()));
  }

  private Uni<Void> plan(
      SqlConnection conn,
      List<Event> events,
      Map<UUID, Row> orders,
      Map<UUID, Map<Trigger, Setting>> prefs) {
    List<Tuple> planned = new ArrayList<>();
    List<Tuple> supersede = new ArrayList<>();
    for (Event e : events) {
      Trigger trigger = trigger(e);
      if (trigger != null && trigger.milestone() && e.topic().equals("shipment.status_changed")) {
        supersede.add(Tuple.of(e.aggregateId(), e.sequence(), MILESTONES));
      }
      UUID orderId = orderId(e);
      Row order = orderId == null ? null : orders.get(orderId);
      if (trigger == null || order == null) {
        continue;
      }
      Setting setting = prefs.getOrDefault(e.storeId(), Preferences.defaults()).get(trigger);
      UUID shipmentId = e.topic().startsWith("shipment.") ? e.aggregateId() : null;
      List<Channel> channels = new ArrayList<>();
      if (setting.email() && order.getBoolean("notify_email")) {
        channels.add(Channel.EMAIL);
      }
      if (setting.sms()
          && smsConfigured
          && order.getBoolean("notify_sms")
          && order.getString("customer_phone") != null) {
        channels.add(Channel.SMS);
      }
      OffsetDateTime scanned = scannedAt(e);
      for (Channel c : channels) {
        planned.add(
            Tuple.from(
                new Object[] {
                  UUID.randomUUID(),
                  e.storeId(),
                  orderId,
                  shipmentId,
                  subject(e, shipmentId, orderId),
                  trigger.name(),
                  c.name(),
                  e.sequence(),
                  e.id(),
                  e.payload().getString("reason"),
                  e.createdAt(),
                  scanned
                }));
      }
    }
    Uni<Void> insert =
        planned.isEmpty()
            ? Uni.createFrom().voidItem()
            : conn.preparedQuery(INSERT_NOTIFICATION).executeBatch(planned).replaceWithVoid();
    return insert.chain(
        () ->
            supersede.isEmpty()
                ? Uni.createFrom().voidItem()
                : conn.preparedQuery(SUPERSEDE).executeBatch(supersede).replaceWithVoid());
  }

  /** One delivery per subscribed endpoint; most stores have none, which one query tells. */
  private Uni<Void> deliveries(SqlConnection conn, List<Event> events) {
    UUID[] stores = events.stream().map(Event::storeId).distinct().toArray(UUID[]::new);
    return conn.preparedQuery(
            """
                SELECT id, store_id, event_types
                FROM webhook_endpoints
                WHERE store_id = ANY($1)
                """)
        .execute(Tuple.of(stores))
        .chain(
            endpoints -> {
              Map<UUID, List<Row>> byStore = new HashMap<>();
              endpoints.forEach(
                  r ->
                      byStore
                          .computeIfAbsent(r.getUUID("store_id"), k -> new ArrayList<>())
                          .add(r));
              List<Tuple> rows = new ArrayList<>();
              for (Event e : events) {
                if (!TOPICS.contains(e.topic())) {
                  continue;
                }
                for (Row endpoint : byStore.getOrDefault(e.storeId(), List.of())) {
                  if (endpoint.getString("event_types").contains("," + e.topic() + ",")) {
                    rows.add(
                        Tuple.of(UUID.randomUUID(), endpoint.getUUID("id"), e.storeId(), e.id()));
                  }
                }
              }
              return rows.isEmpty()
                  ? Uni.createFrom().voidItem()
                  : conn.preparedQuery(INSERT_DELIVERY).executeBatch(rows).replaceWithVoid();
            });
  }

  /**
   * Other features' work for the same events (a shop platform's write-back), queued in this
   * transaction so it exists exactly once per event.
   */
  private Uni<Void> subscribers(SqlConnection conn, List<Event> events) {
    if (subscribers.isUnsatisfied()) {
      return Uni.createFrom().voidItem();
    }
    List<OutboxSubscriber.Event> handed =
        events.stream()
            .map(
                e ->
                    new OutboxSubscriber.Event(
                        e.id(),
                        e.storeId(),
                        e.topic(),
                        e.aggregateId(),
                        e.sequence(),
                        e.payload(),
                        e.createdAt()))
            .toList();
    Uni<Void> all = Uni.createFrom().voidItem();
    for (OutboxSubscriber s : subscribers) {
      all = all.call(() -> s.accept(conn, handed));
    }
    return all;
  }

  /** The message an event calls for, if any. */
  static Trigger trigger(Event e) {
    return switch (e.topic()) {
      case "order.created" -> Trigger.ORDER_CONFIRMED;
      case "shipment.created" -> Trigger.SHIPPED;
      case "shipment.at_risk" -> Trigger.DELAYED;
      case "shipment.status_changed" -> {
        String status = e.payload().getString("status");
        try {
          yield status == null ? null : Trigger.of(TrackingStatus.valueOf(status)).orElse(null);
        } catch (IllegalArgumentException ex) {
          yield null;
        }
      }
      default -> null;
    };
  }

  /**
   * What "at most one message per trigger and channel" counts: the shipment (or the order), except
   * for delays, which are told once per episode of lateness.
   */
  private static UUID subject(Event e, UUID shipmentId, UUID orderId) {
    UUID subject = shipmentId != null ? shipmentId : orderId;
    if (e.topic().equals("shipment.at_risk")) {
      return UUID.nameUUIDFromBytes(
          (subject + ":delayed:" + e.payload().getInteger("episode", 0))
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return subject;
  }

  private static UUID orderId(Event e) {
    if (e.topic().equals("order.created")) {
      return e.aggregateId();
    }
    String id = e.payload().getString("orderId");
    return id == null ? null : UUID.fromString(id);
  }

  private static OffsetDateTime scannedAt(Event e) {
    String at = e.payload().getString("occurredAt");
    if (at == null || !e.topic().equals("shipment.status_changed")) {
      return null;
    }
    try {
      return OffsetDateTime.parse(at);
    } catch (RuntimeException ex) {
      return null;
    }
  }

  private static Event event(Row r) {
    JsonObject payload;
    try {
      payload = new JsonObject(r.getString("payload"));
    } catch (RuntimeException e) {
      Log.warnf("Outbox event %d has an unreadable payload", r.getLong("id"));
      payload = new JsonObject();
    }
    return new Event(
        r.getLong("id"),
        r.getUUID("store_id"),
        r.getString("topic"),
        r.getUUID("aggregate_id"),
        r.getLong("sequence"),
        payload,
        r.getOffsetDateTime("created_at"));
  }
}
