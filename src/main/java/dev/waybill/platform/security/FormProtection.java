package dev.waybill.platform.security;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * The one check of every {@link ProtectedForm} post, ahead of the endpoint: the form is read first,
 * so the endpoint still binds its fields as usual.
 */
public class FormProtection {

  private final FormGuard guard;

  public FormProtection(FormGuard guard) {
    this.guard = guard;
  }

  @ProtectedForm
  @WithFormRead
  @ServerRequestFilter
  public Uni<Response> check(ContainerRequestContext request, SimpleResourceInfo resource) {
    // The form was read ahead of this filter (WithFormRead); the endpoint binds it from there too.
    ResteasyReactiveRequestContext context = CurrentRequestManager.get();
    Cookie cookie = request.getCookies().get(FormGuard.COOKIE);
    String cookieValue = cookie == null ? null : cookie.getValue();
    RefusedForm.Reason reason;
    if (!guard.accepts(
        cookieValue,
        field(context, FormGuard.FIELD),
        request.getHeaderString("Origin"),
        request.getHeaderString("Referer"),
        request.getHeaderString(HttpHeaders.HOST))) {
      reason = RefusedForm.Reason.FORGED;
    } else if (FormGuard.trapped(field(context, FormGuard.HONEYPOT))) {
      reason = RefusedForm.Reason.TRAPPED;
    } else {
      return Uni.createFrom().nullItem();
    }
    Log.debugf("Refused a form post to %s: %s", request.getUriInfo().getPath(), reason);
    RefusedForm refused =
        new RefusedForm(reason, cookieValue, request, name -> field(context, name));
    InstanceHandle<?> owner = Arc.container().instance(resource.getResourceClass());
    if (owner.isAvailable() && owner.get() instanceof FormRefusal refusal) {
      return refusal.refuse(refused);
    }
    return Uni.createFrom().item(Response.status(Response.Status.FORBIDDEN).build());
  }

  private static String field(ResteasyReactiveRequestContext context, String name) {
    Object value = context.getFormParameter(name, true, false);
    return value == null ? null : value.toString();
  }
}
