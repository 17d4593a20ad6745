package dev.waybill.insights.analytics;

import dev.waybill.insights.analytics.InsightsViews.Filters;
import java.util.List;

/** What the console's analytics page shows. */
public record InsightsBoard(
    Filters filters, String error, String query, List<Kpi> kpis, List<Panel> panels) {

  /** One headline figure. */
  public record Kpi(String label, String value, String note) {}

  /** A chart with its numbers as a table. */
  public record Panel(String id, String heading, String note, Chart chart, Table table) {}

  /** A plain table; the first column heads its row. */
  public record Table(String caption, List<String> head, List<List<String>> rows) {}
}
