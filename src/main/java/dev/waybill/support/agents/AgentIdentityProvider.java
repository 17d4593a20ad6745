package dev.waybill.support.agents;

import dev.waybill.platform.security.ClientAddress;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Checks a console sign-in: email and password against the agent's stored hash, once the sign-in
 * throttle lets the attempt through.
 */
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
  private final SignInThrottle throttle;

  public AgentIdentityProvider(Agents agents, SignInThrottle throttle) {
    this.agents = agents;
    this.throttle = throttle;
  }

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    String email = request.getUsername().trim().toLowerCase(Locale.ROOT);
    RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
    String address = http == null ? "unknown" : ClientAddress.of(http.request());
    // The throttle decides before the password hash is computed: that hash is what a flood of
    // guesses would spend the pod's CPU on.
    return throttle
        .admit(address, email)
        .chain(
            verdict ->
                verdict.allowed()
                    ? check(email, request, context)
                        .call(identity -> throttle.succeeded(address, email))
                    : Uni.createFrom()
                        .failure(
                            new AuthenticationFailedException(
                                "Sign-in throttled",
                                new SignInThrottled(
                                    verdict.refusedFor(), verdict.retryAfterSeconds()))));
  }

  private Uni<SecurityIdentity> check(
      String email,
      UsernamePasswordAuthenticationRequest request,
      AuthenticationRequestContext context) {
    String password = new String(request.getPassword().getPassword());
    return agents
        .find(email)
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
                      return identity(account, AgentSessions.Session.start(account.email()));
                    }));
  }

  /**
   * The agent's identity in one session. Its principal's name is what the session cookie keeps, so
   * it names the session; the agent's email is an attribute ({@link AgentSessions#email}).
   */
  static SecurityIdentity identity(Agents.Account account, AgentSessions.Session session) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(session.principal()))
        .addRole(account.role().role())
        .addRole(AgentRole.AGENT.role())
        .addAttribute("name", account.name())
        .addAttribute(AgentSessions.EMAIL, account.email())
        .addAttribute(AgentSessions.SESSION, session.id())
        .build();
  }
}
