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
 * again, so a disabled agent or a changed role takes effect on the next request.
 */
@ApplicationScoped
public class AgentSessionProvider implements IdentityProvider<TrustedAuthenticationRequest> {

  private final Agents agents;

  public AgentSessionProvider(Agents agents) {
    this.agents = agents;
  }

  @Override
  public Class<TrustedAuthenticationRequest> getRequestType() {
    return TrustedAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
    return agents
        .find(request.getPrincipal())
        .map(
            account -> {
              if (account == null) {
                throw new AuthenticationFailedException("Agent no longer exists");
              }
              return AgentIdentityProvider.identity(account);
            });
  }
}
