package dev.waybill.platform.security;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: a store's API key, or the platform admin (bootstrap token), which belongs to no
 * store.
 */
public record Caller(UUID storeId, String storeSlug, UUID keyId, Set<Scope> scopes) {

  public static Caller platformAdmin() {
    return new Caller(null, null, null, Set.of(Scope.values()));
  }

  public boolean isPlatformAdmin() {
    return storeId == null;
  }

  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }
}
