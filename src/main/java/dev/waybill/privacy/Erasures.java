package dev.waybill.privacy;

import dev.waybill.orders.OrderChanges;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.KeyHashing;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Erases one shopper's personal data from a store on request (GDPR article 17), across orders,
 * shipments, scans, carrier pushes not yet applied, messages, support cases and notes, and stored
 * answers, in one transaction. Naturally idempotent: a repeated request finds nothing left and
 * reports zeros.
 */
@ApplicationScoped
public class Erasures {

  private static final String FIND_ORDERS =
      """
          SELECT id
          FROM orders
          WHERE store_id = $1 AND anonymized_at IS NULL AND (($2::text <> '' AND
              lower(customer_email) = $2) OR ($3::text <> '' AND
              regexp_replace(customer_phone, '[^0-9+]', '', 'g') = $3))
          FOR UPDATE
          """;

  /** Stored answers to retried order requests repeat the customer's details. */
  private static final String IDEMPOTENCY =
      """
          DELETE FROM idempotency_keys
          WHERE store_id = $1 AND (($2::text <> '' AND strpos(lower(response_body), $2)
              > 0) OR ($3::text <> '' AND strpos(regexp_replace(response_body, '[
              ()./-]', '', 'g'), $3) > 0))
          """;

  /**
   * A shopper's sign-ins and sessions (see docs/pages.md): both go, so a session already open sees
   * nothing more and an emailed link or code stops working.
   */
  private static final String SHOPPER_ACCESS =
      """
          WITH codes AS (
              DELETE FROM shopper_sign_ins WHERE store_id = $1 AND email_hash = $2
          )
          DELETE FROM shopper_sessions WHERE store_id = $1 AND email_hash = $2
          """;

  private final Pool pool;
  private final Anonymizer anonymizer;
  private final OrderChanges changes;
  private final MeterRegistry metrics;

  public Erasures(Pool pool, Anonymizer anonymizer, OrderChanges changes, MeterRegistry metrics) {
    this.pool = pool;
    this.anonymizer = anonymizer;
    this.changes = changes;
    this.metrics = metrics;
  }

  public Uni<ErasureReport> erase(UUID storeId, ErasureRequest request) {
    String email = normalizeEmail(request == null ? null : request.email());
    String phone = normalizePhone(request == null ? null : request.phone());
    if (email.isEmpty() && phone.isEmpty()) {
      throw new Problems.Invalid("email", "give the shopper's email, phone, or both");
    }
    if (request.phone() != null && phone.replace("+", "").length() < 5) {
      throw new Problems.Invalid("phone", "must be a phone number");
    }
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(FIND_ORDERS)
                    .execute(Tuple.of(storeId, email, phone))
                    .chain(
                        rows -> {
                          List<UUID> ids = new ArrayList<>();
                          for (Row r : rows) {
                            ids.add(r.getUUID("id"));
                          }
                          return anonymizer.orders(conn, ids.toArray(UUID[]::new));
                        })
                    .chain(
                        result ->
                            anonymizer
                                .contact(conn, storeId, email, phone)
                                .chain(
                                    contact ->
                                        conn.preparedQuery(SHOPPER_ACCESS)
                                            .execute(Tuple.of(storeId, KeyHashing.sha256Hex(email)))
                                            .chain(
                                                () ->
                                                    conn.preparedQuery(IDEMPOTENCY)
                                                        .execute(Tuple.of(storeId, email, phone)))
                                            .map(
                                                deleted ->
                                                    new Anonymizer.Result(
                                                        result
                                                            .report()
                                                            .plus(contact)
                                                            .plus(idempotency(deleted.rowCount())),
                                                        result.changes())))))
        .call(result -> changes.committedAll(result.changes()))
        .map(
            result -> {
              ErasureReport r = result.report();
              ErasureReport report =
                  new ErasureReport(
                      r.orders(),
                      r.shipments(),
                      r.trackingEvents(),
                      r.notifications(),
                      r.supportCases(),
                      r.supportNotes(),
                      r.deliveryHistory(),
                      r.idempotencyRecords(),
                      result.changes().size(),
                      r.shipmentNotes(),
                      r.carrierPushes(),
                      r.erasedAt());
              metrics.counter("waybill.privacy.erasures").increment();
              // Who asked is the store; whose data it was stays out of the log.
              Log.infof(
                  "Erasure for store %s: %d orders, %d cases, %d messages",
                  storeId, report.orders(), report.supportCases(), report.notifications());
              return report;
            });
  }

  private static ErasureReport idempotency(int count) {
    return new ErasureReport(0, 0, 0, 0, 0, 0, 0, count, 0, 0, 0, java.time.OffsetDateTime.now());
  }

  static String normalizeEmail(String email) {
    return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
  }

  static String normalizePhone(String phone) {
    return phone == null ? "" : phone.replaceAll("[^0-9+]", "");
  }
}
