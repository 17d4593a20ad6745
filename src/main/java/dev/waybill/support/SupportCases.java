package dev.waybill.support;

import dev.waybill.orders.Outbox;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.pagination.KeysetCursor;
import dev.waybill.support.SupportRequests.UpdateCase;
import dev.waybill.support.SupportViews.CaseDetail;
import dev.waybill.support.SupportViews.CasePage;
import dev.waybill.support.SupportViews.CaseSummary;
import dev.waybill.support.SupportViews.Note;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Support cases: opened by shoppers from the tracking page, worked by support through the API. */
@ApplicationScoped
public class SupportCases {

  /** Crockford's alphabet: no I, L, O or U, so a reference read out on the phone is unambiguous. */
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private static final int REFERENCE_ATTEMPTS = 5;

  private static final String COLUMNS =
      "c.reference, o.order_number, c.shipment_id, c.type, c.status, c.message, c.contact_channel,"
          + " c.contact_email, c.contact_phone, c.locale, c.source, c.assignee, c.created_at,"
          + " c.updated_at, c.resolved_at, c.context, c.id";

  private static final String OPEN =
      """
      INSERT INTO support_cases (id, store_id, reference, order_id, shipment_id, type, status,
                                 message, contact_channel, contact_email, contact_phone, locale,
                                 context, source, submission_id)
      SELECT $1, $2, $3, o.id, s.id, $6, 'OPEN', $7, $8, $9, $10, $11, $12, $14, $13
        FROM orders o
        LEFT JOIN shipments s ON s.order_id = o.id AND s.id = $5
       WHERE o.store_id = $2 AND o.order_number = $4
      ON CONFLICT DO NOTHING
      RETURNING id, store_id, reference, order_id, shipment_id, type, created_at
      """;

  private final Pool pool;
  private final Outbox outbox;
  private final SecureRandom random = new SecureRandom();
  private final MeterRegistry metrics;

  public SupportCases(Pool pool, Outbox outbox, MeterRegistry metrics) {
    this.pool = pool;
    this.outbox = outbox;
    this.metrics = metrics;
  }

  /**
   * Opens a case for the shopper, or returns the one this form already opened. Answers the case's
   * reference.
   */
  public Uni<String> open(NewCase request) {
    return open(request, 1);
  }

  private Uni<String> open(NewCase c, int attempt) {
    String reference = reference();
    // One transaction: the case and its merchant event are written together or not at all.
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(OPEN)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              UUID.randomUUID(),
                              c.storeId(),
                              reference,
                              c.orderNumber(),
                              c.shipmentId(),
                              c.type().name(),
                              c.message(),
                              c.channel().name(),
                              c.email(),
                              c.phone(),
                              c.locale(),
                              c.context(),
                              c.submissionId(),
                              c.source()
                            }))
                    .call(rows -> announce(conn, rows, c.orderNumber())))
        .chain(
            rows -> {
              if (rows.iterator().hasNext()) {
                metrics
                    .counter("waybill.support.cases.opened", "type", c.type().name())
                    .increment();
                Log.infof("Support case %s opened for order %s", reference, c.orderNumber());
                return Uni.createFrom().item(rows.iterator().next().getString("reference"));
              }
              return bySubmission(c).chain(existing -> retry(c, attempt, existing));
            });
  }

  /** The merchant's {@code support_case.created} event for a case just opened. */
  private Uni<Void> announce(SqlConnection conn, RowSet<Row> opened, String orderNumber) {
    if (!opened.iterator().hasNext()) {
      return Uni.createFrom().voidItem();
    }
    Row r = opened.iterator().next();
    UUID shipment = r.getUUID("shipment_id");
    JsonObject payload =
        new JsonObject()
            .put("reference", r.getString("reference"))
            .put("orderId", r.getUUID("order_id").toString())
            .put("orderNumber", orderNumber)
            .put("shipmentId", shipment == null ? null : shipment.toString())
            .put("type", r.getString("type"))
            .put("createdAt", r.getOffsetDateTime("created_at").toString());
    return outbox.append(
        conn, r.getUUID("store_id"), "support_case.created", r.getUUID("id"), 0, payload.encode());
  }

  private Uni<String> retry(NewCase c, int attempt, String existing) {
    if (existing != null) {
      return Uni.createFrom().item(existing);
    }
    if (attempt >= REFERENCE_ATTEMPTS) {
      // Either the order vanished since the page was rendered, or references keep colliding.
      throw new Problems.NotFound("No order matches these details");
    }
    return open(c, attempt + 1);
  }

  private Uni<String> bySubmission(NewCase c) {
    return pool.preparedQuery(
            """
                SELECT reference
                FROM support_cases
                WHERE store_id = $1 AND submission_id = $2
                """)
        .execute(Tuple.of(c.storeId(), c.submissionId()))
        .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
  }

  /** Whether this case belongs to this order, for the shopper's confirmation page. */
  public Uni<CaseSummary> forOrder(UUID storeId, String orderNumber, String reference) {
    return pool.preparedQuery(
            """
                SELECT %s
                FROM support_cases c
                JOIN orders o ON o.id = c.order_id
                WHERE c.store_id = $1 AND c.reference = $2 AND o.order_number = $3
                """
                .formatted(COLUMNS))
        .execute(Tuple.of(storeId, reference, orderNumber))
        .map(rows -> rows.iterator().hasNext() ? summary(rows.iterator().next()) : null);
  }

  public Uni<CasePage> list(UUID storeId, CaseFilter filter) {
    List<Object> args = new ArrayList<>();
    args.add(storeId);
    StringBuilder sql =
        new StringBuilder(
            """
                SELECT %s
                FROM support_cases c
                JOIN orders o ON o.id = c.order_id
                WHERE c.store_id = $1
                """
                .formatted(COLUMNS));
    if (filter.status() != null) {
      args.add(filter.status().name());
      sql.append(" AND c.status = $").append(args.size());
    }
    if (filter.type() != null) {
      args.add(filter.type().name());
      sql.append(" AND c.type = $").append(args.size());
    }
    if (filter.orderNumber() != null) {
      args.add(filter.orderNumber());
      sql.append(" AND o.order_number = $").append(args.size());
    }
    KeysetCursor after = KeysetCursor.decode(filter.cursor());
    if (after != null) {
      args.add(after.at());
      args.add(after.id());
      sql.append(" AND (c.created_at, c.id) < ($")
          .append(args.size() - 1)
          .append(", $")
          .append(args.size())
          .append(")");
    }
    args.add(filter.limit() + 1);
    sql.append(" ORDER BY c.created_at DESC, c.id DESC LIMIT $").append(args.size());
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(
            rows -> {
              List<CaseSummary> items = new ArrayList<>();
              String next = null;
              Row last = null;
              for (Row r : rows) {
                if (items.size() == filter.limit()) {
                  next =
                      KeysetCursor.encode(last.getOffsetDateTime("created_at"), last.getUUID("id"));
                  break;
                }
                items.add(summary(r));
                last = r;
              }
              return new CasePage(items, next);
            });
  }

  /** The case with its notes; its order's live tracking is added by the caller. */
  public Uni<CaseDetail> get(UUID storeId, String reference) {
    return pool.preparedQuery(
            """
                SELECT %s
                FROM support_cases c
                JOIN orders o ON o.id = c.order_id
                WHERE c.store_id = $1 AND c.reference = $2
                """
                .formatted(COLUMNS))
        .execute(Tuple.of(storeId, reference))
        .chain(
            rows -> {
              if (!rows.iterator().hasNext()) {
                throw new Problems.NotFound("No support case " + reference + " in this store");
              }
              Row row = rows.iterator().next();
              return notes(pool, row.getUUID("id")).map(notes -> detail(row, notes));
            });
  }

  /**
   * Changes a case's status or assignee and adds a note, in one transaction. A repeated request
   * with the same idempotency key changes nothing more.
   */
  public Uni<CaseDetail> update(
      UUID storeId, String reference, UpdateCase change, String author, String idempotencyKey) {
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(
                        """
                            SELECT id, status
                            FROM support_cases
                            WHERE store_id = $1 AND reference = $2
                            FOR UPDATE
                            """)
                    .execute(Tuple.of(storeId, reference))
                    .chain(rows -> apply(conn, rows, reference, change, author, idempotencyKey)))
        .chain(() -> get(storeId, reference));
  }

  private Uni<Void> apply(
      SqlConnection conn,
      RowSet<Row> rows,
      String reference,
      UpdateCase change,
      String author,
      String idempotencyKey) {
    if (!rows.iterator().hasNext()) {
      throw new Problems.NotFound("No support case " + reference + " in this store");
    }
    Row row = rows.iterator().next();
    UUID id = row.getUUID("id");
    CaseStatus from = CaseStatus.valueOf(row.getString("status"));
    CaseStatus to = change.status() == null ? from : change.status();
    boolean statusChanged = to != from;
    String body =
        change.note() != null
            ? change.note()
            : statusChanged ? "Status changed to " + to.name() : null;
    Uni<Boolean> noted =
        body == null
            ? Uni.createFrom().item(true)
            : conn.preparedQuery(
                    """
                        INSERT INTO support_case_notes (id, case_id, author, body,
                            status_from, status_to, idempotency_key)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        ON CONFLICT (case_id, idempotency_key) DO NOTHING
                        """)
                .execute(
                    Tuple.from(
                        new Object[] {
                          UUID.randomUUID(),
                          id,
                          author,
                          body,
                          statusChanged ? from.name() : null,
                          statusChanged ? to.name() : null,
                          idempotencyKey
                        }))
                .map(r -> r.rowCount() == 1);
    return noted.chain(
        fresh -> {
          if (!fresh) {
            // The same request again: its change was made the first time.
            return Uni.createFrom().voidItem();
          }
          return conn.preparedQuery(
                  """
                      UPDATE support_cases
                      SET status = $2, assignee = COALESCE($3, assignee),
                          updated_at = now(),
                          resolved_at = CASE WHEN $4 THEN COALESCE(resolved_at, now())
                          ELSE NULL END
                      WHERE id = $1
                      """)
              .execute(Tuple.of(id, to.name(), change.assignee(), to.finished()))
              .invoke(
                  () -> {
                    if (statusChanged) {
                      metrics
                          .counter("waybill.support.cases.status", "status", to.name())
                          .increment();
                    }
                  })
              .replaceWithVoid();
        });
  }

  private static Uni<List<Note>> notes(Pool pool, UUID caseId) {
    return pool.preparedQuery(
            """
                SELECT author, body, status_from, status_to, created_at
                FROM support_case_notes
                WHERE case_id = $1
                ORDER BY created_at, id
                """)
        .execute(Tuple.of(caseId))
        .map(
            rows -> {
              List<Note> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Note(
                        r.getString("author"),
                        r.getString("body"),
                        status(r.getString("status_from")),
                        status(r.getString("status_to")),
                        r.getOffsetDateTime("created_at")));
              }
              return out;
            });
  }

  private static CaseStatus status(String s) {
    return s == null ? null : CaseStatus.valueOf(s);
  }

  private static CaseSummary summary(Row r) {
    return new CaseSummary(
        r.getString("reference"),
        r.getString("order_number"),
        r.getUUID("shipment_id"),
        CaseType.valueOf(r.getString("type")),
        CaseStatus.valueOf(r.getString("status")),
        ContactChannel.valueOf(r.getString("contact_channel")),
        r.getString("assignee"),
        utc(r.getOffsetDateTime("created_at")),
        utc(r.getOffsetDateTime("updated_at")));
  }

  private static CaseDetail detail(Row r, List<Note> notes) {
    return new CaseDetail(
        r.getString("reference"),
        r.getString("order_number"),
        r.getUUID("shipment_id"),
        CaseType.valueOf(r.getString("type")),
        CaseStatus.valueOf(r.getString("status")),
        r.getString("message"),
        ContactChannel.valueOf(r.getString("contact_channel")),
        r.getString("contact_email"),
        r.getString("contact_phone"),
        r.getString("locale"),
        r.getString("source"),
        r.getString("assignee"),
        utc(r.getOffsetDateTime("created_at")),
        utc(r.getOffsetDateTime("updated_at")),
        utc(r.getOffsetDateTime("resolved_at")),
        notes,
        r.getString("context"),
        null,
        null);
  }

  private static OffsetDateTime utc(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
  }

  private String reference() {
    char[] out = new char[6];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return "WB-" + new String(out);
  }
}
