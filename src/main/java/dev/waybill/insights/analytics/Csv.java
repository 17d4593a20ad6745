package dev.waybill.insights.analytics;

import dev.waybill.insights.analytics.InsightsViews.Metrics;
import dev.waybill.insights.analytics.InsightsViews.Series;
import dev.waybill.insights.analytics.InsightsViews.SeriesRow;
import io.smallrye.mutiny.Multi;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * Series as RFC 4180 CSV that spreadsheets open cleanly: a byte-order mark so Excel reads UTF-8,
 * CRLF line ends, a header row, ISO dates, dots as decimal separators, and text that could start a
 * formula defused with a leading apostrophe.
 */
final class Csv {

  private static final String BOM = "\uFEFF";

  private Csv() {}

  static String write(Series series) {
    return header(series.groupBy()) + rows(series);
  }

  /** The byte-order mark and the header row, for a series grouped by {@code groupBy}. */
  static String header(List<String> groupBy) {
    StringBuilder out = new StringBuilder(BOM);
    List<String> header = new ArrayList<>(groupBy);
    header.addAll(
        List.of(
            "orders",
            "shipments",
            "shipped",
            "delivered",
            "early",
            "on_time",
            "late",
            "no_promise",
            "on_time_rate_pct",
            "no_promise_rate_pct",
            "processing_p50_hours",
            "processing_p90_hours",
            "processing_mean_hours",
            "transit_p50_days",
            "transit_p90_days",
            "transit_mean_days",
            "exception_scans",
            "delay_scans",
            "exceptions_carrier",
            "exceptions_consignee",
            "exceptions_customs",
            "exceptions_force_majeure",
            "exceptions_retailer",
            "exceptions_unknown",
            "exception_rate_pct",
            "lost",
            "lost_rate_pct",
            "wismo_cases",
            "wismo_per_100_orders",
            "page_views",
            "page_views_per_100_orders"));
    line(out, header);
    return out.toString();
  }

  /** A page of rows, without the header: an export writes each page as soon as it is read. */
  static String rows(Series series) {
    StringBuilder out = new StringBuilder(series.rows().size() * 160);
    for (SeriesRow row : series.rows()) {
      List<String> cells = new ArrayList<>();
      for (String dim : series.groupBy()) {
        cells.add(
            switch (dim) {
              case "day", "week", "month" -> row.period().toString();
              case "carrier" -> text(row.carrier());
              case "service" -> text(row.service());
              case "country" -> text(row.country());
              default -> text(row.region());
            });
      }
      Metrics m = row.metrics();
      cells.addAll(
          values(
              m.orders(),
              m.shipments(),
              m.shipped(),
              m.delivered(),
              m.early(),
              m.onTime(),
              m.late(),
              m.noPromise(),
              m.onTimeRate(),
              m.noPromiseRate(),
              m.processingP50Hours(),
              m.processingP90Hours(),
              m.processingMeanHours(),
              m.transitP50Days(),
              m.transitP90Days(),
              m.transitMeanDays(),
              m.exceptionScans(),
              m.delayScans(),
              m.exceptionsByParty().carrier(),
              m.exceptionsByParty().consignee(),
              m.exceptionsByParty().customs(),
              m.exceptionsByParty().forceMajeure(),
              m.exceptionsByParty().retailer(),
              m.exceptionsByParty().unknown(),
              m.exceptionRate(),
              m.lost(),
              m.lostRate(),
              m.wismoCases(),
              m.wismoPer100Orders(),
              m.pageViews(),
              m.pageViewsPer100Orders()));
      line(out, cells);
    }
    return out.toString();
  }

  /**
   * The export as a streamed response: the header first, then each page of rows as it is read, with
   * the download's file name.
   */
  static RestMulti<String> stream(Multi<Series> pages, InsightsQuery query) {
    String header =
        header(query.groupBy().stream().map(d -> d.name().toLowerCase(Locale.ROOT)).toList());
    // The header goes with the first page: a request that fails before it (a bad store, the
    // database) still gets its problem document rather than half a file.
    AtomicBoolean first = new AtomicBoolean(true);
    Multi<String> body = pages.map(page -> (first.getAndSet(false) ? header : "") + rows(page));
    return RestMulti.fromMultiData(body)
        .header(
            "Content-Disposition",
            "attachment; filename=\"waybill-insights-"
                + query.filters().from()
                + "-to-"
                + query.filters().to()
                + ".csv\"")
        .header("Cache-Control", "no-store")
        .build();
  }

  private static List<String> values(Object... values) {
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      out.add(v == null ? "" : v.toString());
    }
    return out;
  }

  /** Merchant-supplied text; one starting like a formula would run as one in a spreadsheet. */
  static String text(String s) {
    if (s == null) {
      return "";
    }
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      return "'" + s;
    }
    return s;
  }

  private static void line(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(quote(cells.get(i)));
    }
    out.append("\r\n");
  }

  static String quote(String cell) {
    if (cell.indexOf(',') < 0
        && cell.indexOf('"') < 0
        && cell.indexOf('\n') < 0
        && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
