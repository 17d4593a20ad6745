package dev.waybill.privacy;

import dev.waybill.carriers.WebhookInbox;
import dev.waybill.orders.OrderChangeListener;
import dev.waybill.orders.OrderErasure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Removes a shopper's personal data from every feature's tables, inside the caller's transaction:
 * orders' own through {@link OrderErasure}, carrier pushes through {@link WebhookInbox}. What
 * statistics need stays: statuses, dates, carriers, services, countries, regions and the postal
 * prefix that promises and analytics group by (see insights/promises/Regions), so rollups computed
 * again afterwards come out the same.
 */
@ApplicationScoped
class Anonymizer {

  private final OrderErasure erasure;
  private final WebhookInbox inbox;

  Anonymizer(OrderErasure erasure, WebhookInbox inbox) {
    this.erasure = erasure;
    this.inbox = inbox;
  }

  private static final String HISTORY =
      """
          UPDATE delivery_history
          SET destination_postal_code = %s
          WHERE row_key = ANY($1)
          """
          .formatted(OrderErasure.postalPrefix("destination_postal_code", "destination_country"));

  private static final String NOTIFICATIONS_OF_ORDERS =
      """
          UPDATE notifications
          SET recipient = NULL, subject = NULL, last_error = NULL, content = NULL,
              status = CASE WHEN status = 'PENDING' THEN 'SKIPPED' ELSE status END,
              reason = CASE WHEN status = 'PENDING' THEN 'ERASED' ELSE reason END
          WHERE order_id = ANY($1)
          """;

  private static final String NOTIFICATIONS_TO =
      """
          UPDATE notifications
          SET recipient = NULL, subject = NULL, last_error = NULL, content = NULL,
              status = CASE WHEN status = 'PENDING' THEN 'SKIPPED' ELSE status END,
              reason = CASE WHEN status = 'PENDING' THEN 'ERASED' ELSE reason END
          WHERE store_id = $1 AND recipient IS NOT NULL AND (($2::text <> '' AND
              lower(recipient) = $2) OR ($3::text <> '' AND regexp_replace(recipient,
              '[^0-9+]', '', 'g') = $3))
          """;

  /** The order as the shopper saw it: keeps statuses, drops the link and the address. */
  private static final String CASES_SET =
      """
          UPDATE support_cases
          SET contact_email = NULL, contact_phone = NULL, message = '',
              context = CASE WHEN context ~ '^\\s*\\{' THEN ((((context::jsonb #-
              '{destination,city}'::text[]) #- '{destination,postalCode}'::text[]) -
              'token'::text) - 'trackingUrl'::text)::text ELSE '{}' END,
              anonymized_at = now(), updated_at = now()
          """;

  private static final String CASES_OF_ORDERS =
      CASES_SET + " WHERE order_id = ANY($1) AND anonymized_at IS NULL RETURNING id";

  private static final String CASES_OF_CONTACT =
      CASES_SET
          + " WHERE store_id = $1 AND anonymized_at IS NULL AND (($2::text <> '' AND"
          + " lower(contact_email) = $2) OR ($3::text <> '' AND regexp_replace(contact_phone,"
          + " '[^0-9+]', '', 'g') = $3)) RETURNING id";

  private static final String NOTES =
      """
          UPDATE support_case_notes
          SET body = ''
          WHERE case_id = ANY($1) AND body <> ''
          """;

  /** Support's notes about the parcels, which can quote the shopper (a door code, a neighbour). */
  private static final String SHIPMENT_NOTES =
      """
          UPDATE shipment_notes
          SET body = ''
          WHERE shipment_id = ANY($1) AND body <> ''
          """;

  /** The shopper's words about a delivery; the rating stays for satisfaction statistics. */
  private static final String FEEDBACK_COMMENTS =
      """
          UPDATE delivery_feedback
          SET comment = NULL, updated_at = now()
          WHERE order_id = ANY($1) AND comment IS NOT NULL
          """;

  /** What one pass changed, and the orders whose cached lookups must go. */
  record Result(ErasureReport report, List<OrderChangeListener.Change> changes) {}

  /** Anonymizes these orders and everything recorded about them. */
  Uni<Result> orders(SqlConnection conn, UUID[] orderIds) {
    if (orderIds.length == 0) {
      return Uni.createFrom().item(new Result(ErasureReport.empty(), List.of()));
    }
    Tuple ids = Tuple.of(orderIds);
    List<OrderChangeListener.Change> changes = new ArrayList<>();
    List<String> trackingNumbers = new ArrayList<>();
    UUID[][] shipments = {new UUID[0]};
    int[] counts = new int[9];
    return erasure
        .anonymize(conn, orderIds)
        .chain(
            erased -> {
              counts[0] = erased.orders();
              counts[1] = erased.shipmentIds().size();
              counts[2] = erased.events();
              changes.addAll(erased.changes());
              trackingNumbers.addAll(erased.trackingNumbers());
              shipments[0] = erased.shipmentIds().toArray(UUID[]::new);
              List<String> rowKeys = new ArrayList<>();
              for (UUID id : erased.shipmentIds()) {
                rowKeys.add("s:" + id);
              }
              return conn.preparedQuery(HISTORY)
                  .execute(Tuple.of(rowKeys.toArray(String[]::new)))
                  .invoke(r -> counts[6] = r.rowCount());
            })
        .chain(() -> conn.preparedQuery(NOTIFICATIONS_OF_ORDERS).execute(ids))
        .invoke(r -> counts[3] = r.rowCount())
        .chain(() -> conn.preparedQuery(FEEDBACK_COMMENTS).execute(ids))
        .chain(() -> conn.preparedQuery(SHIPMENT_NOTES).execute(Tuple.of(shipments[0])))
        .invoke(r -> counts[7] = r.rowCount())
        .chain(() -> inbox.erase(conn, trackingNumbers))
        .invoke(n -> counts[8] = n)
        .chain(() -> conn.preparedQuery(CASES_OF_ORDERS).execute(ids))
        .chain(cases -> notes(conn, cases).invoke(n -> counts[5] = n).replaceWith(cases))
        .map(
            cases -> {
              counts[4] = cases.rowCount();
              return new Result(
                  new ErasureReport(
                      counts[0],
                      counts[1],
                      counts[2],
                      counts[3],
                      counts[4],
                      counts[5],
                      counts[6],
                      0,
                      0,
                      counts[7],
                      counts[8],
                      java.time.OffsetDateTime.now()),
                  changes);
            });
  }

  /**
   * Erases a contact address wherever it appears outside the shopper's own orders: support cases
   * opened with it and messages sent to it (a gift, say, or a case about someone else's order).
   */
  Uni<ErasureReport> contact(SqlConnection conn, UUID storeId, String email, String phone) {
    Tuple who = Tuple.of(storeId, email == null ? "" : email, phone == null ? "" : phone);
    int[] counts = new int[3];
    return conn.preparedQuery(NOTIFICATIONS_TO)
        .execute(who)
        .invoke(r -> counts[0] = r.rowCount())
        .chain(() -> conn.preparedQuery(CASES_OF_CONTACT).execute(who))
        .chain(
            cases -> {
              counts[1] = cases.rowCount();
              return notes(conn, cases);
            })
        .map(
            notes ->
                new ErasureReport(
                    0,
                    0,
                    0,
                    counts[0],
                    counts[1],
                    notes,
                    0,
                    0,
                    0,
                    0,
                    0,
                    java.time.OffsetDateTime.now()));
  }

  private static Uni<Integer> notes(SqlConnection conn, RowSet<Row> cases) {
    List<UUID> ids = new ArrayList<>();
    for (Row r : cases) {
      ids.add(r.getUUID("id"));
    }
    if (ids.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return conn.preparedQuery(NOTES)
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(RowSet::rowCount);
  }
}
