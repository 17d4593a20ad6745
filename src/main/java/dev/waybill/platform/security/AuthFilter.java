package dev.waybill.platform.security;

import dev.waybill.platform.errors.Problems;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/** Checks the bearer key of every endpoint marked {@link RequiresScope}. */
public class AuthFilter {

  private final Authenticator authenticator;
  private final CurrentCaller current;
  private final Map<Class<?>, Map<String, Optional<RequiresScope>>> required =
      new ConcurrentHashMap<>();
  private final Map<String, Boolean> queryKeys = new ConcurrentHashMap<>();

  public AuthFilter(Authenticator authenticator, CurrentCaller current) {
    this.authenticator = authenticator;
    this.current = current;
  }

  @ServerRequestFilter
  public Uni<Void> authenticate(ContainerRequestContext request, SimpleResourceInfo resource) {
    RequiresScope required = requiredScope(resource);
    if (required == null) {
      return Uni.createFrom().voidItem();
    }
    if (request.getProperty(Authenticator.RESOLVED) instanceof Caller known) {
      // Resolved by the rate limiter moments ago: checked here without an asynchronous step.
      try {
        check(authenticator.recordUse(known), required);
        return Uni.createFrom().voidItem();
      } catch (Problems.Forbidden e) {
        return Uni.createFrom().failure(e);
      }
    }
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if ((authorization == null || !isKey(authorization)) && acceptsQueryKey(resource)) {
      // The header may then carry what is not a key, such as a signed-in shopper's token.
      String key =
          request
              .getUriInfo()
              .getQueryParameters()
              .getFirst(AcceptsPublishableKeyInQuery.PARAMETER);
      if (key != null && key.startsWith(AcceptsPublishableKeyInQuery.PREFIX)) {
        authorization = "Bearer " + key;
      }
    }
    return authenticator
        .authenticate(authorization)
        .invoke(caller -> check(caller, required))
        .replaceWithVoid();
  }

  /** Whether the header holds a store's API key (every one starts with {@code wb_}). */
  private static boolean isKey(String authorization) {
    String value = authorization.trim();
    return value.regionMatches(true, 0, "Bearer ", 0, 7) && value.startsWith("wb_", 7);
  }

  private boolean acceptsQueryKey(SimpleResourceInfo resource) {
    return queryKeys.computeIfAbsent(
        resource.getResourceClass().getName() + "#" + resource.getMethodName(),
        k -> {
          try {
            return resource
                .getResourceClass()
                .getMethod(resource.getMethodName(), resource.parameterTypes())
                .isAnnotationPresent(AcceptsPublishableKeyInQuery.class);
          } catch (NoSuchMethodException e) {
            return false;
          }
        });
  }

  private void check(Caller caller, RequiresScope required) {
    for (Scope scope : required.value()) {
      if (caller.has(scope)) {
        current.set(caller);
        return;
      }
    }
    throw new Problems.Forbidden(
        "This key lacks the scope this operation needs: " + describe(required));
  }

  /** Resolved once per endpoint; the reflection behind it stays off the hot path. */
  private RequiresScope requiredScope(SimpleResourceInfo resource) {
    if (resource == null || resource.getResourceClass() == null) {
      return null;
    }
    // Keyed by class, then method name: nothing is built per request.
    return required
        .computeIfAbsent(resource.getResourceClass(), k -> new ConcurrentHashMap<>())
        .computeIfAbsent(resource.getMethodName(), k -> Optional.ofNullable(lookup(resource)))
        .orElse(null);
  }

  private static RequiresScope lookup(SimpleResourceInfo resource) {
    Class<?> type = resource.getResourceClass();
    try {
      RequiresScope onMethod =
          type.getMethod(resource.getMethodName(), resource.parameterTypes())
              .getAnnotation(RequiresScope.class);
      if (onMethod != null) {
        return onMethod;
      }
    } catch (NoSuchMethodException e) {
      // Fall through to the class-level annotation.
    }
    return type.getAnnotation(RequiresScope.class);
  }

  private static String describe(RequiresScope required) {
    StringBuilder sb = new StringBuilder();
    for (Scope s : required.value()) {
      if (sb.length() > 0) {
        sb.append(" or ");
      }
      sb.append(s.value());
    }
    return sb.toString();
  }
}
