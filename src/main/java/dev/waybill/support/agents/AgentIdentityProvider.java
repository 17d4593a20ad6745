package dev.waybill.support.agents;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks a console sign-in: email and password against the agent's stored hash. */
@ApplicationScoped
public class AgentIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  /**
   * Compared against when no agent has the email, so an unknown address costs as much time as a
   * wrong password and sign-in timing doesn't reveal who has an account. Computed on first use, on
   * a worker thread.
   */
  private static final class Decoy {
    static final String HASH = PasswordHashing.hash("no-such-agent-decoy-password");
  }

  private final Agents agents;

  public AgentIdentityProvider(Agents agents) {
    this.agents = agents;
  }

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    String password = new String(request.getPassword().getPassword());
    return agents
        .find(request.getUsername())
        .chain(
            account ->
                context.runBlocking(
                    () -> {
                      boolean ok =
                          PasswordHashing.matches(
                              password, account == null ? Decoy.HASH : account.passwordHash());
                      if (!ok || account == null) {
                        throw new AuthenticationFailedException("Wrong email or password");
                      }
                      return identity(account);
                    }));
  }

  static SecurityIdentity identity(Agents.Account account) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(account.email()))
        .addRole(account.role().role())
        .addRole(AgentRole.AGENT.role())
        .addAttribute("name", account.name())
        .build();
  }
}
