package dev.waybill.support.console;

import dev.waybill.insights.promises.PromiseViews.CalibrationState;
import dev.waybill.insights.promises.PromiseViews.EstimateChange;
import dev.waybill.notifications.NotificationViews.LogEntry;
import dev.waybill.orders.OrderViews.OrderSummary;
import dev.waybill.orders.OrderViews.OrderView;
import dev.waybill.support.SupportViews.CaseDetail;
import dev.waybill.support.SupportViews.CaseSummary;
import dev.waybill.support.agents.ConsoleStore;
import dev.waybill.support.agents.InvitationView;
import dev.waybill.support.agents.TeamMember;
import dev.waybill.support.claims.ClaimViews.ClaimReminder;
import dev.waybill.support.console.Watchlist.ShipmentNote;
import dev.waybill.support.console.Watchlist.WatchItem;
import dev.waybill.tracking.TrackingView;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the console's templates show. */
public final class ConsoleViews {

  private ConsoleViews() {}

  /** The frame around every console page: who is signed in, which store, the sign-out form. */
  public record Frame(String agent, ConsoleStore store, String csrf, String formId) {

    public Frame(String agent, ConsoleStore store, String csrf) {
      // A fresh id per rendered page: a form posted twice from it does its work once.
      this(agent, store, csrf, UUID.randomUUID().toString());
    }
  }

  public record Home(
      String query, List<WatchItem> watchlist, List<CaseSummary> openCases, Notice notice) {}

  /** What the page says about the action just taken; an error is shown as one. */
  public record Notice(String text, boolean error) {}

  public record Results(String query, List<OrderSummary> orders) {}

  public record Story(
      OrderView order,
      TrackingView tracking,
      List<CaseSummary> cases,
      List<LogEntry> messages,
      Map<UUID, List<EstimateChange>> estimates,
      Map<UUID, List<ShipmentNote>> notes,
      Map<UUID, List<ClaimReminder>> claims,
      List<CalibrationState> calibrations,
      Notice notice) {}

  /** The store's team, for its admins. */
  public record Team(
      List<TeamMember> members,
      List<InvitationView> invitations,
      List<String> roles,
      Notice notice) {}

  /**
   * A case, with the reply its order's state suggests (or the one the agent picked), ready to copy
   * or open in a mail app through {@code mailto}; {@code reply} is null when the order is gone.
   */
  public record CasePage(
      CaseDetail detail,
      List<String> statuses,
      String notice,
      dev.waybill.support.replies.ReplyViews.Reply reply,
      List<String> templates,
      String mailto,
      List<dev.waybill.notifications.NotificationViews.LogEntry> repliesSent) {}
}
