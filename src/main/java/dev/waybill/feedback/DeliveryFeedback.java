package dev.waybill.feedback;

import dev.waybill.orders.Outbox;
import dev.waybill.platform.errors.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * How shoppers rated their deliveries: one rating per parcel, which the shopper can change (the
 * latest wins), recorded only once the parcel is delivered. Each change is announced to the
 * merchant as a {@code delivery.feedback} event, appended to the outbox in the same transaction.
 */
@ApplicationScoped
public class DeliveryFeedback {

  /** The merchant event each new or changed rating sends. */
  public static final String TOPIC = "delivery.feedback";

  /** A parcel of an order, found through the order's link: its store and order number. */
  private static final String PARCEL =
      """
          SELECT s.id, s.order_id, s.status, s.carrier_code, o.order_number,
              f.rating, f.comment, f.source, f.revision, f.created_at, f.updated_at
          FROM shipments s
          JOIN orders o ON o.id = s.order_id
          LEFT JOIN delivery_feedback f ON f.shipment_id = s.id
          WHERE s.id = $1 AND s.store_id = $2 AND o.order_number = $3
          """;

  /** The parcel a signed email link names, with what a tracking link to its order needs. */
  private static final String TARGET =
      """
          SELECT s.store_id, s.status, o.order_number, o.token_version, o.locale
          FROM shipments s
          JOIN orders o ON o.id = s.order_id
          WHERE s.id = $1 AND o.anonymized_at IS NULL
          """;

  /**
   * Upserts the rating; a post that changes nothing (a retry, a second tap on the same star)
   * updates no row, so it announces nothing and keeps the revision.
   */
  private static final String UPSERT =
      """
          INSERT INTO delivery_feedback AS f (shipment_id, store_id, order_id, rating, comment,
              source)
          VALUES ($1, $2, $3, $4, $5, $6)
          ON CONFLICT (shipment_id) DO UPDATE
          SET rating = EXCLUDED.rating,
              comment = CASE WHEN $7 THEN f.comment ELSE EXCLUDED.comment END,
              source = EXCLUDED.source,
              revision = f.revision + 1,
              updated_at = now()
          WHERE (f.rating, f.comment) IS DISTINCT FROM
              (EXCLUDED.rating, CASE WHEN $7 THEN f.comment ELSE EXCLUDED.comment END)
          RETURNING rating, comment, source, revision, created_at, updated_at
          """;

  /** A parcel's rating as it stands. */
  public record Feedback(
      UUID shipmentId,
      int rating,
      String comment,
      FeedbackSource source,
      int revision,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {}

  /** The order a rating link leads to, for its page. */
  public record Target(
      UUID storeId, String orderNumber, int tokenVersion, String locale, boolean delivered) {}

  private final Pool pool;
  private final Outbox outbox;
  private final MeterRegistry metrics;

  public DeliveryFeedback(Pool pool, Outbox outbox, MeterRegistry metrics) {
    this.pool = pool;
    this.outbox = outbox;
    this.metrics = metrics;
  }

  /** The order of the parcel a rating link names, or a null item when there is none. */
  public Uni<Target> target(UUID shipmentId) {
    return pool.preparedQuery(TARGET)
        .execute(Tuple.of(shipmentId))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                return null;
              }
              Row r = rows.iterator().next();
              return new Target(
                  r.getUUID("store_id"),
                  r.getString("order_number"),
                  r.getInteger("token_version"),
                  r.getString("locale"),
                  "DELIVERED".equals(r.getString("status")));
            });
  }

  /**
   * The parcel's rating, or a null item when the shopper has not rated it; 404 when the parcel is
   * not one of this order's.
   */
  public Uni<Feedback> current(UUID storeId, String orderNumber, UUID shipmentId) {
    return pool.preparedQuery(PARCEL)
        .execute(Tuple.of(shipmentId, storeId, orderNumber))
        .map(
            rows -> {
              Row r = parcel(rows);
              return r.getInteger("rating") == null ? null : feedback(shipmentId, r);
            });
  }

  /**
   * Records the shopper's rating of a delivered parcel of this order, replacing any earlier one.
   * {@code comment} null keeps the comment given before; blank removes it.
   *
   * @throws Problems.Invalid naming {@code rating} or {@code comment}
   * @throws Problems.NotFound when the parcel is not one of this order's
   * @throws Problems.Conflict when the parcel is not delivered yet
   */
  public Uni<Feedback> record(
      UUID storeId,
      String orderNumber,
      UUID shipmentId,
      Integer rating,
      String comment,
      FeedbackSource source) {
    int checked = Ratings.check(rating);
    if (comment != null && comment.length() > Ratings.MAX_COMMENT) {
      throw new Problems.Invalid(
          "comment", "must be at most " + Ratings.MAX_COMMENT + " characters");
    }
    boolean keep = comment == null;
    String text = comment == null || comment.isBlank() ? null : comment.strip();
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(PARCEL)
                .execute(Tuple.of(shipmentId, storeId, orderNumber))
                .chain(
                    rows -> {
                      Row parcel = parcel(rows);
                      if (!"DELIVERED".equals(parcel.getString("status"))) {
                        throw new Problems.Conflict(
                            "not-delivered", "The parcel can be rated once it is delivered");
                      }
                      return conn.preparedQuery(UPSERT)
                          .execute(
                              Tuple.from(
                                  new Object[] {
                                    shipmentId,
                                    storeId,
                                    parcel.getUUID("order_id"),
                                    checked,
                                    text,
                                    source.name(),
                                    keep
                                  }))
                          .chain(
                              changed -> {
                                if (!changed.iterator().hasNext()) {
                                  // Nothing changed: the rating as it already stood.
                                  return Uni.createFrom().item(feedback(shipmentId, parcel));
                                }
                                Feedback saved = feedback(shipmentId, changed.iterator().next());
                                return announce(conn, storeId, parcel, saved)
                                    .invoke(() -> count(saved))
                                    .replaceWith(saved);
                              });
                    }));
  }

  private Uni<Void> announce(SqlConnection conn, UUID storeId, Row parcel, Feedback f) {
    JsonObject payload =
        new JsonObject()
            .put("orderId", parcel.getUUID("order_id").toString())
            .put("orderNumber", parcel.getString("order_number"))
            .put("shipmentId", f.shipmentId().toString())
            .put("carrier", parcel.getString("carrier_code"))
            .put("rating", f.rating())
            .put("comment", f.comment())
            .put("source", f.source().name())
            .put("revision", f.revision())
            .put("createdAt", f.createdAt().toString())
            .put("updatedAt", f.updatedAt().toString());
    return outbox.append(conn, storeId, TOPIC, f.shipmentId(), f.revision(), payload.encode());
  }

  private void count(Feedback f) {
    metrics
        .counter(
            "waybill.feedback.recorded",
            "rating",
            Integer.toString(f.rating()),
            "source",
            f.source().name(),
            "change",
            Boolean.toString(f.revision() > 1))
        .increment();
  }

  private static Row parcel(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    if (!rows.iterator().hasNext()) {
      throw new Problems.NotFound("No such parcel in this order");
    }
    return rows.iterator().next();
  }

  private static Feedback feedback(UUID shipmentId, Row r) {
    return new Feedback(
        shipmentId,
        r.getInteger("rating"),
        r.getString("comment"),
        FeedbackSource.valueOf(r.getString("source")),
        r.getInteger("revision"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"));
  }
}
