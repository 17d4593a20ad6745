package dev.waybill.support.console;

import dev.waybill.connectors.ConnectorAdmin;
import dev.waybill.connectors.ConnectorAdmin.Listed;
import dev.waybill.platform.security.FormGuard;
import dev.waybill.support.console.ConsoleViews.Frame;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The store's shop platform connections, for its admins: each connector's state, last webhook,
 * import progress, errors, write-back queue and the exact webhook URL to paste into the shop's
 * admin. Whether a credential is set is shown, never any part of it.
 */
@Path("/console/{slug}/connectors")
@Tag(name = "Console")
@Produces(MediaType.TEXT_HTML)
public class ConnectorsPage {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance connectors(Frame frame, List<Listed> connectors);
  }

  private final ConsoleAccess access;
  private final ConnectorAdmin admin;

  public ConnectorsPage(ConsoleAccess access, ConnectorAdmin admin) {
    this.access = access;
    this.admin = admin;
  }

  @GET
  @Operation(summary = "The store's shop platform connections, for its admins")
  public Uni<Response> connectors(
      @PathParam("slug") String slug, @CookieParam(FormGuard.COOKIE) String cookie) {
    return access.page(
        slug,
        cookie,
        true,
        frame ->
            admin
                .forStore(frame.store().id())
                .map(list -> Templates.connectors(frame, list).render()));
  }
}
