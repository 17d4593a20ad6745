package dev.waybill.support.console;

import dev.waybill.insights.promises.PromiseService;
import dev.waybill.insights.promises.PromiseViews.CalibrationState;
import dev.waybill.insights.promises.PromiseViews.EstimateChange;
import dev.waybill.insights.promises.PromiseViews.EstimateHistory;
import dev.waybill.notifications.NotificationLog;
import dev.waybill.orders.OrderService;
import dev.waybill.orders.OrderViews.OrderView;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.support.CaseFilter;
import dev.waybill.support.SupportCases;
import dev.waybill.support.claims.ClaimReminders;
import dev.waybill.support.claims.ClaimViews.ClaimReminder;
import dev.waybill.support.console.ConsoleViews.Frame;
import dev.waybill.support.console.ConsoleViews.Story;
import dev.waybill.tracking.TrackingService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An order's whole story on one page: its parcels as the shopper sees them, cases, messages sent,
 * how each promise was revised, support's notes and claim reminders.
 */
@Path("/console/{slug}/orders/{orderNumber}")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
public class OrderStoryPage {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance story(Frame frame, Story story);
  }

  private final ConsoleAccess access;
  private final OrderService orders;
  private final TrackingService tracking;
  private final SupportCases cases;
  private final NotificationLog messages;
  private final PromiseService promises;
  private final Watchlist watchlist;
  private final ClaimReminders claims;

  public OrderStoryPage(
      ConsoleAccess access,
      OrderService orders,
      TrackingService tracking,
      SupportCases cases,
      NotificationLog messages,
      PromiseService promises,
      Watchlist watchlist,
      ClaimReminders claims) {
    this.access = access;
    this.orders = orders;
    this.tracking = tracking;
    this.cases = cases;
    this.messages = messages;
    this.promises = promises;
    this.watchlist = watchlist;
    this.claims = claims;
  }

  @GET
  @Operation(summary = "An order's whole story")
  public Uni<Response> order(
      @PathParam("slug") String slug,
      @PathParam("orderNumber") String orderNumber,
      @QueryParam("done") String done,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    return access.page(
        slug,
        cookie,
        false,
        frame ->
            orders
                .get(frame.store().id(), orderNumber)
                .chain(
                    order ->
                        tracking
                            .forStaff(frame.store().id(), orderNumber)
                            .map(lookup -> tracking.view(lookup))
                            .chain(
                                view ->
                                    Uni.combine()
                                        .all()
                                        .unis(
                                            cases.list(
                                                frame.store().id(),
                                                new CaseFilter(null, null, orderNumber, null, 100)),
                                            messages.forOrder(frame.store().id(), order.id()),
                                            estimates(frame.store().id(), order),
                                            watchlist.notes(frame.store().id(), order.id()),
                                            claims.forOrder(frame.store().id(), order.id()),
                                            calibrations(frame.store().id(), order))
                                        .with(
                                            (found,
                                                sent,
                                                revisions,
                                                notes,
                                                reminders,
                                                calibrations) ->
                                                Templates.story(
                                                        frame,
                                                        new Story(
                                                            order,
                                                            view,
                                                            found.items(),
                                                            sent,
                                                            revisions,
                                                            notes,
                                                            byShipment(reminders),
                                                            calibrations,
                                                            EscalationActions.notice(done)))
                                                    .render()))));
  }

  private static Map<UUID, List<ClaimReminder>> byShipment(List<ClaimReminder> reminders) {
    Map<UUID, List<ClaimReminder>> out = new HashMap<>();
    reminders.forEach(r -> out.computeIfAbsent(r.shipmentId(), k -> new ArrayList<>()).add(r));
    return out;
  }

  /** The levels the store's dates are read at, to explain a promise; none without parcels. */
  private Uni<List<CalibrationState>> calibrations(UUID storeId, OrderView order) {
    if (order.shipments().isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return promises.calibrations(storeId);
  }

  /** Each parcel's promise as it was revised, oldest first. */
  private Uni<Map<UUID, List<EstimateChange>>> estimates(UUID storeId, OrderView order) {
    if (order.shipments().isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    List<Uni<EstimateHistory>> all =
        order.shipments().stream().map(s -> promises.history(storeId, s.id())).toList();
    return Uni.join()
        .all(all)
        .andFailFast()
        .map(
            histories -> {
              Map<UUID, List<EstimateChange>> out = new HashMap<>();
              histories.forEach(h -> out.put(h.shipmentId(), h.changes()));
              return out;
            });
  }
}
