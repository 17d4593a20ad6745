package dev.waybill.insights.analytics;

import dev.waybill.insights.analytics.InsightsQuery.Dimension;
import dev.waybill.insights.analytics.InsightsViews.Exceptions;
import dev.waybill.insights.analytics.InsightsViews.Metrics;
import dev.waybill.insights.analytics.InsightsViews.Series;
import dev.waybill.insights.analytics.InsightsViews.SeriesRow;
import dev.waybill.insights.analytics.InsightsViews.Summary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Reads delivery analytics from the daily rollups; never from the shipments themselves. */
@ApplicationScoped
public class Analytics {

  static final List<String> TRANSIT_BUCKETS = Histograms.labels(Histograms.TRANSIT_DAYS);

  private static final List<String> COUNTS =
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
          "with_exception",
          "exc_carrier",
          "exc_consignee",
          "exc_customs",
          "exc_force_majeure",
          "exc_retailer",
          "exc_unknown",
          "delay_scans");
  private static final String SUMS = sums();

  private final Pool pool;
  private final Timer queries;

  public Analytics(Pool pool, MeterRegistry metrics) {
    this.pool = pool;
    this.queries = metrics.timer("waybill.analytics.query");
  }

  public Uni<Summary> summary(UUID storeId, InsightsQuery query) {
    InsightsQuery whole = new InsightsQuery(query.filters(), List.of(), 1);
    return series(storeId, whole)
        .map(
            s ->
                new Summary(
                    s.filters(),
                    s.rows().isEmpty() ? metrics(null, null) : s.rows().get(0).metrics(),
                    TRANSIT_BUCKETS));
  }

  public Uni<Series> series(UUID storeId, InsightsQuery query) {
    long started = System.nanoTime();
    LocalDate from = query.filters().from();
    LocalDate to = query.filters().to();
    List<Object> args = new ArrayList<>(List.of(storeId, from, to));
    StringBuilder where = new StringBuilder(" WHERE true");
    String source;
    Dimension time = query.time();
    // Whole weeks inside the period come from the weekly sums, the days at its ends from the
    // daily ones. Days and months need the daily rows, as weeks straddle months.
    LocalDate firstWeek = from.plusDays((8 - from.getDayOfWeek().getValue()) % 7);
    LocalDate endWeek = to.plusDays(1).with(java.time.DayOfWeek.MONDAY);
    if ((time == null || time == Dimension.WEEK) && firstWeek.isBefore(endWeek)) {
      args.add(firstWeek);
      args.add(endWeek);
      source =
          // Each end is its own range so the index reads only those days.
          "(SELECT * FROM analytics_weekly WHERE store_id = $1 AND day >= $4 AND day < $5"
              + " UNION ALL SELECT * FROM analytics_daily WHERE store_id = $1 AND day >= $2"
              + " AND day < $4 UNION ALL SELECT * FROM analytics_daily WHERE store_id = $1"
              + " AND day >= $5 AND day <= $3) r";
    } else {
      source = "(SELECT * FROM analytics_daily WHERE store_id = $1 AND day >= $2 AND day <= $3) r";
    }
    filter(where, args, "carrier", query.filters().carrier());
    filter(where, args, "service", query.filters().service());
    filter(where, args, "country", query.filters().country());
    filter(where, args, "region", query.filters().region());
    List<String> groups = new ArrayList<>();
    for (Dimension d : query.groupBy()) {
      groups.add(expression(d) + " AS " + d.name().toLowerCase(Locale.ROOT));
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    for (String g : groups) {
      sql.append(g).append(", ");
    }
    sql.append(SUMS).append(" FROM ").append(source).append(where);
    if (!groups.isEmpty()) {
      sql.append(" GROUP BY ");
      for (int i = 1; i <= groups.size(); i++) {
        sql.append(i == 1 ? "" : ", ").append(i);
      }
      sql.append(" ORDER BY ");
      if (time != null) {
        sql.append(query.groupBy().indexOf(time) + 1).append(", ");
      }
      sql.append("sum(shipments) DESC, sum(orders) DESC");
      for (int i = 1; i <= groups.size(); i++) {
        sql.append(", ").append(i);
      }
    }
    args.add(query.limit());
    sql.append(" LIMIT $").append(args.size());
    boolean views = !query.narrowed() && query.groupBy().stream().allMatch(d -> d.time);
    Uni<Map<LocalDate, Long>> pageViews =
        views ? pageViews(storeId, query, time) : Uni.createFrom().item(Map.of());
    return pageViews.chain(
        byPeriod ->
            pool.preparedQuery(sql.toString())
                .execute(Tuple.from(args))
                .map(
                    rows -> {
                      List<SeriesRow> out = new ArrayList<>();
                      for (Row r : rows) {
                        LocalDate period = time == null ? null : r.getLocalDate(name(time));
                        Long viewCount = views ? byPeriod.getOrDefault(period, 0L) : null;
                        out.add(
                            new SeriesRow(
                                period,
                                text(r, query, Dimension.CARRIER),
                                text(r, query, Dimension.SERVICE),
                                text(r, query, Dimension.COUNTRY),
                                text(r, query, Dimension.REGION),
                                metrics(r, query.groupBy().size(), viewCount)));
                      }
                      queries.record(
                          System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                      return new Series(
                          query.filters(),
                          query.groupBy().stream().map(Analytics::name).toList(),
                          out,
                          TRANSIT_BUCKETS);
                    }));
  }

  private Uni<Map<LocalDate, Long>> pageViews(UUID storeId, InsightsQuery query, Dimension time) {
    String period = time == null ? "NULL::date" : expression(time);
    return pool.preparedQuery(
            "SELECT "
                + period
                + " AS period, sum(views) AS views FROM analytics_page_views"
                + " WHERE store_id = $1 AND day >= $2 AND day <= $3 GROUP BY 1")
        .execute(Tuple.of(storeId, query.filters().from(), query.filters().to()))
        .map(
            rows -> {
              Map<LocalDate, Long> out = new HashMap<>();
              for (Row r : rows) {
                out.put(r.getLocalDate("period"), r.getLong("views"));
              }
              return out;
            });
  }

  private static void filter(StringBuilder where, List<Object> args, String column, String value) {
    if (value != null) {
      args.add(value);
      where.append(" AND ").append(column).append(" = $").append(args.size());
    }
  }

  private static String expression(Dimension d) {
    return switch (d) {
      case DAY -> "day";
      case WEEK -> "date_trunc('week', day)::date";
      case MONTH -> "date_trunc('month', day)::date";
      case CARRIER -> "carrier";
      case SERVICE -> "service";
      case COUNTRY -> "country";
      case REGION -> "region";
    };
  }

  private static String name(Dimension d) {
    return d.name().toLowerCase(Locale.ROOT);
  }

  private static String text(Row r, InsightsQuery q, Dimension d) {
    return q.groupBy().contains(d) ? r.getString(name(d)) : null;
  }

  private static String sums() {
    List<String> parts = new ArrayList<>();
    for (String c : COUNTS) {
      parts.add("sum(" + c + ")::int8 AS " + c);
    }
    parts.add("sum(processing_hours) AS processing_hours");
    parts.add("sum(transit_hours) AS transit_hours");
    for (int i = 0; i <= Histograms.PROCESSING_HOURS.length; i++) {
      parts.add("sum(proc_" + i + ")::int8 AS proc_" + i);
    }
    for (int i = 0; i <= Histograms.TRANSIT_DAYS.length; i++) {
      parts.add("sum(transit_" + i + ")::int8 AS transit_" + i);
    }
    return String.join(", ", parts);
  }

  /** Turns one row of sums into metrics; a null row means nothing happened. */
  static Metrics metrics(Row r, Long pageViews) {
    return metrics(r, 0, pageViews);
  }

  /**
   * Turns one row of sums into metrics; a null row means nothing happened. The sums follow the
   * {@code offset} grouping columns in the order {@link #sums()} selects them, and are read by
   * position: a series can have thousands of rows.
   */
  static Metrics metrics(Row r, int offset, Long pageViews) {
    Map<String, Long> v = new HashMap<>();
    int at = offset;
    for (String c : COUNTS) {
      v.put(c, r == null ? 0L : nz(r.getLong(at)));
      at++;
    }
    double procHours = r == null || r.getDouble(at) == null ? 0 : r.getDouble(at);
    at++;
    double transitHours = r == null || r.getDouble(at) == null ? 0 : r.getDouble(at);
    at++;
    long[] proc = new long[Histograms.PROCESSING_HOURS.length + 1];
    long shippedWithTimes = 0;
    for (int i = 0; i < proc.length; i++) {
      proc[i] = r == null ? 0 : nz(r.getLong(at++));
      shippedWithTimes += proc[i];
    }
    long[] transit = new long[Histograms.TRANSIT_DAYS.length + 1];
    long deliveredWithTimes = 0;
    List<Long> histogram = new ArrayList<>();
    for (int i = 0; i < transit.length; i++) {
      transit[i] = r == null ? 0 : nz(r.getLong(at++));
      deliveredWithTimes += transit[i];
      histogram.add(transit[i]);
    }
    long early = v.get("early");
    long onTime = v.get("on_time");
    long late = v.get("late");
    long delivered = v.get("delivered");
    long orders = v.get("orders");
    Exceptions exceptions =
        new Exceptions(
            v.get("exc_carrier"),
            v.get("exc_consignee"),
            v.get("exc_customs"),
            v.get("exc_force_majeure"),
            v.get("exc_retailer"),
            v.get("exc_unknown"));
    return new Metrics(
        orders,
        v.get("shipments"),
        v.get("shipped"),
        delivered,
        early,
        onTime,
        late,
        v.get("no_promise"),
        percent(early + onTime, early + onTime + late),
        percent(v.get("no_promise"), delivered),
        Histograms.quantile(proc, Histograms.PROCESSING_HOURS, 0.5),
        Histograms.quantile(proc, Histograms.PROCESSING_HOURS, 0.9),
        shippedWithTimes == 0 ? null : Histograms.round(procHours / shippedWithTimes),
        Histograms.quantile(transit, Histograms.TRANSIT_DAYS, 0.5),
        Histograms.quantile(transit, Histograms.TRANSIT_DAYS, 0.9),
        deliveredWithTimes == 0 ? null : Histograms.round(transitHours / 24 / deliveredWithTimes),
        histogram,
        exceptions.total(),
        v.get("delay_scans"),
        exceptions,
        percent(v.get("with_exception"), v.get("shipments")),
        v.get("lost"),
        percent(v.get("lost"), v.get("shipped")),
        v.get("wismo_cases"),
        percent(v.get("wismo_cases"), orders),
        pageViews,
        pageViews == null ? null : percent(pageViews, orders));
  }

  private static Double percent(long part, long whole) {
    return whole == 0 ? null : Histograms.round(100.0 * part / whole);
  }

  private static long nz(Long v) {
    return v == null ? 0 : v;
  }
}
