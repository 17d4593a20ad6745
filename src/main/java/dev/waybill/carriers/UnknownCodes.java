package dev.waybill.carriers;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Carrier status codes missing from a status table, collected so a mapping can be added. */
@ApplicationScoped
public class UnknownCodes {

  /** One unmapped code and how often it was seen. */
  public record UnknownCode(
      String carrier,
      String code,
      long occurrences,
      OffsetDateTime firstSeen,
      OffsetDateTime lastSeen,
      String exampleTrackingNumber) {}

  private final Pool pool;
  private final MeterRegistry metrics;

  public UnknownCodes(Pool pool, MeterRegistry metrics) {
    this.pool = pool;
    this.metrics = metrics;
  }

  public Uni<Void> record(String carrier, String code, String trackingNumber) {
    Log.warnf(
        "Carrier %s sent status code '%s' (tracking number %s) that has no mapping; shown as"
            + " UNKNOWN",
        carrier, code, trackingNumber);
    metrics.counter("waybill.carriers.unknown.codes", "carrier", carrier).increment();
    return pool.preparedQuery(
            """
                INSERT INTO unknown_carrier_codes (carrier_code, code,
                    example_tracking_number)
                VALUES ($1, $2, $3)
                ON CONFLICT (carrier_code, code) DO UPDATE
                SET occurrences = unknown_carrier_codes.occurrences + 1,
                    last_seen = now()
                """)
        .execute(Tuple.of(carrier, truncate(code), trackingNumber))
        .replaceWithVoid();
  }

  /** Records every unmapped code one result carried. */
  public Uni<Void> recordAll(String carrier, String trackingNumber, List<String> codes) {
    Uni<Void> all = Uni.createFrom().voidItem();
    for (String code : codes) {
      all = all.call(() -> record(carrier, code, trackingNumber));
    }
    return all;
  }

  public Uni<List<UnknownCode>> list() {
    return pool.query(
            """
                SELECT carrier_code, code, occurrences, first_seen, last_seen,
                    example_tracking_number
                FROM unknown_carrier_codes
                ORDER BY occurrences DESC
                """)
        .execute()
        .map(
            rows -> {
              List<UnknownCode> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new UnknownCode(
                        r.getString("carrier_code"),
                        r.getString("code"),
                        r.getLong("occurrences"),
                        r.getOffsetDateTime("first_seen"),
                        r.getOffsetDateTime("last_seen"),
                        r.getString("example_tracking_number")));
              }
              return out;
            });
  }

  private static String truncate(String code) {
    return code.length() <= 64 ? code : code.substring(0, 64);
  }
}
