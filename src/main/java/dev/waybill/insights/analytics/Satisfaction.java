package dev.waybill.insights.analytics;

import dev.waybill.insights.analytics.InsightsViews.Filters;
import dev.waybill.platform.errors.Problems;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Delivery satisfaction: how shoppers rated delivered parcels, by carrier, service or lane (origin
 * to destination country), beside the on-time rate of the same parcels. Read straight from
 * shipments and their ratings for the period (parcels count on the day they were delivered, UTC):
 * ratings change after the fact, so a daily rollup would have to be recomputed for old days anyway.
 */
@ApplicationScoped
public class Satisfaction {

  /** How the rows are grouped. */
  public enum Group {
    CARRIER("carrier"),
    SERVICE("carrier, service"),
    LANE("origin, destination");

    private final String columns;

    Group(String columns) {
      this.columns = columns;
    }

    /** The group named in a request; carrier when none is. */
    public static Group parse(String value) {
      if (value == null || value.isBlank()) {
        return CARRIER;
      }
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new Problems.Invalid("groupBy", "must be one of carrier, service, lane");
      }
    }
  }

  @Schema(name = "SatisfactionRow", description = "Ratings of the parcels delivered in one group")
  public record Row(
      @Schema(description = "Carrier code; empty when grouped by lane") String carrier,
      @Schema(description = "Service level; set when grouped by service") String service,
      @Schema(description = "Origin country (ISO 3166-1); set when grouped by lane") String origin,
      @Schema(description = "Destination country; set when grouped by lane") String destination,
      long delivered,
      @Schema(description = "Delivered parcels the shopper rated") long rated,
      @Schema(description = "Rated, per 100 delivered") Double responseRate,
      @Schema(description = "Mean rating, 1 to 5") Double averageRating,
      @Schema(description = "Rated 4 or 5, per 100 rated") Double satisfiedRate,
      @Schema(description = "Parcels rated 1, 2, 3, 4 and 5") List<Long> ratings,
      @Schema(description = "Early or on time, per 100 delivered with a promise")
          Double onTimeRate) {

    /** The group's name as the board shows it. */
    public String label(Group group) {
      return switch (group) {
        case CARRIER -> carrier.toUpperCase(Locale.ROOT);
        case SERVICE -> carrier.toUpperCase(Locale.ROOT) + (service.isEmpty() ? "" : " " + service);
        case LANE ->
            (origin.isEmpty() ? "?" : origin) + " → " + (destination.isEmpty() ? "?" : destination);
      };
    }
  }

  @Schema(name = "Satisfaction")
  public record Report(Filters filters, String groupBy, List<Row> rows) {}

  private static final String QUERY =
      """
          SELECT %1$s, count(*) AS delivered, count(f.rating) AS rated,
              avg(f.rating)::float8 AS average,
              count(*) FILTER (WHERE f.rating >= 4) AS satisfied,
              count(*) FILTER (WHERE f.rating = 1) AS r1, count(*) FILTER (WHERE f.rating = 2) AS r2,
              count(*) FILTER (WHERE f.rating = 3) AS r3, count(*) FILTER (WHERE f.rating = 4) AS r4,
              count(*) FILTER (WHERE f.rating = 5) AS r5,
              count(*) FILTER (WHERE d.promise IS NOT NULL) AS promised,
              count(*) FILTER (WHERE d.local_day <= d.promise) AS on_time
          FROM (
              SELECT s.id, s.carrier_code AS carrier, COALESCE(s.service_level, '') AS service,
                  upper(COALESCE(s.origin_country, '')) AS origin, %2$s AS destination,
                  COALESCE(s.promised_delivery, fe.latest, fe.carrier_estimate,
                      s.carrier_estimated_delivery) AS promise,
                  (s.delivered_at AT TIME ZONE st.time_zone)::date AS local_day
              FROM shipments s
              JOIN orders o ON o.id = s.order_id
              JOIN stores st ON st.id = s.store_id
              LEFT JOIN LATERAL (SELECT c.latest, c.carrier_estimate
                  FROM shipment_estimate_changes c WHERE c.shipment_id = s.id
                  ORDER BY c.computed_at LIMIT 1) fe ON true
              WHERE s.store_id = $1 AND s.status = 'DELIVERED'
                AND s.delivered_at >= $2 AND s.delivered_at < $3
                AND ($4::text IS NULL OR s.carrier_code = $4)
                AND ($5::text IS NULL OR COALESCE(s.service_level, '') = $5)
                AND ($6::text IS NULL OR %2$s = upper($6))
                AND ($7::text IS NULL OR %3$s = $7)
          ) d
          LEFT JOIN delivery_feedback f ON f.shipment_id = d.id
          GROUP BY %1$s
          ORDER BY delivered DESC, %1$s
          """;

  private final Pool pool;

  public Satisfaction(Pool pool) {
    this.pool = pool;
  }

  /** The ratings of the parcels delivered in the query's period, grouped. */
  public Uni<Report> report(UUID storeId, InsightsQuery query, Group group) {
    Filters f = query.filters();
    String sql =
        QUERY.formatted(
            group.columns, Rollups.COUNTRY.formatted("s"), Rollups.REGION.formatted("s"));
    return pool.preparedQuery(sql)
        .execute(
            Tuple.from(
                new Object[] {
                  storeId,
                  f.from().atStartOfDay().atOffset(ZoneOffset.UTC),
                  f.to().plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC),
                  f.carrier(),
                  f.service(),
                  f.country(),
                  f.region()
                }))
        .map(
            rows -> {
              List<Row> out = new ArrayList<>();
              for (io.vertx.mutiny.sqlclient.Row r : rows) {
                out.add(row(group, r));
              }
              return new Report(f, group.name().toLowerCase(Locale.ROOT), out);
            });
  }

  private static Row row(Group group, io.vertx.mutiny.sqlclient.Row r) {
    long delivered = r.getLong("delivered");
    long rated = r.getLong("rated");
    long promised = r.getLong("promised");
    return new Row(
        group == Group.LANE ? "" : r.getString("carrier"),
        group == Group.SERVICE ? r.getString("service") : "",
        group == Group.LANE ? r.getString("origin") : "",
        group == Group.LANE ? r.getString("destination") : "",
        delivered,
        rated,
        rate(rated, delivered),
        rated == 0 ? null : Math.round(r.getDouble("average") * 100) / 100.0,
        rate(r.getLong("satisfied"), rated),
        List.of(
            r.getLong("r1"), r.getLong("r2"), r.getLong("r3"), r.getLong("r4"), r.getLong("r5")),
        rate(r.getLong("on_time"), promised));
  }

  /** Per 100, to one decimal; null without a base. */
  private static Double rate(long part, long whole) {
    return whole == 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
  }

  /** The report as CSV, in the same dialect as the series export. */
  public static String csv(Report report) {
    StringBuilder out = new StringBuilder("\uFEFF");
    List<String> head = new ArrayList<>();
    switch (report.groupBy()) {
      case "service" -> head.addAll(List.of("carrier", "service"));
      case "lane" -> head.addAll(List.of("origin", "destination"));
      default -> head.add("carrier");
    }
    head.addAll(
        List.of(
            "delivered",
            "rated",
            "response_rate_pct",
            "average_rating",
            "satisfied_rate_pct",
            "rated_1",
            "rated_2",
            "rated_3",
            "rated_4",
            "rated_5",
            "on_time_rate_pct"));
    Csv.line(out, head);
    for (Row r : report.rows()) {
      List<String> cells = new ArrayList<>();
      switch (report.groupBy()) {
        case "service" -> cells.addAll(List.of(Csv.text(r.carrier()), Csv.text(r.service())));
        case "lane" -> cells.addAll(List.of(r.origin(), r.destination()));
        default -> cells.add(Csv.text(r.carrier()));
      }
      cells.add(Long.toString(r.delivered()));
      cells.add(Long.toString(r.rated()));
      cells.add(num(r.responseRate()));
      cells.add(
          r.averageRating() == null ? "" : String.format(Locale.ROOT, "%.2f", r.averageRating()));
      cells.add(num(r.satisfiedRate()));
      for (Long n : r.ratings()) {
        cells.add(Long.toString(n));
      }
      cells.add(num(r.onTimeRate()));
      Csv.line(out, cells);
    }
    return out.toString();
  }

  /** The report as a CSV download, named for its grouping and period. */
  public static jakarta.ws.rs.core.Response download(Report report) {
    return jakarta.ws.rs.core.Response.ok(csv(report))
        .type("text/csv;charset=utf-8")
        .header(
            "Content-Disposition",
            "attachment; filename=\"waybill-satisfaction-by-"
                + report.groupBy()
                + "-"
                + report.filters().from()
                + "-to-"
                + report.filters().to()
                + ".csv\"")
        .header("Cache-Control", "no-store")
        .build();
  }

  private static String num(Double v) {
    return v == null ? "" : Charts.fmt(v);
  }
}
