package dev.waybill.platform.security;

import io.smallrye.mutiny.Uni;

/** Finds the caller behind an API key, by the key's SHA-256. Implemented by the stores feature. */
public interface KeyResolver {

  /** The caller, or {@code null} when no active key has this hash. */
  Uni<Caller> resolve(String secretHash);

  /** Records that a key was used; callers throttle how often this is called. */
  Uni<Void> touch(java.util.UUID keyId);
}
