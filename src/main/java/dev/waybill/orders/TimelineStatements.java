package dev.waybill.orders;

/** The statements of the timeline writer, one per step it takes. */
final class TimelineStatements {

  /** Locks the shipments (in id order, so two writers never deadlock) with their latest event. */
  static final String LOCK_WITH_LATEST =
      """
          SELECT s.id, s.order_id, s.status, s.sequence, s.last_event_at,
              s.delivered_at, s.shipped_at, o.order_number, l.status AS l_status,
              l.exception_reason AS l_reason, l.description AS l_description,
              l.occurred_at AS l_occurred_at
          FROM shipments s
          JOIN orders o ON o.id = s.order_id
          LEFT JOIN LATERAL (SELECT status, exception_reason, description, occurred_at
              FROM tracking_events e WHERE e.shipment_id = s.id ORDER BY occurred_at
              DESC, recorded_at DESC LIMIT 1) l ON true
          WHERE s.id = ANY($1)
          ORDER BY s.id
          FOR UPDATE OF s
          """;

  /**
   * What every report sets on a shipment; the two updates below differ only in polling. A carrier's
   * own link ($16) fills the carrier link only when the store's platform gave none: the store's
   * choice of page wins, as it does when its platform sends one later.
   */
  private static final String REPORTED_STATE =
      """
      status = $2, status_detail = COALESCE($3, status_detail),
          exception_reason = $4, last_event_at = $5, delivered_at = $6, shipped_at = $7,
          carrier_estimated_delivery = COALESCE($8, carrier_estimated_delivery),
          delivery_window_start = COALESCE($9, delivery_window_start),
          delivery_window_end = COALESCE($10, delivery_window_end),
          signed_by = COALESCE($11, signed_by),
          proof_of_delivery_url = COALESCE($12, proof_of_delivery_url),
          service_level = COALESCE(service_level, $13), sequence = $14,
          carrier_link = COALESCE(carrier_link, $16),
      """;

  /** A merchant's report: the poll schedule stays, unless nothing more will come ($15). */
  static final String UPDATE_REPORTED =
      """
      UPDATE shipments
      SET %s
          next_poll_at = CASE WHEN $15 THEN NULL ELSE next_poll_at END,
          updated_at = now()
      WHERE id = $1
      """
          .formatted(REPORTED_STATE);

  /** A carrier's report: it also schedules the next poll and releases the lease. */
  static final String UPDATE_SHIPMENT =
      """
      UPDATE shipments
      SET %s
          next_poll_at = $15, lease_owner = NULL, lease_until = NULL,
          poll_failures = 0, last_polled_at = now(), updated_at = now()
      WHERE id = $1
      """
          .formatted(REPORTED_STATE);

  static final String RESCHEDULE =
      """
          UPDATE shipments
          SET next_poll_at = $2, lease_owner = NULL, lease_until = NULL,
              poll_failures = 0, last_polled_at = now()
          WHERE id = $1
          """;

  static final String INSERT_STATUS_CHANGE =
      """
      INSERT INTO status_changes (id, shipment_id, store_id,
          sequence, from_status, to_status, reason,
          occurred_at, source)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      """;

  static final String INSERT_STATUS_OUTBOX =
      """
      INSERT INTO outbox (store_id, topic, aggregate_id,
          sequence, payload)
      VALUES ($1, 'shipment.status_changed', $2, $3, $4)
      """;

  static final String ORDER_STATUSES =
      """
      SELECT order_id, status
      FROM shipments
      WHERE order_id = ANY($1)
      """;

  static final String BUMP_ORDERS =
      """
      UPDATE orders
      SET status = $2, revision = revision + 1, updated_at = now()
      WHERE id = $1
      RETURNING id, revision
      """;

  private TimelineStatements() {}
}
