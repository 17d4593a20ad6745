package dev.waybill.platform.security;

import dev.waybill.platform.errors.Problems;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/** The authenticated caller of the current request, set by {@link AuthFilter}. */
@RequestScoped
public class CurrentCaller {

  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  public Caller get() {
    if (caller == null) {
      throw new Problems.Unauthorized("Send an API key as 'Authorization: Bearer <key>'");
    }
    return caller;
  }

  /**
   * The store the caller acts for. The platform admin belongs to no store and gets 403 on
   * store-scoped operations.
   */
  public UUID storeId() {
    Caller c = get();
    if (c.isPlatformAdmin()) {
      throw new Problems.Forbidden(
          "The platform admin token manages stores; use a store's API key for this operation");
    }
    return c.storeId();
  }
}
