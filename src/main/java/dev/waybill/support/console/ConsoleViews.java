package dev.waybill.support.console;

import dev.waybill.insights.promises.PromiseViews.EstimateChange;
import dev.waybill.notifications.NotificationViews.LogEntry;
import dev.waybill.orders.OrderViews.OrderSummary;
import dev.waybill.orders.OrderViews.OrderView;
import dev.waybill.orders.Watchlist.WatchItem;
import dev.waybill.support.SupportViews.CaseDetail;
import dev.waybill.support.SupportViews.CaseSummary;
import dev.waybill.support.agents.ConsoleStore;
import dev.waybill.tracking.TrackingView;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the console's templates show. */
public final class ConsoleViews {

  private ConsoleViews() {}

  /** The frame around every console page: who is signed in, which store, the sign-out form. */
  public record Frame(String agent, ConsoleStore store, String csrf) {}

  public record Home(String query, List<WatchItem> watchlist, List<CaseSummary> openCases) {}

  public record Results(String query, List<OrderSummary> orders) {}

  public record Story(
      OrderView order,
      TrackingView tracking,
      List<CaseSummary> cases,
      List<LogEntry> messages,
      Map<UUID, List<EstimateChange>> estimates) {}

  public record CasePage(CaseDetail detail, List<String> statuses, String notice) {}
}
