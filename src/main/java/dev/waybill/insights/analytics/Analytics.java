package dev.waybill.insights.analytics;

import dev.waybill.insights.analytics.InsightsQuery.Dimension;
import dev.waybill.insights.analytics.InsightsViews.Exceptions;
import dev.waybill.insights.analytics.InsightsViews.Metrics;
import dev.waybill.insights.analytics.InsightsViews.Series;
import dev.waybill.insights.analytics.InsightsViews.SeriesRow;
import dev.waybill.insights.analytics.InsightsViews.Summary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
  // Positions of the sums in a row, after its grouping columns.
  private static final int ORDERS = COUNTS.indexOf("orders");
  private static final int WISMO_CASES = COUNTS.indexOf("wismo_cases");
  private static final int SHIPMENTS = COUNTS.indexOf("shipments");
  private static final int SHIPPED = COUNTS.indexOf("shipped");
  private static final int DELIVERED = COUNTS.indexOf("delivered");
  private static final int EARLY = COUNTS.indexOf("early");
  private static final int ON_TIME = COUNTS.indexOf("on_time");
  private static final int LATE = COUNTS.indexOf("late");
  private static final int NO_PROMISE = COUNTS.indexOf("no_promise");
  private static final int LOST = COUNTS.indexOf("lost");
  private static final int WITH_EXCEPTION = COUNTS.indexOf("with_exception");
  // The six parties follow in the order of Exceptions' fields.
  private static final int EXC_CARRIER = COUNTS.indexOf("exc_carrier");
  private static final int DELAY_SCANS = COUNTS.indexOf("delay_scans");

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
    return series(storeId, query, true);
  }

  /**
   * @param ordered whether Postgres sorts the rows (pages and cursors need it); unordered, a page
   *     is sorted here instead, and {@code null} stands for more rows than one page holds
   */
  private Uni<Series> series(UUID storeId, InsightsQuery query, boolean ordered) {
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
      // Without regions in the question, the weeks summed over regions answer it from far fewer
      // rows; their region is '' and never read.
      boolean regional =
          query.filters().region() != null || query.groupBy().contains(Dimension.REGION);
      source =
          // Each end is its own range so the index reads only those days.
          "(SELECT * FROM "
              + (regional ? "analytics_weekly" : "analytics_weekly_national")
              + " WHERE store_id = $1 AND day >= $4 AND day < $5"
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
    // Rows are sorted by period, then busiest first, then by name: a total order, so a page ends
    // at a key and the next one starts right after it whatever the limit.
    List<String> keys = new ArrayList<>();
    String grouping = "";
    if (!groups.isEmpty()) {
      sql.append(" GROUP BY ");
      for (int i = 1; i <= groups.size(); i++) {
        sql.append(i == 1 ? "" : ", ").append(i);
      }
      if (time != null) {
        keys.add(name(time));
      }
      keys.add("-shipments");
      keys.add("-orders");
      for (Dimension d : query.groupBy()) {
        if (!d.time) {
          keys.add(name(d));
        }
      }
      grouping = String.join(",", query.groupBy().stream().map(Analytics::name).toList());
      SeriesCursor after = SeriesCursor.decode(query.cursor(), grouping, keys.size());
      sql.insert(0, "SELECT * FROM (").append(") g");
      if (after != null) {
        sql.append(" WHERE (").append(String.join(", ", keys)).append(") > (");
        for (int i = 0; i < keys.size(); i++) {
          String v = after.values().get(i);
          String key = keys.get(i);
          try {
            args.add(
                key.startsWith("-")
                    ? (Object) Long.parseLong(v)
                    : time != null && i == 0 ? LocalDate.parse(v) : v);
          } catch (RuntimeException e) {
            throw new dev.waybill.platform.errors.Problems.Invalid(
                "cursor", "is not a nextCursor this series returned");
          }
          String type = key.startsWith("-") ? "int8" : time != null && i == 0 ? "date" : "text";
          sql.append(i == 0 ? "" : ", ").append('$').append(args.size()).append("::").append(type);
        }
        sql.append(')');
      }
      if (ordered) {
        sql.append(" ORDER BY ").append(String.join(", ", keys));
      }
    }
    int limit = query.limit();
    // One row more than asked says whether there is a next page.
    args.add(limit + 1);
    sql.append(" LIMIT $").append(args.size());
    String cursorGrouping = grouping;
    boolean views = !query.narrowed() && query.groupBy().stream().allMatch(d -> d.time);
    Uni<Map<LocalDate, Long>> pageViews =
        views ? pageViews(storeId, query, time) : Uni.createFrom().item(Map.of());
    int offset = query.groupBy().size();
    return pageViews.chain(
        byPeriod ->
            pool.preparedQuery(sql.toString())
                .execute(Tuple.from(args))
                .map(
                    rowSet -> {
                      if (!ordered && rowSet.size() > limit) {
                        return null;
                      }
                      Iterable<Row> rows = ordered ? rowSet : sorted(rowSet, query, time, offset);
                      List<SeriesRow> out = new ArrayList<>(Math.min(rowSet.size(), limit));
                      Row last = null;
                      for (Row r : rows) {
                        if (out.size() == limit) {
                          break;
                        }
                        last = r;
                        LocalDate period = time == null ? null : r.getLocalDate(name(time));
                        Long viewCount = views ? byPeriod.getOrDefault(period, 0L) : null;
                        out.add(
                            new SeriesRow(
                                period,
                                text(r, query, Dimension.CARRIER),
                                text(r, query, Dimension.SERVICE),
                                text(r, query, Dimension.COUNTRY),
                                text(r, query, Dimension.REGION),
                                metrics(r, offset, viewCount)));
                      }
                      String next =
                          rowSet.size() > limit && !keys.isEmpty()
                              ? cursor(cursorGrouping, last, query, time, offset)
                              : null;
                      queries.record(
                          System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                      return new Series(
                          query.filters(),
                          query.groupBy().stream().map(Analytics::name).toList(),
                          out,
                          TRANSIT_BUCKETS,
                          next);
                    }));
  }

  /**
   * Every row of a series, a page at a time, each page as soon as it is read: for exports, which
   * have no row limit.
   */
  public Multi<Series> pages(UUID storeId, InsightsQuery query) {
    // Most exports fit one read: aggregated unordered and sorted here, which spares Postgres
    // sorting thousands of wide rows. Longer ones page through the ordered keyset path.
    return Multi.createFrom()
        .uni(series(storeId, query, false).map(Optional::ofNullable))
        .onItem()
        .transformToMultiAndConcatenate(
            page ->
                page.isPresent()
                    ? Multi.createFrom().item(page.get())
                    : orderedPages(storeId, query));
  }

  private Multi<Series> orderedPages(UUID storeId, InsightsQuery query) {
    return Multi.createFrom()
        .uni(series(storeId, query))
        .onItem()
        .transformToMultiAndConcatenate(
            page ->
                page.nextCursor() == null
                    ? Multi.createFrom().item(page)
                    : Multi.createBy()
                        .concatenating()
                        .streams(
                            Multi.createFrom().item(page),
                            Multi.createFrom()
                                .deferred(
                                    () -> orderedPages(storeId, query.after(page.nextCursor())))));
  }

  /** The rows in the series' order: period, most shipments, most orders, then by name. */
  private static List<Row> sorted(
      Iterable<Row> rows, InsightsQuery query, Dimension time, int offset) {
    List<String> names =
        query.groupBy().stream().filter(d -> !d.time).map(Analytics::name).toList();
    // Each row's keys are read once, not by column name in every comparison.
    List<SortKey> keys = new ArrayList<>();
    for (Row r : rows) {
      String[] dims = new String[names.size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = r.getString(names.get(i));
      }
      keys.add(
          new SortKey(
              r,
              time == null ? LocalDate.MIN : r.getLocalDate(name(time)),
              nz(r.getLong(offset + SHIPMENTS)),
              nz(r.getLong(offset + ORDERS)),
              dims));
    }
    keys.sort(SortKey.ORDER);
    List<Row> out = new ArrayList<>(keys.size());
    keys.forEach(k -> out.add(k.row()));
    return out;
  }

  private record SortKey(Row row, LocalDate period, long shipments, long orders, String[] dims) {
    static final Comparator<SortKey> ORDER =
        Comparator.comparing(SortKey::period)
            .thenComparing(Comparator.comparingLong(SortKey::shipments).reversed())
            .thenComparing(Comparator.comparingLong(SortKey::orders).reversed())
            .thenComparing(SortKey::dims, java.util.Arrays::compare);
  }

  private static String cursor(
      String grouping, Row last, InsightsQuery query, Dimension time, int offset) {
    List<String> values = new ArrayList<>();
    if (time != null) {
      values.add(last.getLocalDate(name(time)).toString());
    }
    values.add(String.valueOf(-nz(last.getLong(offset + SHIPMENTS))));
    values.add(String.valueOf(-nz(last.getLong(offset + ORDERS))));
    for (Dimension d : query.groupBy()) {
      if (!d.time) {
        values.add(last.getString(name(d)));
      }
    }
    return SeriesCursor.encode(grouping, values);
  }

  private Uni<Map<LocalDate, Long>> pageViews(UUID storeId, InsightsQuery query, Dimension time) {
    String period = time == null ? "NULL::date" : expression(time);
    return pool.preparedQuery(
            """
                SELECT %s AS period, sum(views) AS views
                FROM analytics_page_views
                WHERE store_id = $1 AND day >= $2 AND day <= $3
                GROUP BY 1
                """
                .formatted(period))
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
    long[] v = new long[COUNTS.size()];
    int at = offset;
    for (int i = 0; i < v.length; i++) {
      v[i] = r == null ? 0L : nz(r.getLong(at));
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
    List<Long> histogram = new ArrayList<>(transit.length);
    for (int i = 0; i < transit.length; i++) {
      transit[i] = r == null ? 0 : nz(r.getLong(at++));
      deliveredWithTimes += transit[i];
      histogram.add(transit[i]);
    }
    long early = v[EARLY];
    long onTime = v[ON_TIME];
    long late = v[LATE];
    long delivered = v[DELIVERED];
    long orders = v[ORDERS];
    Exceptions exceptions =
        new Exceptions(
            v[EXC_CARRIER],
            v[EXC_CARRIER + 1],
            v[EXC_CARRIER + 2],
            v[EXC_CARRIER + 3],
            v[EXC_CARRIER + 4],
            v[EXC_CARRIER + 5]);
    return new Metrics(
        orders,
        v[SHIPMENTS],
        v[SHIPPED],
        delivered,
        early,
        onTime,
        late,
        v[NO_PROMISE],
        percent(early + onTime, early + onTime + late),
        percent(v[NO_PROMISE], delivered),
        Histograms.quantile(proc, Histograms.PROCESSING_HOURS, 0.5),
        Histograms.quantile(proc, Histograms.PROCESSING_HOURS, 0.9),
        shippedWithTimes == 0 ? null : Histograms.round(procHours / shippedWithTimes),
        Histograms.quantile(transit, Histograms.TRANSIT_DAYS, 0.5),
        Histograms.quantile(transit, Histograms.TRANSIT_DAYS, 0.9),
        deliveredWithTimes == 0 ? null : Histograms.round(transitHours / 24 / deliveredWithTimes),
        histogram,
        exceptions.total(),
        v[DELAY_SCANS],
        exceptions,
        percent(v[WITH_EXCEPTION], v[SHIPMENTS]),
        v[LOST],
        percent(v[LOST], v[SHIPPED]),
        v[WISMO_CASES],
        percent(v[WISMO_CASES], orders),
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
