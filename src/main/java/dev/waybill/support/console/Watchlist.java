package dev.waybill.support.console;

import dev.waybill.carriers.CarrierDirectory;
import dev.waybill.carriers.CarrierInfo;
import dev.waybill.platform.errors.Problems;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Shipments support should look at before the shopper asks, and escalations it must act on: a
 * carrier claim whose reminder is due, a "delivered but not received" case, a parcel returned to
 * the sender, held up by a problem, past the date promised, or silent for too long. Most urgent
 * first; one entry per shipment, for its most urgent reason.
 *
 * <p>An agent can mark an entry resolved. That holds for the shipment's status as the agent saw it:
 * the next status change puts the shipment back on the list if it still needs watching.
 */
@ApplicationScoped
public class Watchlist {

  /** Why a shipment is on the list, most urgent first. */
  public enum Why {
    /** An open carrier claim reminder whose remind-on day has come. */
    CLAIM_DUE,
    /** An unresolved "delivered but not received" support case. */
    NOT_RECEIVED,
    RETURNED,
    PROBLEM,
    AT_RISK,
    LATE,
    STUCK
  }

  public record WatchItem(
      String orderNumber,
      UUID shipmentId,
      String carrier,
      String carrierName,
      String carrierUrl,
      String trackingNumber,
      TrackingStatus status,
      ExceptionReason reason,
      Why why,
      LocalDate expected,
      OffsetDateTime lastEventAt,
      long sequence,
      String caseReference,
      LocalDate claimFileBy,
      UUID claimId,
      UUID lastMessageId,
      String lastMessage,
      String lastNote) {}

  /** A note support wrote about a shipment. */
  public record ShipmentNote(String author, String body, OffsetDateTime createdAt) {}

  private static final String QUERY =
      """
      WITH candidates AS (
          -- Shipments that look wrong, unless an agent resolved them in their current status.
          SELECT s.id AS shipment_id,
                 CASE WHEN s.status = 'RETURNED_TO_SENDER' THEN 'RETURNED'
                      WHEN s.status IN ('EXCEPTION', 'EXPIRED', 'DELIVERY_ATTEMPTED') THEN 'PROBLEM'
                      WHEN s.at_risk_since IS NOT NULL THEN 'AT_RISK'
                      -- Late against what the shopper was told: the store's date, else the window.
                      WHEN COALESCE(s.promised_delivery, s.estimate_latest,
                                    s.carrier_estimated_delivery) < current_date THEN 'LATE'
                      WHEN COALESCE(s.last_event_at, s.created_at)
                           < now() - make_interval(secs => $2) THEN 'STUCK'
                 END AS why,
                 NULL::varchar AS case_reference, NULL::date AS file_by
            FROM shipments s
            LEFT JOIN watch_resolutions r ON r.shipment_id = s.id AND r.sequence = s.sequence
           WHERE s.store_id = $1 AND r.shipment_id IS NULL
             AND s.status NOT IN ('DELIVERED', 'ORDER_RECEIVED', 'PACKED')
          -- "Delivered but not received": the carrier says delivered, the shopper says not.
          UNION ALL
          SELECT COALESCE(c.shipment_id,
                          (SELECT d.id FROM shipments d WHERE d.order_id = c.order_id
                            ORDER BY d.delivered_at DESC NULLS LAST, d.created_at DESC LIMIT 1)),
                 'NOT_RECEIVED', c.reference, NULL
            FROM support_cases c
           WHERE c.store_id = $1 AND c.type = 'DELIVERED_NOT_RECEIVED'
             AND c.status NOT IN ('RESOLVED', 'CLOSED')
          UNION ALL
          SELECT m.shipment_id, 'CLAIM_DUE', NULL, m.file_by
            FROM claim_reminders m
           WHERE m.store_id = $1 AND m.status = 'OPEN' AND m.remind_on <= current_date),
      ranked AS (
          SELECT DISTINCT ON (shipment_id) shipment_id, why, case_reference, file_by,
                 array_position(ARRAY['CLAIM_DUE', 'NOT_RECEIVED', 'RETURNED', 'PROBLEM',
                                      'AT_RISK', 'LATE', 'STUCK'], why) AS urgency
            FROM candidates
           WHERE why IS NOT NULL AND shipment_id IS NOT NULL
           ORDER BY shipment_id, urgency)
      SELECT w.why, w.case_reference, w.file_by, o.order_number, s.id, s.carrier_code,
             s.tracking_number, s.carrier_link, s.status, s.exception_reason, s.sequence,
             COALESCE(s.promised_delivery, s.estimate_latest, s.carrier_estimated_delivery)
               AS expected,
             COALESCE(s.last_event_at, s.created_at) AS last_seen,
             (SELECT k.id FROM claim_reminders k
               WHERE k.shipment_id = s.id AND k.status <> 'CLOSED') AS claim_id,
             (SELECT n.body FROM shipment_notes n WHERE n.shipment_id = s.id
               ORDER BY n.created_at DESC, n.id LIMIT 1) AS last_note,
             msg.id AS message_id, msg.trigger || ' ' || lower(msg.channel) AS message
        FROM ranked w
        JOIN shipments s ON s.id = w.shipment_id
        JOIN orders o ON o.id = s.order_id
        -- The latest message the shopper got (or should have got) about this parcel or order.
        LEFT JOIN LATERAL (
             SELECT n.id, n.trigger, n.channel FROM notifications n
              WHERE n.order_id = s.order_id AND (n.shipment_id = s.id OR n.shipment_id IS NULL)
                AND n.status IN ('SENT', 'DEAD')
              ORDER BY COALESCE(n.sent_at, n.created_at) DESC, n.id LIMIT 1) msg ON true
       ORDER BY w.urgency, w.file_by NULLS LAST, last_seen
       LIMIT $3
      """;

  private final Pool pool;
  private final CarrierDirectory carriers;

  public Watchlist(Pool pool, CarrierDirectory carriers) {
    this.pool = pool;
    this.carriers = carriers;
  }

  /**
   * @param silentFor how long without a scan makes a moving parcel count as stuck
   */
  public Uni<List<WatchItem>> forStore(UUID storeId, Duration silentFor, int limit) {
    return pool.preparedQuery(QUERY)
        .execute(Tuple.of(storeId, (double) silentFor.toSeconds(), limit))
        .map(
            rows -> {
              List<WatchItem> out = new ArrayList<>();
              for (Row r : rows) {
                String reason = r.getString("exception_reason");
                CarrierInfo carrier = carriers.info(r.getString("carrier_code"));
                String number = r.getString("tracking_number");
                out.add(
                    new WatchItem(
                        r.getString("order_number"),
                        r.getUUID("id"),
                        carrier.code(),
                        carrier.name(),
                        carrier.link(number, r.getString("carrier_link")),
                        number,
                        TrackingStatus.valueOf(r.getString("status")),
                        reason == null ? null : ExceptionReason.valueOf(reason),
                        Why.valueOf(r.getString("why")),
                        r.getLocalDate("expected"),
                        r.getOffsetDateTime("last_seen"),
                        r.getLong("sequence"),
                        r.getString("case_reference"),
                        r.getLocalDate("file_by"),
                        r.getUUID("claim_id"),
                        r.getUUID("message_id"),
                        r.getString("message"),
                        r.getString("last_note")));
              }
              return out;
            });
  }

  /**
   * Takes the shipment off the list while its status stays what the agent saw ({@code sequence}),
   * and notes who did so. Repeating it changes nothing more.
   */
  public Uni<Void> resolve(UUID storeId, UUID shipmentId, long sequence, String agent) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    """
                        INSERT INTO watch_resolutions (shipment_id, store_id, sequence,
                            resolved_by)
                        SELECT id, store_id, $3, $4
                        FROM shipments
                        WHERE id = $1 AND store_id = $2
                        ON CONFLICT (shipment_id) DO UPDATE
                        SET sequence = EXCLUDED.sequence,
                            resolved_by = EXCLUDED.resolved_by, resolved_at = now()
                        WHERE watch_resolutions.sequence <> EXCLUDED.sequence
                        RETURNING shipment_id
                        """)
                .execute(Tuple.of(shipmentId, storeId, sequence, agent))
                .chain(
                    rows -> {
                      if (rows.rowCount() == 0) {
                        // Either resolved already in this status, or not this store's shipment.
                        return exists(storeId, shipmentId);
                      }
                      return conn.preparedQuery(
                              """
                                  INSERT INTO shipment_notes (id, shipment_id, store_id,
                                      author, body, idempotency_key)
                                  VALUES ($1, $2, $3, $4, $5, $6)
                                  ON CONFLICT DO NOTHING
                                  """)
                          .execute(
                              Tuple.from(
                                  new Object[] {
                                    UUID.randomUUID(),
                                    shipmentId,
                                    storeId,
                                    agent,
                                    "Marked resolved on the watchlist",
                                    "resolved-" + sequence
                                  }))
                          .replaceWithVoid();
                    }));
  }

  /** Adds support's note to a shipment; a repeated submission with the same key adds it once. */
  public Uni<Void> note(
      UUID storeId, UUID shipmentId, String author, String body, String idempotencyKey) {
    return pool.preparedQuery(
            """
                INSERT INTO shipment_notes (id, shipment_id, store_id, author, body,
                    idempotency_key)
                SELECT $1, id, store_id, $4, $5, $6
                FROM shipments
                WHERE id = $2 AND store_id = $3
                ON CONFLICT DO NOTHING
                """)
        .execute(
            Tuple.from(
                new Object[] {
                  UUID.randomUUID(), shipmentId, storeId, author, body, idempotencyKey
                }))
        .chain(
            rows ->
                rows.rowCount() == 1 ? Uni.createFrom().voidItem() : exists(storeId, shipmentId));
  }

  /** Each shipment's notes of the order, oldest first. */
  public Uni<Map<UUID, List<ShipmentNote>>> notes(UUID storeId, UUID orderId) {
    return pool.preparedQuery(
            """
                SELECT n.shipment_id, n.author, n.body, n.created_at
                FROM shipment_notes n
                JOIN shipments s ON s.id = n.shipment_id
                WHERE s.store_id = $1 AND s.order_id = $2
                ORDER BY n.created_at, n.id
                """)
        .execute(Tuple.of(storeId, orderId))
        .map(
            rows -> {
              Map<UUID, List<ShipmentNote>> out = new HashMap<>();
              for (Row r : rows) {
                out.computeIfAbsent(r.getUUID("shipment_id"), k -> new ArrayList<>())
                    .add(
                        new ShipmentNote(
                            r.getString("author"),
                            r.getString("body"),
                            r.getOffsetDateTime("created_at")
                                .withOffsetSameInstant(ZoneOffset.UTC)));
              }
              return out;
            });
  }

  private Uni<Void> exists(UUID storeId, UUID shipmentId) {
    return pool.preparedQuery(
            """
        SELECT 1
        FROM shipments
        WHERE id = $1 AND store_id = $2
        """)
        .execute(Tuple.of(shipmentId, storeId))
        .invoke(
            rows -> {
              if (rows.rowCount() == 0) {
                throw new Problems.NotFound("No such shipment in this store");
              }
            })
        .replaceWithVoid();
  }
}
