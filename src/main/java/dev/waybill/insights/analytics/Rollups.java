package dev.waybill.insights.analytics;

import dev.waybill.shipping.ExceptionReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps {@code analytics_daily} current. Each run finds the (store, day) pairs that rows changed
 * since the watermark belong to and recomputes those days from the source tables, so a run is
 * idempotent and its cost follows what changed, not the size of the history.
 */
@ApplicationScoped
public class Rollups {

  /** The outcome of one run. */
  public record Refresh(boolean ran, int days, long millis) {}

  /** One advisory lock for the job across every pod. */
  private static final long LOCK = 0x5742_414e_4c59_5431L;

  static final String WISMO_TYPES = "('NOT_RECEIVED', 'DELIVERED_NOT_RECEIVED', 'DELAYED')";

  private static final String DAY = "(%s AT TIME ZONE 'UTC')::date";

  private static final String TOUCHED =
      """
          SELECT store_id, day
          FROM ( SELECT s.store_id, %s AS day FROM shipments s WHERE s.updated_at > $1
          """
              .formatted(DAY.formatted("COALESCE(s.shipped_at, s.created_at)"))
          // A new shipment changes which carrier its order counts under.
          + " UNION SELECT o.store_id, "
          + DAY.formatted("o.placed_at")
          + " FROM shipments s JOIN orders o ON o.id = s.order_id WHERE s.updated_at > $1"
          + " UNION SELECT o.store_id, "
          + DAY.formatted("o.placed_at")
          + " FROM orders o WHERE o.updated_at > $1"
          + " UNION SELECT c.store_id, "
          + DAY.formatted("c.created_at")
          + " FROM support_cases c WHERE c.updated_at > $1 AND c.type IN "
          + WISMO_TYPES
          // Parcels that crossed the lost-after age since the last run, without any new scan.
          + " UNION SELECT s.store_id, "
          + DAY.formatted("s.shipped_at")
          + " FROM shipments s WHERE s.status NOT IN ('DELIVERED', 'RETURNED_TO_SENDER',"
          + " 'EXPIRED') AND s.shipped_at > $1 - make_interval(secs => $2)"
          + " AND s.shipped_at <= now() - make_interval(secs => $2)"
          + ") t ORDER BY store_id, day";

  static final String COUNTRY = "upper(COALESCE(%s.destination_country, o.ship_country, ''))";
  static final String REGION =
      "COALESCE(NULLIF(trim(%s.destination_region), ''), NULLIF(trim(o.ship_region), ''), '')";

  private static final String DELETE =
      """
          DELETE FROM analytics_daily
          WHERE store_id = $1 AND day = ANY($2)
          """;

  private static final String SHIPMENTS = shipmentsSql();

  private static final String ORDERS =
      """
          INSERT INTO analytics_daily (store_id, day, carrier, service, country, region,
              orders)
          SELECT $1, day, carrier, service, country, region, count(*)
          FROM ( SELECT %s AS day, COALESCE(f.carrier_code, '') AS carrier,
              COALESCE(f.service_level, '') AS service, %s AS country, %s AS region FROM
              orders o LEFT JOIN LATERAL (SELECT s.carrier_code, s.service_level,
              s.destination_country, s.destination_region FROM shipments s WHERE
              s.order_id = o.id ORDER BY s.created_at, s.id LIMIT 1) f ON true WHERE
              o.store_id = $1 AND o.placed_at >= $2 AND o.placed_at < $3) x
          WHERE day = ANY($4)
          GROUP BY day, carrier, service, country, region
          ON CONFLICT (store_id, day, carrier, service, country, region) DO UPDATE
          SET orders = EXCLUDED.orders
          """
          .formatted(DAY.formatted("o.placed_at"), COUNTRY.formatted("f"), REGION.formatted("f"));

  private static final String CASES =
      """
          INSERT INTO analytics_daily (store_id, day, carrier, service, country, region,
              wismo_cases)
          SELECT $1, day, carrier, service, country, region, count(*)
          FROM ( SELECT %s AS day, COALESCE(f.carrier_code, '') AS carrier,
              COALESCE(f.service_level, '') AS service, %s AS country, %s AS region FROM
              support_cases c JOIN orders o ON o.id = c.order_id
          """
              .formatted(
                  DAY.formatted("c.created_at"), COUNTRY.formatted("f"), REGION.formatted("f"))
          // The case's own parcel if it names one, else the order's first.
          + " LEFT JOIN LATERAL (SELECT s.carrier_code, s.service_level, s.destination_country,"
          + " s.destination_region FROM shipments s WHERE s.order_id = o.id"
          + " ORDER BY (s.id = c.shipment_id) IS TRUE DESC, s.created_at, s.id LIMIT 1) f ON true"
          + " WHERE c.store_id = $1 AND c.created_at >= $2 AND c.created_at < $3 AND c.type IN "
          + WISMO_TYPES
          + ") x"
          + " WHERE day = ANY($4) GROUP BY day, carrier, service, country, region"
          + " ON CONFLICT (store_id, day, carrier, service, country, region)"
          + " DO UPDATE SET wismo_cases = EXCLUDED.wismo_cases";

  /** Every summed column of analytics_daily, analytics_weekly and analytics_weekly_national. */
  static final List<String> METRICS = metrics();

  private static final String COLUMNS = String.join(", ", METRICS);

  private static final String SUMS =
      String.join(", ", METRICS.stream().map(m -> "sum(" + m + ")").toList());

  private static final String WEEK = "date_trunc('week', day)::date";

  private static final String DELETE_WEEKS =
      """
          DELETE FROM analytics_weekly
          WHERE store_id = $1 AND day = ANY($2)
          """;

  private static final String WEEKS =
      """
          INSERT INTO analytics_weekly (store_id, day, carrier, service, country,
              region, %s)
          SELECT store_id, %s, carrier, service, country, region, %s
          FROM analytics_daily
          WHERE store_id = $1 AND day >= $3 AND day < $4 AND %s = ANY($2)
          GROUP BY store_id, %s, carrier, service, country, region
          """
          .formatted(COLUMNS, WEEK, SUMS, WEEK, WEEK);

  private static final String DELETE_NATIONAL_WEEKS =
      """
          DELETE FROM analytics_weekly_national
          WHERE store_id = $1 AND day = ANY($2)
          """;

  private static final String NATIONAL_WEEKS =
      """
          INSERT INTO analytics_weekly_national (store_id, day, carrier, service,
              country, region, %s)
          SELECT store_id, day, carrier, service, country, '', %s
          FROM analytics_weekly
          WHERE store_id = $1 AND day = ANY($2)
          GROUP BY store_id, day, carrier, service, country
          """
          .formatted(COLUMNS, SUMS);

  private final Pool pool;
  private final AnalyticsConfig config;
  private final Timer runs;

  public Rollups(Pool pool, AnalyticsConfig config, MeterRegistry metrics) {
    this.pool = pool;
    this.config = config;
    this.runs = metrics.timer("waybill.analytics.rollup");
  }

  /**
   * Recomputes every day touched since the last run. Returns at once, without work, when another
   * pod holds the job.
   */
  public Uni<Refresh> refresh() {
    long started = System.nanoTime();
    return pool.withTransaction(
            conn ->
                conn.query(
                        """
                    SELECT pg_try_advisory_xact_lock(%s)
                    """
                            .formatted(LOCK))
                    .execute()
                    .chain(
                        locked ->
                            locked.iterator().next().getBoolean(0)
                                ? run(conn)
                                : Uni.createFrom().item(-1)))
        .map(
            days -> {
              long millis = (System.nanoTime() - started) / 1_000_000;
              if (days < 0) {
                return new Refresh(false, 0, millis);
              }
              runs.record(Duration.ofMillis(millis));
              if (days > 0) {
                Log.infof(
                    "analytics: recomputed %d store-days in %d ms", (Integer) days, (Long) millis);
              }
              return new Refresh(true, days, millis);
            });
  }

  private Uni<Integer> run(SqlConnection conn) {
    double lostSeconds = config.lostAfter().toSeconds();
    return conn.query(
            """
        SELECT watermark, now() AS now
        FROM analytics_state
        WHERE id = 1
        """)
        .execute()
        .chain(
            state -> {
              Row row = state.iterator().next();
              OffsetDateTime since = row.getOffsetDateTime("watermark").minus(config.overlap());
              OffsetDateTime now = row.getOffsetDateTime("now");
              return conn.preparedQuery(TOUCHED)
                  .execute(Tuple.of(since, lostSeconds))
                  .chain(
                      touched -> {
                        Map<UUID, List<LocalDate>> byStore = new LinkedHashMap<>();
                        int total = 0;
                        for (Row r : touched) {
                          byStore
                              .computeIfAbsent(r.getUUID("store_id"), k -> new ArrayList<>())
                              .add(r.getLocalDate("day"));
                          total++;
                        }
                        int days = total;
                        return Multi.createFrom()
                            .iterable(chunks(byStore))
                            .onItem()
                            .transformToUniAndConcatenate(c -> recompute(conn, c, lostSeconds))
                            .collect()
                            .last()
                            .chain(
                                () ->
                                    conn.preparedQuery(
                                            """
                                                UPDATE analytics_state
                                                SET watermark = $1, refreshed_at = now()
                                                WHERE id = 1
                                                """)
                                        .execute(Tuple.of(now)))
                            .replaceWith(days);
                      });
            });
  }

  private record Chunk(UUID storeId, List<LocalDate> days) {}

  /** Consecutive runs of at most {@code batchDays} days, so each statement reads one range. */
  private List<Chunk> chunks(Map<UUID, List<LocalDate>> byStore) {
    List<Chunk> out = new ArrayList<>();
    byStore.forEach(
        (store, days) -> {
          List<LocalDate> current = new ArrayList<>();
          for (LocalDate d : days) {
            if (!current.isEmpty()
                && (current.size() >= config.batchDays()
                    || current.get(0).plusDays(config.batchDays()).isBefore(d))) {
              out.add(new Chunk(store, current));
              current = new ArrayList<>();
            }
            current.add(d);
          }
          if (!current.isEmpty()) {
            out.add(new Chunk(store, current));
          }
        });
    return out;
  }

  private Uni<Void> recompute(SqlConnection conn, Chunk chunk, double lostSeconds) {
    LocalDate first = chunk.days().get(0);
    LocalDate last = chunk.days().get(chunk.days().size() - 1);
    LocalDate[] days = chunk.days().toArray(new LocalDate[0]);
    Tuple args =
        Tuple.of(
            chunk.storeId(),
            first.atStartOfDay().atOffset(ZoneOffset.UTC),
            last.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC),
            days);
    return conn.preparedQuery(DELETE)
        .execute(Tuple.of(chunk.storeId(), days))
        .chain(
            () ->
                conn.preparedQuery(SHIPMENTS)
                    .execute(
                        Tuple.of(
                            chunk.storeId(),
                            args.getValue(1),
                            args.getValue(2),
                            days,
                            lostSeconds)))
        .chain(() -> conn.preparedQuery(ORDERS).execute(args))
        .chain(() -> conn.preparedQuery(CASES).execute(args))
        .chain(() -> weeks(conn, chunk))
        .replaceWithVoid();
  }

  /** Re-sums the weeks the chunk's days fall in; a week split over two chunks ends whole. */
  private Uni<Void> weeks(SqlConnection conn, Chunk chunk) {
    java.util.TreeSet<LocalDate> mondays = new java.util.TreeSet<>();
    for (LocalDate d : chunk.days()) {
      mondays.add(d.with(java.time.DayOfWeek.MONDAY));
    }
    LocalDate[] weeks = mondays.toArray(new LocalDate[0]);
    return conn.preparedQuery(DELETE_WEEKS)
        .execute(Tuple.of(chunk.storeId(), weeks))
        .chain(
            () ->
                conn.preparedQuery(WEEKS)
                    .execute(
                        Tuple.of(
                            chunk.storeId(), weeks, mondays.first(), mondays.last().plusDays(7))))
        .chain(
            () ->
                conn.preparedQuery(DELETE_NATIONAL_WEEKS).execute(Tuple.of(chunk.storeId(), weeks)))
        .chain(() -> conn.preparedQuery(NATIONAL_WEEKS).execute(Tuple.of(chunk.storeId(), weeks)))
        .replaceWithVoid();
  }

  private static List<String> metrics() {
    List<String> out =
        new ArrayList<>(
            List.of(
                "orders",
                "wismo_cases",
                "shipments",
                "shipped",
                "delivered",
                "early",
                "on_time",
                "late",
                "no_promise",
                "lost",
                "with_exception"));
    for (ExceptionReason.Party p : ExceptionReason.Party.values()) {
      out.add("exc_" + p.name().toLowerCase(java.util.Locale.ROOT));
    }
    out.add("delay_scans");
    out.add("processing_hours");
    for (int i = 0; i <= Histograms.PROCESSING_HOURS.length; i++) {
      out.add("proc_" + i);
    }
    out.add("transit_hours");
    for (int i = 0; i <= Histograms.TRANSIT_DAYS.length; i++) {
      out.add("transit_" + i);
    }
    return List.copyOf(out);
  }

  private static String shipmentsSql() {
    StringBuilder party = new StringBuilder("CASE e.exception_reason");
    StringBuilder delays = new StringBuilder();
    for (ExceptionReason r : ExceptionReason.values()) {
      party.append(" WHEN '").append(r.name()).append("' THEN '").append(r.party()).append('\'');
      if (r.isDelay()) {
        delays.append(delays.isEmpty() ? "" : ", ").append('\'').append(r.name()).append('\'');
      }
    }
    party.append(" ELSE 'UNKNOWN' END");
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    column(columns, values, "shipments", "count(*)");
    column(columns, values, "shipped", "count(*) FILTER (WHERE shipped_at IS NOT NULL)");
    column(columns, values, "delivered", "count(*) FILTER (WHERE delivered)");
    column(columns, values, "early", "count(*) FILTER (WHERE delivered AND local_day < promise)");
    column(columns, values, "on_time", "count(*) FILTER (WHERE delivered AND local_day = promise)");
    column(columns, values, "late", "count(*) FILTER (WHERE delivered AND local_day > promise)");
    column(columns, values, "no_promise", "count(*) FILTER (WHERE delivered AND promise IS NULL)");
    column(columns, values, "lost", "count(*) FILTER (WHERE lost)");
    column(columns, values, "with_exception", "count(*) FILTER (WHERE exc > 0)");
    for (ExceptionReason.Party p : ExceptionReason.Party.values()) {
      String name = p.name().toLowerCase(java.util.Locale.ROOT);
      column(columns, values, "exc_" + name, "COALESCE(sum(exc_" + name + "), 0)");
    }
    column(columns, values, "delay_scans", "COALESCE(sum(delay_scans), 0)");
    column(columns, values, "processing_hours", "COALESCE(sum(proc_h), 0)");
    String procBounds = Histograms.sqlBounds(Histograms.PROCESSING_HOURS);
    for (int i = 0; i <= Histograms.PROCESSING_HOURS.length; i++) {
      column(
          columns,
          values,
          "proc_" + i,
          "count(*) FILTER (WHERE width_bucket(proc_h, " + procBounds + ") = " + i + ")");
    }
    column(columns, values, "transit_hours", "COALESCE(sum(transit_h), 0)");
    String transitBounds = Histograms.sqlBounds(Histograms.TRANSIT_DAYS);
    for (int i = 0; i <= Histograms.TRANSIT_DAYS.length; i++) {
      column(
          columns,
          values,
          "transit_" + i,
          "count(*) FILTER (WHERE width_bucket(transit_h / 24, "
              + transitBounds
              + ") = "
              + i
              + ")");
    }
    StringBuilder exc = new StringBuilder("count(*) AS exc");
    for (ExceptionReason.Party p : ExceptionReason.Party.values()) {
      exc.append(", count(*) FILTER (WHERE party = '")
          .append(p.name())
          .append("') AS exc_")
          .append(p.name().toLowerCase(java.util.Locale.ROOT));
    }
    exc.append(", count(*) FILTER (WHERE delay) AS delay_scans");
    return """
        INSERT INTO analytics_daily (store_id, day, carrier, service, country, region,
            %s)
        SELECT $1, day, carrier, service, country, region, %s
        FROM (SELECT %s AS day, s.carrier_code AS carrier, COALESCE(s.service_level, '')
            AS service, %s AS country, %s AS region, s.shipped_at, (s.status =
            'DELIVERED' AND s.delivered_at IS NOT NULL) AS delivered,
        """
            .formatted(
                String.join(", ", columns),
                String.join(", ", values),
                DAY.formatted("COALESCE(s.shipped_at, s.created_at)"),
                COUNTRY.formatted("s"),
                REGION.formatted("s"))
        // The promise is what the shopper was first told: the store's date, else the end of
        // Waybill's first window, else the carrier's first estimate. A carrier's later, revised
        // estimate would make almost every parcel look on time.
        + " COALESCE(s.promised_delivery, fe.latest, fe.carrier_estimate,"
        + " s.carrier_estimated_delivery) AS promise,"
        // Promises are calendar dates in the store's zone, so delivery is compared in it too.
        + " (s.delivered_at AT TIME ZONE st.time_zone)::date AS local_day,"
        + " (s.status = 'EXPIRED' OR s.exception_reason = 'CARRIER_LOST'"
        + " OR (s.status NOT IN ('DELIVERED', 'RETURNED_TO_SENDER')"
        + " AND s.shipped_at <= now() - make_interval(secs => $5))) AS lost,"
        + " GREATEST(EXTRACT(EPOCH FROM s.shipped_at - o.placed_at) / 3600, 0) AS proc_h,"
        + " CASE WHEN s.status = 'DELIVERED' THEN"
        + " GREATEST(EXTRACT(EPOCH FROM s.delivered_at - s.shipped_at) / 3600, 0) END AS transit_h,"
        + " ex.*"
        + " FROM shipments s JOIN orders o ON o.id = s.order_id JOIN stores st ON st.id ="
        + " s.store_id LEFT JOIN LATERAL (SELECT c.latest, c.carrier_estimate"
        + " FROM shipment_estimate_changes c WHERE c.shipment_id = s.id"
        + " ORDER BY c.computed_at LIMIT 1) fe ON true LEFT JOIN LATERAL (SELECT "
        + exc
        + " FROM (SELECT "
        + party
        + " AS party, e.exception_reason IN ("
        + delays
        + ") AS delay FROM tracking_events e WHERE e.shipment_id = s.id"
        + " AND (e.exception_reason IS NOT NULL OR e.status = 'EXCEPTION')) x) ex ON true"
        + " WHERE s.store_id = $1 AND COALESCE(s.shipped_at, s.created_at) >= $2"
        + " AND COALESCE(s.shipped_at, s.created_at) < $3) f"
        + " WHERE day = ANY($4) GROUP BY day, carrier, service, country, region";
  }

  private static void column(List<String> columns, List<String> values, String c, String v) {
    columns.add(c);
    values.add(v);
  }
}
