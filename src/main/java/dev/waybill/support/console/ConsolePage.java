package dev.waybill.support.console;

import dev.waybill.insights.promises.PromiseService;
import dev.waybill.insights.promises.PromiseViews.EstimateChange;
import dev.waybill.insights.promises.PromiseViews.EstimateHistory;
import dev.waybill.notifications.NotificationLog;
import dev.waybill.orders.OrderFilter;
import dev.waybill.orders.OrderService;
import dev.waybill.orders.OrderViews.OrderView;
import dev.waybill.orders.Watchlist;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.ContentSecurity;
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
import dev.waybill.support.console.ConsoleViews.CasePage;
import dev.waybill.support.console.ConsoleViews.Frame;
import dev.waybill.support.console.ConsoleViews.Home;
import dev.waybill.support.console.ConsoleViews.Results;
import dev.waybill.support.console.ConsoleViews.Story;
import dev.waybill.tracking.TrackingService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
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
    static native TemplateInstance login(boolean failed);

    static native TemplateInstance stores(String agent, List<ConsoleStore> stores, String csrf);

    static native TemplateInstance home(Frame frame, Home home);

    static native TemplateInstance results(Frame frame, Results results);

    static native TemplateInstance order(Frame frame, Story story);

    static native TemplateInstance supportCase(Frame frame, CasePage page);

    static native TemplateInstance missing(Frame frame, String what);
  }

  private final CurrentIdentityAssociation identities;
  private final Agents agents;
  private final OrderService orders;
  private final Watchlist watchlist;
  private final SupportCases cases;
  private final TrackingService tracking;
  private final FormGuard guard;
  private final ConsoleConfig config;
  private final NotificationLog messages;
  private final PromiseService promises;

  public ConsolePage(
      CurrentIdentityAssociation identities,
      Agents agents,
      OrderService orders,
      Watchlist watchlist,
      SupportCases cases,
      TrackingService tracking,
      FormGuard guard,
      ConsoleConfig config,
      NotificationLog messages,
      PromiseService promises) {
    this.identities = identities;
    this.agents = agents;
    this.orders = orders;
    this.watchlist = watchlist;
    this.cases = cases;
    this.tracking = tracking;
    this.guard = guard;
    this.config = config;
    this.messages = messages;
    this.promises = promises;
  }

  @GET
  @Path("/login")
  @Operation(summary = "The console's sign-in form")
  public Response login(@QueryParam("error") String error) {
    return html(200, Templates.login(error != null).render(), null);
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
      @PathParam("slug") String slug, @CookieParam(FormGuard.COOKIE) String cookie) {
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
                                    Templates.home(frame, new Home(null, watch, open.items()))
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
                                    cases
                                        .list(
                                            frame.store().id(),
                                            new CaseFilter(null, null, orderNumber, null, 100))
                                        .chain(
                                            found ->
                                                Uni.combine()
                                                    .all()
                                                    .unis(
                                                        messages.forOrder(
                                                            frame.store().id(), order.id()),
                                                        estimates(frame.store().id(), order))
                                                    .with(
                                                        (sent, revisions) ->
                                                            Templates.order(
                                                                    frame,
                                                                    new Story(
                                                                        order,
                                                                        view,
                                                                        found.items(),
                                                                        sent,
                                                                        revisions))
                                                                .render())))));
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
    Watchlist.Why reason = Watchlist.Why.valueOf(why == null ? "STUCK" : why);
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
                                                            reason == Watchlist.Why.PROBLEM
                                                                ? CaseType.OTHER
                                                                : CaseType.DELAYED,
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

  /** Renders a store page for a signed-in agent of that store; others get a 404 page. */
  private Uni<Response> page(String slug, String cookie, Function<Frame, Uni<String>> body) {
    return agent()
        .chain(
            agent ->
                access(slug)
                    .chain(
                        store -> {
                          FormGuard.Issued issued = guard.issue(cookie);
                          Frame frame = new Frame(agent, store, issued.field());
                          return body.apply(frame)
                              .map(html -> html(200, html, issued.cookie()))
                              .onFailure(Problems.NotFound.class)
                              .recoverWithItem(
                                  e ->
                                      html(
                                          404,
                                          Templates.missing(frame, e.getMessage()).render(),
                                          issued.cookie()));
                        }))
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(e -> html(404, Templates.missing(null, "No such store").render(), null));
  }

  private Uni<ConsoleStore> access(String slug) {
    return agent()
        .chain(agents::stores)
        .map(
            stores ->
                stores.stream()
                    .filter(s -> s.slug().equals(slug))
                    .findFirst()
                    .orElseThrow(() -> new Problems.NotFound("No such store")));
  }

  private Uni<String> agent() {
    return identities
        .getDeferredIdentity()
        .map(SecurityIdentity::getPrincipal)
        .map(p -> p.getName());
  }

  /** How notes are signed: the agent's name, and their email to tell namesakes apart. */
  private Uni<String> signature() {
    return identities
        .getDeferredIdentity()
        .map(
            id -> {
              Object name = id.getAttribute("name");
              return (name == null ? "" : name + " ") + "<" + id.getPrincipal().getName() + ">";
            });
  }

  private static Response redirect(String slug, String path) {
    return Response.seeOther(URI.create("/console/" + slug + path)).build();
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private static Response html(int status, String html, NewCookie cookie) {
    Response.ResponseBuilder b =
        Response.status(status)
            .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
            .entity(html)
            .header("Content-Security-Policy", ContentSecurity.policy(html, "'none'"))
            .header("X-Content-Type-Options", "nosniff")
            .header("Referrer-Policy", "same-origin")
            .header(HttpHeaders.CACHE_CONTROL, "no-store");
    if (cookie != null) {
      b.cookie(cookie);
    }
    return b.build();
  }
}
