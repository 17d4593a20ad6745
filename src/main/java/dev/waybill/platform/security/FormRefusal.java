package dev.waybill.platform.security;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;

/**
 * Implemented by a resource holding {@link ProtectedForm} endpoints: how it answers a post it never
 * sees, typically the form again with a fresh token, or a redirect back to the page it came from.
 */
public interface FormRefusal {

  Uni<Response> refuse(RefusedForm form);
}
