package dev.waybill.support.console;

import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.platform.security.FormRefusal;
import dev.waybill.platform.security.ProtectedForm;
import dev.waybill.platform.security.RefusedForm;
import dev.waybill.support.agents.AgentRequests.AddAgent;
import dev.waybill.support.agents.AgentRole;
import dev.waybill.support.agents.Agents;
import dev.waybill.support.agents.ConsoleStore;
import dev.waybill.support.agents.Invitations;
import dev.waybill.support.console.ConsoleViews.Frame;
import dev.waybill.support.console.ConsoleViews.Notice;
import dev.waybill.support.console.ConsoleViews.Team;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The store's support team, for its admins: who has access, with which role; invite people (they
 * join when they accept the emailed link), re-send or withdraw invitations, change roles, take
 * access away and give it back. Agents get a 403 page and never see the link.
 */
@Path("/console/{slug}/team")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
public class TeamPage implements FormRefusal {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance team(Frame frame, Team team);
  }

  private static final Map<String, Notice> NOTICES =
      Map.of(
          "invited",
              new Notice(
                  "Invitation sent. They join the team when they accept it from the email.", false),
          "resent", new Notice("Invitation sent again; the earlier link no longer works.", false),
          "revoked", new Notice("Invitation withdrawn; its link no longer works.", false),
          "role", new Notice("Role changed.", false),
          "disabled",
              new Notice("Access taken away. They are signed out on their next click.", false),
          "enabled", new Notice("Access given back.", false),
          "self", new Notice("You can't change your own role or access; ask another admin.", true));

  private final ConsoleAccess access;
  private final Agents agents;
  private final Invitations invitations;
  private final FormGuard guard;
  private final Validator validator;

  public TeamPage(
      ConsoleAccess access,
      Agents agents,
      Invitations invitations,
      FormGuard guard,
      Validator validator) {
    this.access = access;
    this.agents = agents;
    this.invitations = invitations;
    this.guard = guard;
    this.validator = validator;
  }

  @GET
  @Operation(summary = "The store's team, for its admins")
  public Uni<Response> team(
      @PathParam("slug") String slug,
      @QueryParam("done") String done,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    Notice notice = done == null ? null : NOTICES.get(done);
    return access.page(slug, cookie, true, frame -> render(frame, notice));
  }

  /** A refused post goes back to the team page, having changed nothing. */
  @Override
  public Uni<Response> refuse(RefusedForm form) {
    return Uni.createFrom().item(back(form.path("slug"), null));
  }

  private Uni<String> render(Frame frame, Notice notice) {
    return agents
        .team(frame.store().id())
        .chain(
            members ->
                invitations
                    .pending(frame.store().id())
                    .map(
                        pending ->
                            Templates.team(
                                    frame,
                                    new Team(
                                        members,
                                        pending,
                                        Arrays.stream(AgentRole.values()).map(Enum::name).toList(),
                                        notice))
                                .render()));
  }

  @POST
  @ProtectedForm
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(
      operationId = "consoleInviteAgent",
      summary = "Invite a person to the store's console by email")
  public Uni<Response> add(
      @PathParam("slug") String slug,
      @CookieParam(FormGuard.COOKIE) String cookie,
      @RestForm String email,
      @RestForm String name,
      @RestForm String role) {
    // No password: the person invited chooses their own when they accept.
    AddAgent request =
        new AddAgent(
            email == null ? null : email.trim(),
            name == null ? null : name.trim(),
            null,
            parseRole(role));
    return admin(
        slug,
        cookie,
        store -> {
          Set<ConstraintViolation<AddAgent>> invalid = validator.validate(request);
          if (!invalid.isEmpty()) {
            ConstraintViolation<AddAgent> first =
                invalid.stream()
                    .min(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .orElseThrow();
            return error(slug, cookie, first.getPropertyPath() + " " + first.getMessage());
          }
          return invitations
              .invite(store.id(), request)
              .map(added -> back(slug, "invited"))
              .onFailure(
                  e ->
                      e instanceof Problems.Invalid
                          || e instanceof Problems.Conflict
                          || e instanceof Problems.Unavailable)
              .recoverWithUni(e -> error(slug, cookie, e.getMessage()));
        });
  }

  @POST
  @ProtectedForm
  @Path("/invitations/{invitationId}/resend")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(
      operationId = "consoleResendInvitation",
      summary = "Email a pending invitation again with a new link")
  public Uni<Response> resend(
      @PathParam("slug") String slug,
      @PathParam("invitationId") UUID invitationId,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    return admin(
        slug,
        cookie,
        store ->
            invitations
                .resend(store.id(), invitationId)
                .map(sent -> back(slug, "resent"))
                .onFailure(Problems.Unavailable.class)
                .recoverWithUni(e -> error(slug, cookie, e.getMessage())));
  }

  @POST
  @ProtectedForm
  @Path("/invitations/{invitationId}/revoke")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(operationId = "consoleRevokeInvitation", summary = "Withdraw a pending invitation")
  public Uni<Response> revoke(
      @PathParam("slug") String slug,
      @PathParam("invitationId") UUID invitationId,
      @CookieParam(FormGuard.COOKIE) String cookie) {
    return admin(
        slug,
        cookie,
        store -> invitations.revoke(store.id(), invitationId).map(done -> back(slug, "revoked")));
  }

  @POST
  @ProtectedForm
  @Path("/{agentId}/role")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Change an agent's role in this store")
  public Uni<Response> role(
      @PathParam("slug") String slug,
      @PathParam("agentId") UUID agentId,
      @CookieParam(FormGuard.COOKIE) String cookie,
      @RestForm String role) {
    AgentRole to = parseRole(role);
    if (to == null) {
      return Uni.createFrom().item(back(slug, null));
    }
    return admin(
        slug,
        cookie,
        store ->
            isSelf(agentId, store)
                .chain(
                    self ->
                        self
                            ? Uni.createFrom().item(back(slug, "self"))
                            : agents
                                .changeRole(store.id(), agentId, to)
                                .map(done -> back(slug, "role"))));
  }

  @POST
  @ProtectedForm
  @Path("/{agentId}/access")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Take an agent's access to this store away, or give it back")
  public Uni<Response> access(
      @PathParam("slug") String slug,
      @PathParam("agentId") UUID agentId,
      @CookieParam(FormGuard.COOKIE) String cookie,
      @RestForm boolean enabled) {
    return admin(
        slug,
        cookie,
        store ->
            isSelf(agentId, store)
                .chain(
                    self ->
                        self
                            ? Uni.createFrom().item(back(slug, "self"))
                            : agents
                                .enable(store.id(), agentId, enabled)
                                .map(done -> back(slug, enabled ? "enabled" : "disabled"))));
  }

  /** Runs an admin's form; an agent's post gets the 403 page and changes nothing. */
  private Uni<Response> admin(
      String slug, String cookie, java.util.function.Function<ConsoleStore, Uni<Response>> work) {
    return access
        .agent()
        .chain(
            agent ->
                access
                    .access(slug)
                    .chain(
                        store -> {
                          if (!store.admin()) {
                            FormGuard.Issued issued = guard.issue(cookie);
                            return Uni.createFrom()
                                .item(access.forbidden(new Frame(agent, store, issued.field())));
                          }
                          return work.apply(store);
                        }))
        .onFailure(Problems.NotFound.class)
        .recoverWithItem(
            e ->
                ConsoleAccess.html(
                    404, ConsolePage.Templates.missing(null, e.getMessage()).render(), null));
  }

  /** Whether the agent is the signed-in admin: nobody demotes or locks out themselves. */
  private Uni<Boolean> isSelf(UUID agentId, ConsoleStore store) {
    return access
        .agent()
        .chain(
            me ->
                agents
                    .team(store.id())
                    .map(
                        team ->
                            team.stream()
                                .anyMatch(
                                    m ->
                                        m.id().equals(agentId) && m.email().equalsIgnoreCase(me))));
  }

  private Uni<Response> error(String slug, String cookie, String message) {
    return access
        .page(slug, cookie, true, frame -> render(frame, new Notice(message, true)))
        .map(r -> Response.fromResponse(r).status(400).build());
  }

  private static AgentRole parseRole(String role) {
    try {
      return role == null || role.isBlank() ? null : AgentRole.valueOf(role.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Response back(String slug, String done) {
    return ConsoleAccess.redirect(slug, "/team" + (done == null ? "" : "?done=" + done));
  }
}
