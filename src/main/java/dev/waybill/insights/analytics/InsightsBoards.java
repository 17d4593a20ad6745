package dev.waybill.insights.analytics;

import dev.waybill.insights.analytics.Charts.Bar;
import dev.waybill.insights.analytics.Charts.Segment;
import dev.waybill.insights.analytics.InsightsBoard.Kpi;
import dev.waybill.insights.analytics.InsightsBoard.Panel;
import dev.waybill.insights.analytics.InsightsBoard.Table;
import dev.waybill.insights.analytics.InsightsQuery.Dimension;
import dev.waybill.insights.analytics.InsightsViews.Exceptions;
import dev.waybill.insights.analytics.InsightsViews.Metrics;
import dev.waybill.insights.analytics.InsightsViews.Series;
import dev.waybill.insights.analytics.InsightsViews.SeriesRow;
import dev.waybill.insights.analytics.InsightsViews.Summary;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/** Builds the console's analytics page from the same queries the API answers. */
@ApplicationScoped
public class InsightsBoards {

  static final int CARRIERS_SHOWN = 6;
  static final int LANES_SHOWN = 8;
  static final int SLOWEST_SHOWN = 10;

  /** Lanes with fewer deliveries say little about speed; they are left out of the ranking. */
  static final int SLOWEST_MIN_DELIVERIES = 20;

  /** Transit buckets merged into fewer, wider ones that read at a glance. */
  private static final int[][] TRANSIT_GROUPS = {
    {0, 1}, {2}, {3}, {4}, {5, 6}, {7, 8, 9}, {10, 11, 12}
  };

  private static final String[] TRANSIT_LABELS = {
    "under 2 days", "2–3 days", "3–4 days", "4–5 days", "5–7 days", "7–10 days", "10 days or more"
  };

  /** Viridis: ordered light to dark, readable without colour vision. */
  private static final String[] SEQUENTIAL = {
    "#fde725", "#90d743", "#35b779", "#21918c", "#31688e", "#443983", "#440154"
  };

  /** Groups with fewer ratings than this are left off the satisfaction charts (not the tables). */
  static final int SATISFACTION_MIN_RATED = 1;

  static final int SATISFACTION_SHOWN = 8;

  private final Analytics analytics;
  private final Satisfaction satisfaction;

  public InsightsBoards(Analytics analytics, Satisfaction satisfaction) {
    this.analytics = analytics;
    this.satisfaction = satisfaction;
  }

  public Uni<InsightsBoard> board(UUID storeId, InsightsQuery q, String query) {
    return analytics
        .summary(storeId, q)
        .chain(
            summary ->
                analytics
                    .series(storeId, with(q, List.of(Dimension.WEEK, Dimension.CARRIER), 5000))
                    .chain(
                        byCarrier ->
                            analytics
                                .series(storeId, with(q, List.of(Dimension.WEEK), 5000))
                                .chain(
                                    weekly ->
                                        analytics
                                            .series(
                                                storeId,
                                                with(
                                                    q,
                                                    List.of(
                                                        Dimension.CARRIER,
                                                        Dimension.SERVICE,
                                                        Dimension.COUNTRY,
                                                        Dimension.REGION),
                                                    2000))
                                            .chain(
                                                lanes ->
                                                    satisfactionPanels(storeId, q)
                                                        .map(
                                                            rated -> {
                                                              List<Kpi> kpis =
                                                                  new ArrayList<>(kpis(summary));
                                                              kpis.add(rating(rated.get(0)));
                                                              List<Panel> panels =
                                                                  new ArrayList<>(
                                                                      List.of(
                                                                          onTime(byCarrier),
                                                                          transit(lanes),
                                                                          exceptions(summary),
                                                                          wismo(weekly),
                                                                          slowest(lanes)));
                                                              for (Satisfaction.Report r : rated) {
                                                                panels.add(satisfaction(r));
                                                              }
                                                              return new InsightsBoard(
                                                                  q.filters(),
                                                                  null,
                                                                  query,
                                                                  kpis,
                                                                  panels);
                                                            })))));
  }

  /** The satisfaction reports by carrier, service and lane, in that order. */
  private Uni<List<Satisfaction.Report>> satisfactionPanels(UUID storeId, InsightsQuery q) {
    return satisfaction
        .report(storeId, q, Satisfaction.Group.CARRIER)
        .chain(
            carriers ->
                satisfaction
                    .report(storeId, q, Satisfaction.Group.SERVICE)
                    .chain(
                        services ->
                            satisfaction
                                .report(storeId, q, Satisfaction.Group.LANE)
                                .map(lanes -> List.of(carriers, services, lanes))));
  }

  /** The mean rating over every rated parcel, from the per-carrier rows. */
  static Kpi rating(Satisfaction.Report byCarrier) {
    long rated = 0;
    long delivered = 0;
    double sum = 0;
    for (Satisfaction.Row r : byCarrier.rows()) {
      rated += r.rated();
      delivered += r.delivered();
      for (int i = 0; i < r.ratings().size(); i++) {
        sum += (i + 1) * r.ratings().get(i);
      }
    }
    return new Kpi(
        "Delivery rating",
        rated == 0 ? "–" : String.format(java.util.Locale.ROOT, "%.1f / 5", sum / rated),
        String.format("%,d of %,d delivered rated", rated, delivered));
  }

  static Panel satisfaction(Satisfaction.Report report) {
    Satisfaction.Group group = Satisfaction.Group.parse(report.groupBy());
    String by =
        switch (group) {
          case CARRIER -> "carrier";
          case SERVICE -> "service";
          case LANE -> "lane";
        };
    List<Bar> bars = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (Satisfaction.Row r : report.rows()) {
      String label = r.label(group);
      if (r.rated() >= SATISFACTION_MIN_RATED && bars.size() < SATISFACTION_SHOWN) {
        String avg = String.format(java.util.Locale.ROOT, "%.1f", r.averageRating());
        bars.add(
            new Bar(
                label,
                List.of(
                    new Segment(
                        r.averageRating(),
                        SEQUENTIAL[3],
                        label + ": " + avg + " of 5 from " + r.rated() + " ratings")),
                avg + " / 5"));
      }
      List<String> row = new ArrayList<>(List.of(label, String.format("%,d", r.delivered())));
      row.add(String.format("%,d", r.rated()));
      row.add(
          r.averageRating() == null
              ? "–"
              : String.format(java.util.Locale.ROOT, "%.2f", r.averageRating()));
      row.add(pct(r.satisfiedRate()));
      row.add(pct(r.onTimeRate()));
      rows.add(row);
    }
    Chart chart =
        Charts.bars(
            "chart-satisfaction-" + by,
            "Delivery rating per " + by,
            "Mean rating from 1 to 5 that shoppers gave delivered parcels, for the "
                + bars.size()
                + " "
                + by
                + (bars.size() == 1 ? "" : "s")
                + " with most deliveries and at least one rating. The table beside it gives the"
                + " on-time rate of the same parcels.",
            bars,
            5,
            "");
    return new Panel(
        "satisfaction-" + by,
        "Delivery satisfaction per " + by,
        "How shoppers rated parcels delivered in the period (1 to 5, asked on the tracking page"
            + " and in the delivered email), next to the on-time rate of the same parcels.",
        chart,
        new Table(
            "Delivery satisfaction per " + by,
            List.of(
                switch (group) {
                  case CARRIER -> "Carrier";
                  case SERVICE -> "Service";
                  case LANE -> "Lane (from → to)";
                },
                "Delivered",
                "Rated",
                "Mean rating",
                "Rated 4–5",
                "On time"),
            rows));
  }

  private static InsightsQuery with(InsightsQuery q, List<Dimension> groupBy, int limit) {
    return new InsightsQuery(q.filters(), groupBy, limit);
  }

  static List<Kpi> kpis(Summary s) {
    Metrics m = s.metrics();
    return List.of(
        new Kpi("Orders", String.format("%,d", m.orders()), null),
        new Kpi("Delivered", String.format("%,d", m.delivered()), null),
        new Kpi(
            "On time",
            pct(m.onTimeRate()),
            m.noPromise() > 0 ? String.format("%,d without a promise", m.noPromise()) : null),
        new Kpi(
            "Transit",
            days(m.transitP50Days()),
            m.transitP90Days() == null ? null : "p90 " + days(m.transitP90Days())),
        new Kpi(
            "Processing",
            hours(m.processingP50Hours()),
            m.processingP90Hours() == null ? null : "p90 " + hours(m.processingP90Hours())),
        new Kpi("With exceptions", pct(m.exceptionRate()), m.exceptionScans() + " scans"),
        new Kpi("Lost", pct(m.lostRate()), String.format("%,d parcels", m.lost())),
        new Kpi(
            "WISMO per 100 orders",
            num(m.wismoPer100Orders()),
            m.pageViewsPer100Orders() == null
                ? null
                : num(m.pageViewsPer100Orders()) + " page views per 100"));
  }

  static Panel onTime(Series byCarrier) {
    List<LocalDate> weeks = new ArrayList<>(new TreeSet<>(periods(byCarrier)));
    Map<String, Long> volume = new HashMap<>();
    Map<String, Map<LocalDate, Metrics>> cells = new HashMap<>();
    for (SeriesRow r : byCarrier.rows()) {
      if (r.carrier().isEmpty()) {
        continue;
      }
      volume.merge(r.carrier(), r.metrics().delivered(), Long::sum);
      cells.computeIfAbsent(r.carrier(), k -> new HashMap<>()).put(r.period(), r.metrics());
    }
    List<String> carriers =
        volume.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(CARRIERS_SHOWN)
            .map(Map.Entry::getKey)
            .toList();
    List<Charts.Series> lines = new ArrayList<>();
    List<String> head = new ArrayList<>(List.of("Week of"));
    for (String c : carriers) {
      List<Double> values = new ArrayList<>();
      for (LocalDate w : weeks) {
        Metrics m = cells.get(c).get(w);
        values.add(m == null ? null : m.onTimeRate());
      }
      lines.add(new Charts.Series(c.toUpperCase(java.util.Locale.ROOT), values));
      head.add(c.toUpperCase(java.util.Locale.ROOT));
    }
    List<List<String>> rows = new ArrayList<>();
    for (LocalDate w : weeks) {
      List<String> row = new ArrayList<>(List.of(w.toString()));
      for (String c : carriers) {
        Metrics m = cells.get(c).get(w);
        row.add(m == null || m.onTimeRate() == null ? "–" : pct(m.onTimeRate()));
      }
      rows.add(row);
    }
    Chart chart =
        Charts.lines(
            "chart-on-time",
            "On-time rate per carrier, by week",
            "Share of parcels delivered on or before the promised date, per carrier and week of"
                + " shipping, for the "
                + carriers.size()
                + " carriers with most deliveries.",
            weeks,
            lines,
            100.0,
            "%");
    return new Panel(
        "on-time",
        "On-time rate per carrier",
        "Delivered on or before the date the shopper was first given (the store's promise, else"
            + " Waybill's first window, else the carrier's first estimate), by week shipped.",
        chart,
        new Table("On-time rate per carrier and week", head, rows));
  }

  static Panel transit(Series lanes) {
    List<SeriesRow> top =
        lanes.rows().stream()
            .filter(r -> r.metrics().delivered() > 0)
            .sorted(Comparator.comparingLong((SeriesRow r) -> r.metrics().delivered()).reversed())
            .limit(LANES_SHOWN)
            .toList();
    List<Bar> bars = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (SeriesRow r : top) {
      Metrics m = r.metrics();
      long total = 0;
      for (Long c : m.transitHistogram()) {
        total += c;
      }
      List<Segment> segments = new ArrayList<>();
      List<String> row = new ArrayList<>(List.of(lane(r), String.format("%,d", m.delivered())));
      for (int g = 0; g < TRANSIT_GROUPS.length; g++) {
        long n = 0;
        for (int i : TRANSIT_GROUPS[g]) {
          n += m.transitHistogram().get(i);
        }
        double share = total == 0 ? 0 : 100.0 * n / total;
        segments.add(
            new Segment(
                share,
                SEQUENTIAL[g],
                lane(r) + ": " + Charts.fmt(Histograms.round(share)) + "% " + TRANSIT_LABELS[g]));
        row.add(Charts.fmt(Histograms.round(share)) + "%");
      }
      row.add(days(m.transitP50Days()));
      row.add(days(m.transitP90Days()));
      bars.add(new Bar(lane(r), segments, "p50 " + days(m.transitP50Days())));
      rows.add(row);
    }
    Chart chart =
        Charts.bars(
            "chart-transit",
            "Transit time distribution per lane",
            "For the "
                + top.size()
                + " busiest lanes, the share of deliveries in each transit-time band, from under"
                + " two days (lightest) to ten days or more (darkest).",
            bars,
            100,
            "%");
    for (int g = 0; g < TRANSIT_LABELS.length; g++) {
      chart.legend().add(new Chart.Key(TRANSIT_LABELS[g], SEQUENTIAL[g], ""));
    }
    List<String> head = new ArrayList<>(List.of("Lane", "Delivered"));
    head.addAll(List.of(TRANSIT_LABELS));
    head.addAll(List.of("p50", "p90"));
    return new Panel(
        "transit",
        "Transit time per lane",
        "Shipped to delivered, for the busiest lanes (carrier, service, destination).",
        chart,
        new Table("Transit time distribution per lane", head, rows));
  }

  static Panel exceptions(Summary s) {
    Exceptions e = s.metrics().exceptionsByParty();
    Map<String, Long> parties = new LinkedHashMap<>();
    parties.put("Carrier", e.carrier());
    parties.put("Consignee", e.consignee());
    parties.put("Customs", e.customs());
    parties.put("Force majeure", e.forceMajeure());
    parties.put("Retailer", e.retailer());
    parties.put("Unknown", e.unknown());
    long total = e.total();
    long max = parties.values().stream().mapToLong(Long::longValue).max().orElse(0);
    List<Bar> bars = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    parties.forEach(
        (party, n) -> {
          String share = total == 0 ? "–" : Charts.fmt(Histograms.round(100.0 * n / total)) + "%";
          bars.add(
              new Bar(
                  party,
                  List.of(new Segment(n, Chart.PALETTE[0], party + ": " + n + " scans")),
                  String.format("%,d", n)));
          rows.add(List.of(party, String.format("%,d", n), share));
        });
    Chart chart =
        Charts.bars(
            "chart-exceptions",
            "Exception and delay scans by cause",
            "Number of exception and delay scans in the period, by who caused them: "
                + total
                + " in all, "
                + s.metrics().delayScans()
                + " of them delays of parcels still moving.",
            bars,
            Math.max(1, niceCeil(max)),
            "");
    return new Panel(
        "exceptions",
        "Exceptions by cause",
        String.format(
            "%,d exception and delay scans, %,d of them delays; %s of shipments had at least"
                + " one.",
            total, s.metrics().delayScans(), pct(s.metrics().exceptionRate())),
        chart,
        new Table("Exception and delay scans by cause", List.of("Cause", "Scans", "Share"), rows));
  }

  static Panel wismo(Series weekly) {
    List<LocalDate> weeks = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (SeriesRow r : weekly.rows()) {
      Metrics m = r.metrics();
      weeks.add(r.period());
      values.add(m.wismoPer100Orders());
      rows.add(
          List.of(
              r.period().toString(),
              String.format("%,d", m.orders()),
              String.format("%,d", m.wismoCases()),
              num(m.wismoPer100Orders()),
              m.pageViews() == null ? "–" : String.format("%,d", m.pageViews()),
              num(m.pageViewsPer100Orders())));
    }
    Chart chart =
        Charts.lines(
            "chart-wismo",
            "Where-is-my-order contacts per 100 orders, by week",
            "Support cases asking where an order is (not received, delivered but not received,"
                + " delayed) per 100 orders placed, by week.",
            weeks,
            List.of(new Charts.Series("WISMO cases per 100 orders", values)),
            null,
            "");
    return new Panel(
        "wismo",
        "WISMO per 100 orders",
        "Fewer contacts per order means shoppers learn where their parcel is before they ask."
            + " Page views are counted per store and shown when no carrier or place filter is"
            + " set.",
        chart,
        new Table(
            "Where-is-my-order contacts and tracking-page views by week",
            List.of(
                "Week of",
                "Orders",
                "WISMO cases",
                "Per 100 orders",
                "Page views",
                "Views per 100 orders"),
            rows));
  }

  static Panel slowest(Series lanes) {
    int min = SLOWEST_MIN_DELIVERIES;
    if (lanes.rows().stream().noneMatch(r -> r.metrics().delivered() >= SLOWEST_MIN_DELIVERIES)) {
      min = 1;
    }
    int threshold = min;
    List<SeriesRow> slow =
        lanes.rows().stream()
            .filter(
                r -> r.metrics().delivered() >= threshold && r.metrics().transitP90Days() != null)
            .sorted(
                Comparator.comparingDouble((SeriesRow r) -> r.metrics().transitP90Days())
                    .thenComparingDouble(r -> r.metrics().transitP50Days())
                    .reversed())
            .limit(SLOWEST_SHOWN)
            .toList();
    double max = 0;
    List<Bar> bars = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (SeriesRow r : slow) {
      Metrics m = r.metrics();
      max = Math.max(max, m.transitP90Days());
      bars.add(
          new Bar(
              lane(r),
              List.of(
                  new Segment(
                      m.transitP50Days(),
                      Chart.PALETTE[0],
                      lane(r) + ": p50 " + days(m.transitP50Days())),
                  new Segment(
                      m.transitP90Days() - m.transitP50Days(),
                      "#9ecae1",
                      lane(r) + ": p90 " + days(m.transitP90Days()))),
              "p90 " + days(m.transitP90Days())));
      rows.add(
          List.of(
              lane(r),
              String.format("%,d", m.delivered()),
              days(m.transitP50Days()),
              days(m.transitP90Days()),
              pct(m.onTimeRate())));
    }
    Chart chart =
        Charts.bars(
            "chart-slowest",
            "Slowest lanes by 90th-percentile transit time",
            "The "
                + slow.size()
                + " lanes with the longest 90th-percentile transit time; the dark part of each"
                + " bar reaches the median, the light part the 90th percentile.",
            bars,
            Math.max(1, niceCeil(max)),
            " d");
    chart.legend().add(new Chart.Key("median (p50)", Chart.PALETTE[0], ""));
    chart.legend().add(new Chart.Key("up to p90", "#9ecae1", ""));
    return new Panel(
        "slowest",
        "Slowest lanes",
        threshold > 1
            ? "Lanes with at least " + threshold + " deliveries, slowest first."
            : "Every lane with a delivery, slowest first.",
        chart,
        new Table("Slowest lanes", List.of("Lane", "Delivered", "p50", "p90", "On time"), rows));
  }

  static String lane(SeriesRow r) {
    StringBuilder sb = new StringBuilder(r.carrier().toUpperCase(java.util.Locale.ROOT));
    if (!r.service().isEmpty()) {
      sb.append(' ').append(r.service());
    }
    sb.append(" → ").append(r.country().isEmpty() ? "?" : r.country());
    if (!r.region().isEmpty()) {
      sb.append(' ').append(r.region());
    }
    return sb.toString();
  }

  private static List<LocalDate> periods(Series s) {
    List<LocalDate> out = new ArrayList<>();
    for (SeriesRow r : s.rows()) {
      out.add(r.period());
    }
    return out;
  }

  private static double niceCeil(double max) {
    if (max <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * magnitude >= max) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  static String pct(Double v) {
    return v == null ? "–" : Charts.fmt(v) + "%";
  }

  static String num(Double v) {
    return v == null ? "–" : Charts.fmt(v);
  }

  static String days(Double v) {
    return v == null ? "–" : Charts.fmt(v) + " d";
  }

  static String hours(Double v) {
    return v == null ? "–" : Charts.fmt(v) + " h";
  }
}
