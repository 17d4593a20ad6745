package dev.waybill.support.claims;

import dev.waybill.platform.errors.Problems;
import dev.waybill.support.claims.ClaimViews.ClaimReminder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Reminders to file a claim with the carrier before its claim window closes: opened by support for
 * a lost, damaged or "delivered but not received" parcel, shown on the watchlist when due, and
 * closed once the claim is filed or settled.
 */
@ApplicationScoped
public class ClaimReminders {

  private static final String COLUMNS =
      "m.id, o.order_number, m.shipment_id, m.carrier_code, s.tracking_number, m.status,"
          + " m.reason, (COALESCE(s.shipped_at, s.created_at) AT TIME ZONE 'UTC')::date AS"
          + " shipped_on, m.file_by, m.remind_on, m.claim_reference, m.opened_by, m.created_at,"
          + " m.updated_at, m.filed_at, m.closed_at";

  private static final String FROM =
      " FROM claim_reminders m JOIN shipments s ON s.id = m.shipment_id"
          + " JOIN orders o ON o.id = s.order_id";

  private final Pool pool;
  private final ClaimsConfig config;
  private final MeterRegistry metrics;
  private final Clock clock;

  public ClaimReminders(Pool pool, ClaimsConfig config, MeterRegistry metrics) {
    this.pool = pool;
    this.config = config;
    this.metrics = metrics;
    this.clock = Clock.systemUTC();
  }

  /** An opened reminder, and whether this call created it or found the shipment's live one. */
  public record Opened(ClaimReminder reminder, boolean created) {}

  /** The claim window for a carrier, in days after the ship date. */
  public int windowDays(String carrier) {
    Integer days = config.windowDays().get(carrier.toLowerCase(Locale.ROOT));
    return days == null ? config.defaultWindowDays() : days;
  }

  /**
   * Opens a reminder for the shipment, or answers its live one: a retried or repeated request opens
   * nothing more.
   */
  public Uni<Opened> open(
      UUID storeId, UUID shipmentId, String reason, LocalDate remindOn, String openedBy) {
    return pool.preparedQuery(
            """
                SELECT carrier_code,
                    (COALESCE(shipped_at, created_at) AT TIME ZONE 'UTC')::date AS
                    shipped_on
                FROM shipments
                WHERE store_id = $1 AND id = $2
                """)
        .execute(Tuple.of(storeId, shipmentId))
        .chain(
            rows -> {
              if (!rows.iterator().hasNext()) {
                throw new Problems.NotFound("No shipment " + shipmentId + " in this store");
              }
              Row s = rows.iterator().next();
              String carrier = s.getString("carrier_code");
              LocalDate fileBy = s.getLocalDate("shipped_on").plusDays(windowDays(carrier));
              if (remindOn != null && remindOn.isAfter(fileBy)) {
                throw new Problems.Invalid(
                    "remindOn", "must be on or before the claim deadline, " + fileBy);
              }
              LocalDate today = LocalDate.now(clock);
              LocalDate remind = remindOn;
              if (remind == null) {
                remind = fileBy.minusDays(config.remindDaysBefore());
                remind = remind.isBefore(today) ? today : remind;
              }
              return pool.preparedQuery(
                      """
                          INSERT INTO claim_reminders (id, store_id, shipment_id,
                              carrier_code, status, reason, file_by, remind_on,
                              opened_by)
                          VALUES ($1, $2, $3, $4, 'OPEN', $5, $6, $7, $8)
                          ON CONFLICT (shipment_id)
                          WHERE status <> 'CLOSED' DO NOTHING
                          """)
                  .execute(
                      Tuple.from(
                          new Object[] {
                            UUID.randomUUID(),
                            storeId,
                            shipmentId,
                            carrier,
                            reason == null || reason.isBlank() ? null : reason.trim(),
                            fileBy,
                            remind,
                            openedBy
                          }))
                  .chain(
                      inserted -> {
                        boolean created = inserted.rowCount() == 1;
                        if (created) {
                          metrics
                              .counter("waybill.support.claims.opened", "carrier", carrier)
                              .increment();
                          Log.infof("Claim reminder opened for shipment %s", shipmentId);
                        }
                        return live(storeId, shipmentId).map(r -> new Opened(r, created));
                      });
            });
  }

  private Uni<ClaimReminder> live(UUID storeId, UUID shipmentId) {
    return pool.preparedQuery(
            """
                SELECT %s%s
                WHERE m.store_id = $1 AND m.shipment_id = $2 AND m.status <> 'CLOSED'
                """
                .formatted(COLUMNS, FROM))
        .execute(Tuple.of(storeId, shipmentId))
        .map(rows -> one(rows, "No live claim reminder for shipment " + shipmentId));
  }

  public Uni<ClaimReminder> get(UUID storeId, UUID id) {
    return pool.preparedQuery(
            """
        SELECT %s%s
        WHERE m.store_id = $1 AND m.id = $2
        """
                .formatted(COLUMNS, FROM))
        .execute(Tuple.of(storeId, id))
        .map(rows -> one(rows, "No claim reminder " + id + " in this store"));
  }

  /**
   * The store's reminders, the nearest deadline first.
   *
   * @param dueOnly only open reminders whose remind-on day has come
   */
  public Uni<List<ClaimReminder>> list(
      UUID storeId, ClaimStatus status, boolean dueOnly, int limit) {
    List<Object> args = new ArrayList<>(List.of(storeId));
    StringBuilder sql =
        new StringBuilder(
            """
        SELECT %s%s
        WHERE m.store_id = $1
        """
                .formatted(COLUMNS, FROM));
    if (status != null) {
      args.add(status.name());
      sql.append(" AND m.status = $").append(args.size());
    }
    if (dueOnly) {
      args.add(LocalDate.now(clock));
      sql.append(" AND m.status = 'OPEN' AND m.remind_on <= $").append(args.size());
    }
    args.add(limit);
    sql.append(" ORDER BY m.file_by, m.created_at LIMIT $").append(args.size());
    return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(this::all);
  }

  /** Every reminder of the order's shipments, newest first, for the order's story. */
  public Uni<List<ClaimReminder>> forOrder(UUID storeId, UUID orderId) {
    return pool.preparedQuery(
            """
                SELECT %s%s
                WHERE m.store_id = $1 AND s.order_id = $2
                ORDER BY m.created_at DESC
                """
                .formatted(COLUMNS, FROM))
        .execute(Tuple.of(storeId, orderId))
        .map(this::all);
  }

  /**
   * Records that the claim was filed, or closes the reminder. Repeating the same change changes
   * nothing more; a closed reminder can't be reopened (open a new one instead).
   */
  public Uni<ClaimReminder> update(UUID storeId, UUID id, ClaimStatus to, String claimReference) {
    String ref = claimReference == null || claimReference.isBlank() ? null : claimReference.trim();
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(
                        """
                            SELECT status, claim_reference
                            FROM claim_reminders
                            WHERE store_id = $1 AND id = $2
                            FOR UPDATE
                            """)
                    .execute(Tuple.of(storeId, id))
                    .chain(
                        rows -> {
                          if (!rows.iterator().hasNext()) {
                            throw new Problems.NotFound("No claim reminder " + id);
                          }
                          Row row = rows.iterator().next();
                          ClaimStatus from = ClaimStatus.valueOf(row.getString("status"));
                          String known = row.getString("claim_reference");
                          check(from, to, ref == null ? known : ref);
                          if (from == to && (ref == null || ref.equals(known))) {
                            return Uni.createFrom().voidItem();
                          }
                          return conn.preparedQuery(
                                  """
                                      UPDATE claim_reminders
                                      SET status = $3::varchar,
                                          claim_reference = COALESCE($4::varchar,
                                          claim_reference), updated_at = now(),
                                          filed_at = CASE WHEN $3::varchar = 'FILED'
                                          THEN COALESCE(filed_at, now()) ELSE filed_at
                                          END,
                                          closed_at = CASE WHEN $3::varchar = 'CLOSED'
                                          THEN now() ELSE NULL END
                                      WHERE store_id = $1 AND id = $2
                                      """)
                              .execute(Tuple.of(storeId, id, to.name(), ref))
                              .invoke(
                                  () ->
                                      metrics
                                          .counter(
                                              "waybill.support.claims.status", "status", to.name())
                                          .increment())
                              .replaceWithVoid();
                        }))
        .chain(() -> get(storeId, id));
  }

  private static void check(ClaimStatus from, ClaimStatus to, String reference) {
    if (from == ClaimStatus.CLOSED && to != ClaimStatus.CLOSED) {
      throw new Problems.Conflict(
          "claim-closed", "This reminder is closed; open a new one for the shipment");
    }
    if (from == ClaimStatus.FILED && to == ClaimStatus.OPEN) {
      throw new Problems.Conflict(
          "claim-filed", "This claim is filed already; close the reminder instead");
    }
    if (to == ClaimStatus.FILED && reference == null) {
      throw new Problems.Invalid("claimReference", "is needed to mark the claim filed");
    }
  }

  private ClaimReminder one(RowSet<Row> rows, String missing) {
    if (!rows.iterator().hasNext()) {
      throw new Problems.NotFound(missing);
    }
    return view(rows.iterator().next());
  }

  private List<ClaimReminder> all(RowSet<Row> rows) {
    List<ClaimReminder> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(view(r));
    }
    return out;
  }

  private ClaimReminder view(Row r) {
    ClaimStatus status = ClaimStatus.valueOf(r.getString("status"));
    LocalDate today = LocalDate.now(clock);
    LocalDate fileBy = r.getLocalDate("file_by");
    LocalDate remindOn = r.getLocalDate("remind_on");
    return new ClaimReminder(
        r.getUUID("id"),
        r.getString("order_number"),
        r.getUUID("shipment_id"),
        r.getString("carrier_code"),
        r.getString("tracking_number"),
        status,
        r.getString("reason"),
        r.getLocalDate("shipped_on"),
        fileBy,
        remindOn,
        status == ClaimStatus.OPEN && !remindOn.isAfter(today),
        status == ClaimStatus.OPEN && fileBy.isBefore(today),
        r.getString("claim_reference"),
        r.getString("opened_by"),
        utc(r.getOffsetDateTime("created_at")),
        utc(r.getOffsetDateTime("updated_at")),
        utc(r.getOffsetDateTime("filed_at")),
        utc(r.getOffsetDateTime("closed_at")));
  }

  private static OffsetDateTime utc(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
  }
}
