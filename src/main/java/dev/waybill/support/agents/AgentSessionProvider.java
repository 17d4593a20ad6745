package dev.waybill.support.agents;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Restores a signed-in agent from the console's encrypted session cookie. The account is read
 * again, so a disabled agent or a changed role takes effect on the next request, and a session
 * ended by signing out is refused even if its cookie was kept.
 */
@ApplicationScoped
public class AgentSessionProvider implements IdentityProvider<TrustedAuthenticationRequest> {

  private final Agents agents;
  private final AgentSessions sessions;

  public AgentSessionProvider(Agents agents, AgentSessions sessions) {
    this.agents = agents;
    this.sessions = sessions;
  }

  @Override
  public Class<TrustedAuthenticationRequest> getRequestType() {
    return TrustedAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
    AgentSessions.Session session = AgentSessions.Session.parse(request.getPrincipal());
    if (session == null) {
      // A cookie that names no session can't be ended: its agent signs in again.
      return Uni.createFrom().failure(new AuthenticationFailedException("Not a console session"));
    }
    return Uni.combine()
        .all()
        .unis(agents.find(session.email()), sessions.ended(session))
        .asTuple()
        .map(
            found -> {
              if (found.getItem1() == null) {
                throw new AuthenticationFailedException("Agent no longer exists");
              }
              if (found.getItem2()) {
                throw new AuthenticationFailedException("Signed out");
              }
              return AgentIdentityProvider.identity(found.getItem1(), session);
            });
  }
}
