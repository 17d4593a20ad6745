package dev.waybill.orders;

import dev.waybill.orders.OrderChangeListener.Change;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Removes a shopper's personal data from orders, their shipments and tracking events, inside the
 * caller's transaction (privacy erases the other features' tables in the same one). Statuses,
 * dates, carriers, countries and the postal prefix stay, so statistics come out the same.
 */
@ApplicationScoped
public class OrderErasure {

  /**
   * What was anonymized: orders whose lookups must be dropped, their shipments (and tracking
   * numbers, which other features' records about them are found by), events changed.
   */
  public record Erased(
      int orders,
      List<Change> changes,
      List<UUID> shipmentIds,
      List<String> trackingNumbers,
      int events) {}

  /** The routing prefix of a postal code, as {@code Regions} takes it, in SQL. */
  public static String postalPrefix(String code, String country) {
    String p = "upper(regexp_replace(" + code + ", '[\\s-]', '', 'g'))";
    return "CASE WHEN "
        + code
        + " IS NULL THEN NULL WHEN upper("
        + country
        + ") IN ('US', 'CA') THEN left("
        + p
        + ", 3) WHEN upper("
        + country
        + ") = 'GB' THEN COALESCE(NULLIF(substring("
        + p
        + " from '^[A-Z]{1,2}'), ''), left("
        + p
        + ", 2)) ELSE left("
        + p
        + ", 2) END";
  }

  private static final String ORDERS =
      """
          UPDATE orders
          SET customer_name = '', customer_email = '', customer_phone = NULL,
              ship_name = NULL, ship_line1 = NULL, ship_line2 = NULL, ship_city = NULL,
              ship_postal_code = COALESCE(%s, ''), notify_email = false,
              notify_sms = false, anonymized_at = now(),
          """
              .formatted(postalPrefix("ship_postal_code", "ship_country"))
          // Links already sent stop working, and cached lookups are replaced.
          + " token_version = token_version + 1, revision = revision + 1, updated_at = now()"
          + " WHERE id = ANY($1) AND anonymized_at IS NULL"
          + " RETURNING id, store_id, order_number, revision";

  private static final String SHIPMENTS =
      """
          UPDATE shipments
          SET destination_city = NULL, destination_postal_code = %s, signed_by = NULL,
              proof_of_delivery_url = NULL, updated_at = now()
          WHERE order_id = ANY($1)
          RETURNING id, tracking_number
          """
          .formatted(postalPrefix("destination_postal_code", "destination_country"));

  /** Ratings' comments, as the merchant events carrying them still wait in the outbox. */
  private static final String FEEDBACK_EVENTS =
      """
          UPDATE outbox
          SET payload = (payload::jsonb - 'comment')::text
          WHERE topic = 'delivery.feedback' AND aggregate_id = ANY($1)
          """;

  private static final String EVENTS =
      """
          UPDATE tracking_events
          SET raw = NULL, postal_code = %s,
              description = CASE WHEN description ~* 'sign(ed)?\\s*(for)?\\s*by' THEN
              NULL ELSE description END
          WHERE shipment_id = ANY($1)
          """
          .formatted(postalPrefix("postal_code", "country"));

  /** Anonymizes these orders, their shipments and events; orders already anonymized are skipped. */
  public Uni<Erased> anonymize(SqlConnection conn, UUID[] orderIds) {
    Tuple ids = Tuple.of(orderIds);
    List<Change> changes = new ArrayList<>();
    List<UUID> shipments = new ArrayList<>();
    List<String> trackingNumbers = new ArrayList<>();
    return conn.preparedQuery(ORDERS)
        .execute(ids)
        .invoke(
            rows -> {
              for (Row r : rows) {
                changes.add(
                    new Change(
                        r.getUUID("store_id"), r.getString("order_number"), r.getLong("revision")));
              }
            })
        .chain(() -> conn.preparedQuery(SHIPMENTS).execute(ids))
        .invoke(
            rows ->
                rows.forEach(
                    r -> {
                      shipments.add(r.getUUID("id"));
                      if (r.getString("tracking_number") != null) {
                        trackingNumbers.add(r.getString("tracking_number"));
                      }
                    }))
        .chain(
            () ->
                conn.preparedQuery(FEEDBACK_EVENTS)
                    .execute(Tuple.of(shipments.toArray(UUID[]::new))))
        .chain(() -> conn.preparedQuery(EVENTS).execute(Tuple.of(shipments.toArray(UUID[]::new))))
        .map(
            events ->
                new Erased(changes.size(), changes, shipments, trackingNumbers, events.rowCount()));
  }
}
