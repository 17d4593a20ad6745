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
public final class Csv {

  private static final String BOM = "\uFEFF";
  private static final int CHUNK_ROWS = 500;

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
    return rows(series, 0, series.rows().size());
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive) of a page. */
  static String rows(Series series, int from, int to) {
    // Written straight into one buffer: an export can hold thousands of rows of thirty cells.
    StringBuilder out = new StringBuilder((to - from) * 200);
    for (SeriesRow row : series.rows().subList(from, to)) {
      boolean first = true;
      for (String dim : series.groupBy()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(
            switch (dim) {
              case "day", "week", "month" -> row.period().toString();
              case "carrier" -> quote(text(row.carrier()));
              case "service" -> quote(text(row.service()));
              case "country" -> quote(text(row.country()));
              default -> quote(text(row.region()));
            });
      }
      Metrics m = row.metrics();
      cell(out, first, m.orders());
      cell(out, m.shipments());
      cell(out, m.shipped());
      cell(out, m.delivered());
      cell(out, m.early());
      cell(out, m.onTime());
      cell(out, m.late());
      cell(out, m.noPromise());
      cell(out, m.onTimeRate());
      cell(out, m.noPromiseRate());
      cell(out, m.processingP50Hours());
      cell(out, m.processingP90Hours());
      cell(out, m.processingMeanHours());
      cell(out, m.transitP50Days());
      cell(out, m.transitP90Days());
      cell(out, m.transitMeanDays());
      cell(out, m.exceptionScans());
      cell(out, m.delayScans());
      cell(out, m.exceptionsByParty().carrier());
      cell(out, m.exceptionsByParty().consignee());
      cell(out, m.exceptionsByParty().customs());
      cell(out, m.exceptionsByParty().forceMajeure());
      cell(out, m.exceptionsByParty().retailer());
      cell(out, m.exceptionsByParty().unknown());
      cell(out, m.exceptionRate());
      cell(out, m.lost());
      cell(out, m.lostRate());
      cell(out, m.wismoCases());
      cell(out, m.wismoPer100Orders());
      cell(out, m.pageViews());
      cell(out, m.pageViewsPer100Orders());
      out.append("\r\n");
    }
    return out.toString();
  }

  private static void cell(StringBuilder out, boolean first, long value) {
    if (!first) {
      out.append(',');
    }
    out.append(value);
  }

  private static void cell(StringBuilder out, long value) {
    out.append(',').append(value);
  }

  /** Numbers need no quoting; an absent one is an empty cell. */
  private static void cell(StringBuilder out, Number value) {
    out.append(',');
    if (value != null) {
      out.append(value);
    }
  }

  /**
   * The export as a streamed response: the header first, then each page of rows as it is read, with
   * the download's file name.
   */
  public static RestMulti<String> stream(Multi<Series> pages, InsightsQuery query) {
    String header =
        header(query.groupBy().stream().map(d -> d.name().toLowerCase(Locale.ROOT)).toList());
    // The header goes with the first page: a request that fails before it (a bad store, the
    // database) still gets its problem document rather than half a file.
    AtomicBoolean first = new AtomicBoolean(true);
    // Each page goes out in chunks, so no single string holds a whole page of thousands of rows.
    Multi<String> body =
        pages
            .onItem()
            .transformToMultiAndConcatenate(
                page -> {
                  List<String> chunks = new ArrayList<>();
                  int size = page.rows().size();
                  for (int i = 0; i < size; i += CHUNK_ROWS) {
                    chunks.add(rows(page, i, Math.min(size, i + CHUNK_ROWS)));
                  }
                  if (first.getAndSet(false)) {
                    chunks.add(0, header);
                  }
                  return Multi.createFrom().iterable(chunks);
                });
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

  static void line(StringBuilder out, List<String> cells) {
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
