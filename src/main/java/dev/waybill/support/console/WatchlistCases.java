package dev.waybill.support.console;

import dev.waybill.orders.OrderService;
import dev.waybill.platform.security.FormRefusal;
import dev.waybill.platform.security.ProtectedForm;
import dev.waybill.platform.security.RefusedForm;
import dev.waybill.support.CaseType;
import dev.waybill.support.ContactChannel;
import dev.waybill.support.NewCase;
import dev.waybill.support.SupportCases;
import dev.waybill.tracking.TrackingService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/** A support case opened for a shipment on the watchlist, with the order's full context. */
@Path("/console/{slug}/watchlist/case")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
public class WatchlistCases implements FormRefusal {

  private final ConsoleAccess access;
  private final OrderService orders;
  private final TrackingService tracking;
  private final SupportCases cases;

  public WatchlistCases(
      ConsoleAccess access, OrderService orders, TrackingService tracking, SupportCases cases) {
    this.access = access;
    this.orders = orders;
    this.tracking = tracking;
    this.cases = cases;
  }

  @POST
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Open a support case for a shipment on the watchlist")
  public Uni<Response> openCase(
      @PathParam("slug") String slug,
      @RestForm String orderNumber,
      @RestForm UUID shipmentId,
      @RestForm String why) {
    if (orderNumber == null) {
      return Uni.createFrom().item(ConsoleAccess.redirect(slug, ""));
    }
    Watchlist.Why reason;
    try {
      reason = Watchlist.Why.valueOf(why == null ? "STUCK" : why);
    } catch (IllegalArgumentException e) {
      return Uni.createFrom().item(ConsoleAccess.redirect(slug, ""));
    }
    return access
        .signature()
        .chain(
            agent ->
                access
                    .access(slug)
                    .chain(
                        store ->
                            orders
                                .get(store.id(), orderNumber)
                                .chain(
                                    order ->
                                        tracking
                                            .forStaff(store.id(), orderNumber)
                                            .chain(
                                                lookup ->
                                                    cases.open(
                                                        new NewCase(
                                                            store.id(),
                                                            orderNumber,
                                                            shipmentId,
                                                            caseType(reason),
                                                            "Opened from the watchlist by "
                                                                + agent
                                                                + ": "
                                                                + reason.name(),
                                                            ContactChannel.EMAIL,
                                                            order.customer().email(),
                                                            order.customer().phone(),
                                                            order.locale(),
                                                            new String(
                                                                lookup.body(),
                                                                StandardCharsets.UTF_8),
                                                            // The same shipment and reason open
                                                            // one case, however often clicked.
                                                            "watch-" + shipmentId + "-" + reason,
                                                            "CONSOLE"))))))
        .map(reference -> ConsoleAccess.redirect(slug, "/cases/" + reference));
  }

  private static CaseType caseType(Watchlist.Why why) {
    return switch (why) {
      case NOT_RECEIVED -> CaseType.DELIVERED_NOT_RECEIVED;
      case AT_RISK, LATE, STUCK -> CaseType.DELAYED;
      case CLAIM_DUE, RETURNED, PROBLEM -> CaseType.OTHER;
    };
  }

  /** A refused post goes back to the watchlist, having opened nothing. */
  @Override
  public Uni<Response> refuse(RefusedForm form) {
    return Uni.createFrom().item(ConsoleAccess.redirect(form.path("slug"), ""));
  }
}
