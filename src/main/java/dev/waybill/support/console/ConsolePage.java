package dev.waybill.support.console;

import dev.waybill.insights.promises.PromiseService;
import dev.waybill.insights.promises.PromiseViews.EstimateChange;
import dev.waybill.insights.promises.PromiseViews.EstimateHistory;
import dev.waybill.notifications.NotificationLog;
import dev.waybill.orders.OrderFilter;
import dev.waybill.orders.OrderService;
import dev.waybill.orders.OrderViews.OrderView;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.support.CaseFilter;
import dev.waybill.support.CaseStatus;
import dev.waybill.support.CaseType;
import dev.waybill.support.ContactChannel;
import dev.waybill.support.NewCase;
import dev.waybill.support.SupportCases;
import dev.waybill.support.SupportRequests.UpdateCase;
import dev.waybill.support.agents.Agents;
import dev.waybill.support.agents.ConsoleStore;
import dev.waybill.support.claims.ClaimReminders;
import dev.waybill.support.claims.ClaimViews.ClaimReminder;
import dev.waybill.support.console.ConsoleViews.CasePage;
import dev.waybill.support.console.ConsoleViews.Frame;
import dev.waybill.support.console.ConsoleViews.Home;
import dev.waybill.support.console.ConsoleViews.Results;
import dev.waybill.support.console.ConsoleViews.Story;
import dev.waybill.tracking.TrackingService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The support console: search, an order's whole story, cases and the watchlist. Agents sign in with
 * the form at {@code /console/login}; every other page needs a session.
 */
@Path("/console")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
public class ConsolePage {

  static final String SESSION_COOKIE = "wb_console";

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance login(boolean failed, boolean refused, String action);

    static native TemplateInstance stores(String agent, List<ConsoleStore> stores, String csrf);

    static native TemplateInstance home(Frame frame, Home home);

    static native TemplateInstance results(Frame frame, Results results);

    static native TemplateInstance order(Frame frame, Story story);

    static native TemplateInstance supportCase(Frame frame, CasePage page);

    static native TemplateInstance missing(Frame frame, String what);

    static native TemplateInstance forbidden(Frame frame);
  }

  private final ConsoleAccess access;
  private final Agents agents;
  private final OrderService orders;
  private final Watchlist watchlist;
  private final SupportCases cases;
  private final TrackingService tracking;
  private final FormGuard guard;
  private final ConsoleConfig config;
  private final NotificationLog messages;
  private final PromiseService promises;
  private final ClaimReminders claims;
  private final SignInGuard signIn;

  public ConsolePage(
      ConsoleAccess access,
      Agents agents,
      OrderService orders,
      Watchlist watchlist,
      SupportCases cases,
      TrackingService tracking,
      FormGuard guard,
      ConsoleConfig config,
      NotificationLog messages,
      PromiseService promises,
      ClaimReminders claims,
      SignInGuard signIn) {
    this.access = access;
    this.agents = agents;
    this.orders = orders;
    this.watchlist = watchlist;
    this.cases = cases;
    this.tracking = tracking;
    this.guard = guard;
    this.config = config;
    this.messages = messages;
    this.promises = promises;
    this.claims = claims;
    this.signIn = signIn;
  }

  @GET
  @Path("/login")
  @Operation(summary = "The console's sign-in form")
  public Response login(
      @QueryParam("error") String error, @CookieParam(FormGuard.COOKIE) String cookie) {
    FormGuard.Issued issued = guard.issue(cookie);
    return html(200, loginForm(error != null, false, signIn.action(issued)), issued.cookie());
  }

  /** The sign-in page; {@link SignInGuard} shows it again when it refuses a post. */
  static String loginForm(boolean failed, boolean refused, String action) {
    return Templates.login(failed, refused, action).render();
  }

  @POST
  @Path("/logout")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Sign out of the console")
  public Response logout(
      @CookieParam(FormGuard.COOKIE) String cookie,
      @HeaderParam("Origin") String origin,
      @HeaderParam(HttpHeaders.HOST) String host,
      @RestForm String csrf) {
    if (!guard.accepts(cookie, csrf, origin, host)) {
      return Response.seeOther(URI.create("/console")).build();
    }
    NewCookie expired =
        new NewCookie.Builder(SESSION_COOKIE)
            .value("")
            .path("/console")
            .maxAge(0)
            .httpOnly(true)
            .build();
    return Response.seeOther(URI.create("/console/login")).cookie(expired).build();
  }

  @GET
  @Operation(summary = "The stores the agent may see")
  public Uni<Response> stores(@CookieParam(FormGuard.COOKIE) String cookie) {
    return agent()
        .chain(
            agent ->
                agents
                    .stores(agent)
                    .map(
                        stores -> {
                          if (stores.size() == 1) {
                            return Response.seeOther(URI.create("/console/" + stores.get(0).slug()))
                                .build();
                          }
                          FormGuard.Issued issued = guard.issue(cookie);
                          return html(
                              200,
                              Templates.stores(agent, stores, issued.field()).render(),
                              issued.cookie());
                        }));
  }

  @GET
  @Path("/{slug}")
  @Operation(summary = "A store's console: search, watchlist and open cases")
  public Uni<Response> home(
      @PathParam("slug") String slug,
      @QueryParam("done") String done,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    return page(
        slug,
        cookie,
        frame ->
            watchlist
                .forStore(frame.store().id(), config.stuckAfter(), config.watchlistSize())
                .chain(
                    watch ->
                        cases
                            .list(
                                frame.store().id(),
                                new CaseFilter(CaseStatus.OPEN, null, null, null, 50))
                            .map(
                                open ->
                                    Templates.home(
                                            frame,
                                            new Home(
                                                null,
                                                watch,
                                                open.items(),
                                                EscalationActions.notice(done)))
                                        .render())));
  }

  @GET
  @Path("/{slug}/search")
  @Operation(summary = "Find an order by number, email, tracking number or case reference")
  public Uni<Response> search(
      @PathParam("slug") String slug,
      @QueryParam("q") String query,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    String q = query == null ? "" : query.trim();
    if (q.isEmpty()) {
      return Uni.createFrom().item(Response.seeOther(URI.create("/console/" + slug)).build());
    }
    return access(slug)
        .chain(
            store -> {
              if (q.toUpperCase(java.util.Locale.ROOT).matches("WB-[0-9A-Z]{6}")) {
                return cases
                    .get(store.id(), q.toUpperCase(java.util.Locale.ROOT))
                    .map(c -> redirect(slug, "/cases/" + c.reference()))
                    .onFailure(Problems.NotFound.class)
                    .recoverWithUni(() -> results(slug, cookie, q, List.of()));
              }
              return find(store.id(), q)
                  .chain(
                      found ->
                          found.size() == 1
                              ? Uni.createFrom()
                                  .item(
                                      redirect(slug, "/orders/" + enc(found.get(0).orderNumber())))
                              : results(slug, cookie, q, found));
            });
  }

  @GET
  @Path("/{slug}/orders/{orderNumber}")
  @Operation(summary = "An order's whole story")
  public Uni<Response> order(
      @PathParam("slug") String slug,
      @PathParam("orderNumber") String orderNumber,
      @QueryParam("done") String done,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    return page(
        slug,
        cookie,
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
                                            claims.forOrder(frame.store().id(), order.id()))
                                        .with(
                                            (found, sent, revisions, notes, reminders) ->
                                                Templates.order(
                                                        frame,
                                                        new Story(
                                                            order,
                                                            view,
                                                            found.items(),
                                                            sent,
                                                            revisions,
                                                            notes,
                                                            byShipment(reminders),
                                                            EscalationActions.notice(done)))
                                                    .render()))));
  }

  private static Map<UUID, List<ClaimReminder>> byShipment(List<ClaimReminder> reminders) {
    Map<UUID, List<ClaimReminder>> out = new HashMap<>();
    reminders.forEach(
        r -> out.computeIfAbsent(r.shipmentId(), k -> new java.util.ArrayList<>()).add(r));
    return out;
  }

  @GET
  @Path("/{slug}/cases/{reference}")
  @Operation(summary = "A support case")
  public Uni<Response> supportCase(
      @PathParam("slug") String slug,
      @PathParam("reference") String reference,
      @QueryParam("saved") String saved,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    return page(
        slug,
        cookie,
        frame ->
            cases
                .get(frame.store().id(), reference)
                .map(
                    detail ->
                        Templates.supportCase(
                                frame,
                                new CasePage(
                                    detail,
                                    Arrays.stream(CaseStatus.values()).map(Enum::name).toList(),
                                    saved == null ? null : "Saved."))
                            .render()));
  }

  @POST
  @Path("/{slug}/cases/{reference}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Add a note to a case or change its status")
  public Uni<Response> updateCase(
      @PathParam("slug") String slug,
      @PathParam("reference") String reference,
      @CookieParam(FormGuard.COOKIE) String cookie,
      @HeaderParam("Origin") String origin,
      @HeaderParam(HttpHeaders.HOST) String host,
      @RestForm String csrf,
      @RestForm String submission,
      @RestForm String status,
      @RestForm String note) {
    if (!guard.accepts(cookie, csrf, origin, host)) {
      return Uni.createFrom().item(redirect(slug, "/cases/" + reference));
    }
    CaseStatus to;
    try {
      to = status == null || status.isBlank() ? null : CaseStatus.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw new Problems.Invalid("status", "is not a case status");
    }
    String text = note == null || note.isBlank() ? null : note.trim();
    return signature()
        .chain(
            agent ->
                access(slug)
                    .chain(
                        store ->
                            cases.update(
                                store.id(),
                                reference,
                                new UpdateCase(to, null, text, agent),
                                agent,
                                submission)))
        .map(done -> redirect(slug, "/cases/" + reference + "?saved=1"));
  }

  @POST
  @Path("/{slug}/messages/{id}/resend")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Send a message to the shopper again")
  public Uni<Response> resend(
      @PathParam("slug") String slug,
      @PathParam("id") UUID id,
      @CookieParam(FormGuard.COOKIE) String cookie,
      @HeaderParam("Origin") String origin,
      @HeaderParam(HttpHeaders.HOST) String host,
      @RestForm String csrf,
      @RestForm String orderNumber) {
    String back = "/orders/" + enc(orderNumber == null ? "" : orderNumber);
    if (!guard.accepts(cookie, csrf, origin, host)) {
      return Uni.createFrom().item(redirect(slug, back));
    }
    return access(slug)
        .chain(store -> messages.resend(store.id(), id))
        .map(sent -> redirect(slug, back + "?resent=1"));
  }

  @POST
  @Path("/{slug}/watchlist/case")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Open a support case for a shipment on the watchlist")
  public Uni<Response> openCase(
      @PathParam("slug") String slug,
      @CookieParam(FormGuard.COOKIE) String cookie,
      @HeaderParam("Origin") String origin,
      @HeaderParam(HttpHeaders.HOST) String host,
      @RestForm String csrf,
      @RestForm String orderNumber,
      @RestForm UUID shipmentId,
      @RestForm String why) {
    if (!guard.accepts(cookie, csrf, origin, host) || orderNumber == null) {
      return Uni.createFrom().item(redirect(slug, ""));
    }
    Watchlist.Why reason;
    try {
      reason = Watchlist.Why.valueOf(why == null ? "STUCK" : why);
    } catch (IllegalArgumentException e) {
      return Uni.createFrom().item(redirect(slug, ""));
    }
    return signature()
        .chain(
            agent ->
                access(slug)
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
                                                                java.nio.charset.StandardCharsets
                                                                    .UTF_8),
                                                            // The same shipment and reason open
                                                            // one case, however often clicked.
                                                            "watch-" + shipmentId + "-" + reason,
                                                            "CONSOLE"))))))
        .map(reference -> redirect(slug, "/cases/" + reference));
  }

  private static CaseType caseType(Watchlist.Why why) {
    return switch (why) {
      case NOT_RECEIVED -> CaseType.DELIVERED_NOT_RECEIVED;
      case AT_RISK, LATE, STUCK -> CaseType.DELAYED;
      case CLAIM_DUE, RETURNED, PROBLEM -> CaseType.OTHER;
    };
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

  private Uni<Response> results(
      String slug,
      String cookie,
      String q,
      List<dev.waybill.orders.OrderViews.OrderSummary> found) {
    return page(
        slug,
        cookie,
        frame -> Uni.createFrom().item(Templates.results(frame, new Results(q, found)).render()));
  }

  private Uni<List<dev.waybill.orders.OrderViews.OrderSummary>> find(UUID storeId, String q) {
    if (q.contains("@")) {
      return orders
          .list(storeId, new OrderFilter(null, q, null, null, null, null, 50))
          .map(page -> page.items());
    }
    return orders
        .get(storeId, q)
        .map(
            o ->
                List.of(
                    new dev.waybill.orders.OrderViews.OrderSummary(
                        o.id(),
                        o.orderNumber(),
                        o.customer().name(),
                        o.customer().email(),
                        o.status(),
                        o.shipments().size(),
                        o.placedAt(),
                        o.updatedAt())))
        .onFailure(Problems.NotFound.class)
        .recoverWithUni(
            () ->
                orders
                    .list(storeId, new OrderFilter(null, null, null, null, q, null, 50))
                    .map(page -> page.items()));
  }

  private Uni<Response> page(String slug, String cookie, Function<Frame, Uni<String>> body) {
    return access.page(slug, cookie, false, body);
  }

  private Uni<ConsoleStore> access(String slug) {
    return access.access(slug);
  }

  private Uni<String> agent() {
    return access.agent();
  }

  private Uni<String> signature() {
    return access.signature();
  }

  private static Response redirect(String slug, String path) {
    return ConsoleAccess.redirect(slug, path);
  }

  private static String enc(String s) {
    return ConsoleAccess.enc(s);
  }

  private static Response html(int status, String html, NewCookie cookie) {
    return ConsoleAccess.html(status, html, cookie);
  }
}
