package dev.waybill.support.console;

import dev.waybill.platform.security.FormGuard;
import dev.waybill.platform.security.FormRefusal;
import dev.waybill.platform.security.ProtectedForm;
import dev.waybill.platform.security.RefusedForm;
import dev.waybill.support.CaseFilter;
import dev.waybill.support.CaseStatus;
import dev.waybill.support.SupportCases;
import dev.waybill.support.agents.Agents;
import dev.waybill.support.agents.ConsoleStore;
import dev.waybill.support.console.ConsoleViews.Frame;
import dev.waybill.support.console.ConsoleViews.Home;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The support console's way in: signing in and out, the stores an agent may see, and a store's home
 * with search, watchlist and open cases. Agents sign in with the form at {@code /console/login};
 * every other page needs a session. The frame pages every console page shares (missing, forbidden)
 * live here too.
 */
@Path("/console")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
public class ConsolePage implements FormRefusal {

  static final String SESSION_COOKIE = "wb_console";

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance login(
        boolean failed, boolean refused, String wait, String action);

    static native TemplateInstance stores(String agent, List<ConsoleStore> stores, String csrf);

    static native TemplateInstance home(Frame frame, Home home);

    static native TemplateInstance missing(Frame frame, String what);

    static native TemplateInstance forbidden(Frame frame);
  }

  private final ConsoleAccess access;
  private final Agents agents;
  private final Watchlist watchlist;
  private final SupportCases cases;
  private final FormGuard guard;
  private final ConsoleConfig config;
  private final SignInGuard signIn;

  public ConsolePage(
      ConsoleAccess access,
      Agents agents,
      Watchlist watchlist,
      SupportCases cases,
      FormGuard guard,
      ConsoleConfig config,
      SignInGuard signIn) {
    this.access = access;
    this.agents = agents;
    this.watchlist = watchlist;
    this.cases = cases;
    this.guard = guard;
    this.config = config;
    this.signIn = signIn;
  }

  @GET
  @Path("/login")
  @Operation(summary = "The console's sign-in form")
  public Response login(
      @QueryParam("error") String error, @CookieParam(FormGuard.COOKIE) String cookie) {
    FormGuard.Issued issued = guard.issue(cookie);
    return ConsoleAccess.html(
        200, loginForm(error != null, false, signIn.action(issued)), issued.cookie());
  }

  /** The sign-in page; {@link SignInGuard} shows it again when it refuses a post. */
  static String loginForm(boolean failed, boolean refused, String action) {
    return Templates.login(failed, refused, null, action).render();
  }

  /** The sign-in page telling how long to wait; {@link SignInThrottling} shows it. */
  static String throttledForm(long retryAfterSeconds, String action) {
    String wait =
        retryAfterSeconds < 90
            ? retryAfterSeconds + (retryAfterSeconds == 1 ? " second" : " seconds")
            : ((retryAfterSeconds + 59) / 60) + " minutes";
    return Templates.login(false, false, wait, action).render();
  }

  @POST
  @Path("/logout")
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Sign out of the console")
  public Uni<Response> logout() {
    NewCookie expired =
        new NewCookie.Builder(SESSION_COOKIE)
            .value("")
            .path("/console")
            .maxAge(0)
            .httpOnly(true)
            .build();
    // Dropping the cookie is not enough: a copy of it would stay valid until it timed out.
    return access
        .signOut()
        .map(ignored -> Response.seeOther(URI.create("/console/login")).cookie(expired).build());
  }

  /** A refused sign-out leaves the agent signed in, on the console's front page. */
  @Override
  public Uni<Response> refuse(RefusedForm form) {
    return Uni.createFrom().item(Response.seeOther(URI.create("/console")).build());
  }

  @GET
  @Operation(summary = "The stores the agent may see")
  public Uni<Response> stores(@CookieParam(FormGuard.COOKIE) String cookie) {
    return access
        .agent()
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
                          return ConsoleAccess.html(
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
    return access.page(
        slug,
        cookie,
        false,
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
}
