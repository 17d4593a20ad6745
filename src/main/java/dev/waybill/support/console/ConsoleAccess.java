package dev.waybill.support.console;

import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.support.agents.AgentSessions;
import dev.waybill.support.agents.Agents;
import dev.waybill.support.agents.ConsoleStore;
import dev.waybill.support.console.ConsolePage.Templates;
import dev.waybill.support.console.ConsoleViews.Frame;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.Function;

/** Who is signed in to the console, which stores they may see, and the frame of every page. */
@ApplicationScoped
class ConsoleAccess {

  private final CurrentIdentityAssociation identities;
  private final Agents agents;
  private final AgentSessions sessions;
  private final FormGuard guard;

  ConsoleAccess(
      CurrentIdentityAssociation identities,
      Agents agents,
      AgentSessions sessions,
      FormGuard guard) {
    this.identities = identities;
    this.agents = agents;
    this.sessions = sessions;
    this.guard = guard;
  }

  /**
   * Renders a store page for a signed-in agent of that store; others get a 404 page, and agents on
   * an admin-only page a 403 page.
   */
  Uni<Response> page(
      String slug, String cookie, boolean adminOnly, Function<Frame, Uni<String>> body) {
    return agent()
        .chain(
            agent ->
                access(slug)
                    .chain(
                        store -> {
                          FormGuard.Issued issued = guard.issue(cookie);
                          Frame frame = new Frame(agent, store, issued.field());
                          if (adminOnly && !store.admin()) {
                            return Uni.createFrom().item(forbidden(frame));
                          }
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

  /** The store, if the signed-in agent may see it; a 404 failure otherwise. */
  Uni<ConsoleStore> access(String slug) {
    return agent()
        .chain(agents::stores)
        .map(
            stores ->
                stores.stream()
                    .filter(s -> s.slug().equals(slug))
                    .findFirst()
                    .orElseThrow(() -> new Problems.NotFound("No such store")));
  }

  /** The store, if the signed-in agent is one of its admins; a 403 failure for its agents. */
  Uni<ConsoleStore> admin(String slug) {
    return access(slug)
        .invoke(
            store -> {
              if (!store.admin()) {
                throw new Problems.Forbidden("Only the store's admins manage its team");
              }
            });
  }

  /** The 403 answer to an agent's post to an admin-only form. */
  Response forbidden(Frame frame) {
    return html(403, Templates.forbidden(frame).render(), null);
  }

  Uni<String> agent() {
    return identities.getDeferredIdentity().map(AgentSessions::email);
  }

  /** Ends the signed-in agent's session on every pod. */
  Uni<Void> signOut() {
    return identities.getDeferredIdentity().chain(sessions::end);
  }

  /** How notes are signed: the agent's name, and their email to tell namesakes apart. */
  Uni<String> signature() {
    return identities
        .getDeferredIdentity()
        .map(
            id -> {
              Object name = id.getAttribute("name");
              return (name == null ? "" : name + " ") + "<" + AgentSessions.email(id) + ">";
            });
  }

  static Response redirect(String slug, String path) {
    return Response.seeOther(URI.create("/console/" + slug + path)).build();
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  static Response html(int status, String html, NewCookie cookie) {
    // Security headers, no-store included, come from HtmlHeaders: the default is a staff page.
    Response.ResponseBuilder b =
        Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html);
    if (cookie != null) {
      b.cookie(cookie);
    }
    return b.build();
  }
}
