package dev.waybill.platform.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.function.UnaryOperator;

/**
 * A post {@link FormProtection} refused, with what its resource needs to answer it.
 *
 * @param reason why it was refused
 * @param cookie the browser's form cookie, if any, for issuing a fresh token
 */
public record RefusedForm(
    Reason reason, String cookie, ContainerRequestContext request, UnaryOperator<String> fields) {

  public enum Reason {
    /** No valid token for the browser's cookie, or posted from another site. */
    FORGED,
    /** The field people never see was filled in. */
    TRAPPED
  }

  public String path(String name) {
    return request.getUriInfo().getPathParameters().getFirst(name);
  }

  public String query(String name) {
    return request.getUriInfo().getQueryParameters().getFirst(name);
  }

  public String header(String name) {
    return request.getHeaderString(name);
  }

  /** A field of the posted form. */
  public String field(String name) {
    return fields.apply(name);
  }
}
