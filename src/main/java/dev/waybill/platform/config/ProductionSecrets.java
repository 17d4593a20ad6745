package dev.waybill.platform.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a production pod with a secret that anyone could know: empty, a placeholder from
 * an example, a value this repository publishes for dev mode and tests, or too short to resist
 * guessing. It checks the platform's own secrets; a feature with a secret of its own checks it with
 * {@link #weakness} and {@link #refuseToStart} the same way. Dev mode and tests keep their
 * published values; any packaged run (whatever its profile) is held to these rules.
 */
@ApplicationScoped
public class ProductionSecrets {

  /** Characters a secret that signs or authenticates needs at least. */
  public static final int MIN_LENGTH = 32;

  /** Words that mark a value copied from an example or a dev-only default. */
  private static final List<String> PLACEHOLDER_MARKS =
      List.of(
          "change-me",
          "changeme",
          "change_me",
          "replace-me",
          "placeholder",
          "dev-only",
          "test-only");

  /** Values that application.properties, the docs and the examples publish. */
  private static final Set<String> PUBLISHED =
      Set.of(
          "dev-admin-token",
          "test-admin-token",
          "waybill-sim-webhook-secret",
          "dev-only-tracking-token-secret-change-me",
          "test-only-tracking-token-secret",
          "dev-only-console-session-key-change-me-000",
          "test-only-console-session-key-0000000000");

  static final String TRACKING_SECRET = "waybill.tracking.token-secret";
  static final String ADMIN_TOKEN = "waybill.admin-token";
  static final String SESSION_KEY = "quarkus.http.auth.session.encryption-key";

  /** One secret unfit for production: its property and why, never its value. */
  public record Finding(String property, String reason) {

    @Override
    public String toString() {
      return property + " (" + environmentVariable(property) + ") " + reason;
    }
  }

  // Before the other start-up work, so a pod with a weak secret stops before it serves anything.
  void check(@Observes @Priority(1) StartupEvent event, Config config) {
    if (!enforced()) {
      return;
    }
    refuseToStart(
        findings(
            config.getOptionalValue(TRACKING_SECRET, String.class),
            config.getOptionalValue(ADMIN_TOKEN, String.class),
            config.getOptionalValue(SESSION_KEY, String.class)));
  }

  /** Whether this run must meet the rules: a packaged application, not dev mode or tests. */
  public static boolean enforced() {
    return !LaunchMode.current().isDevOrTest();
  }

  /**
   * What is wrong with the platform's secrets: the tracking secret is required and strong, the
   * admin token strong when set, and the console session key no published value when set.
   */
  static List<Finding> findings(
      Optional<String> trackingSecret, Optional<String> adminToken, Optional<String> sessionKey) {
    List<Finding> out = new ArrayList<>();
    weakness(trackingSecret.orElse(""), MIN_LENGTH)
        .ifPresent(r -> out.add(new Finding(TRACKING_SECRET, r)));
    adminToken
        .filter(t -> !t.isBlank())
        .flatMap(t -> weakness(t, MIN_LENGTH))
        .ifPresent(r -> out.add(new Finding(ADMIN_TOKEN, r)));
    // Quarkus sets the key's own minimum length; a published key would let anyone forge sessions.
    sessionKey
        .filter(k -> !k.isBlank())
        .flatMap(k -> weakness(k, 0))
        .ifPresent(r -> out.add(new Finding(SESSION_KEY, r)));
    return out;
  }

  /** Why {@code value} is unfit as a production secret, or empty when it is fit. */
  public static Optional<String> weakness(String value, int minLength) {
    if (value == null || value.isBlank()) {
      return Optional.of("is empty");
    }
    String lower = value.strip().toLowerCase(Locale.ROOT);
    if (PUBLISHED.contains(lower)) {
      return Optional.of("is a value published for dev mode and tests");
    }
    for (String mark : PLACEHOLDER_MARKS) {
      if (lower.contains(mark)) {
        return Optional.of("is a placeholder (it contains \"" + mark + "\")");
      }
    }
    if (value.length() < minLength) {
      return Optional.of(
          "has "
              + value.length()
              + " characters; at least "
              + minLength
              + " random ones are needed");
    }
    return Optional.empty();
  }

  /** Stops the start with one message naming every finding, when there are any. */
  public static void refuseToStart(List<Finding> findings) {
    if (findings.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder("Refusing to start with weak secrets:");
    for (Finding f : findings) {
      message.append("\n  - ").append(f);
    }
    message.append(
        "\nSet each to a random value of at least "
            + MIN_LENGTH
            + " characters, e.g. from `openssl rand -base64 48` (see docs/security.md).");
    throw new WeakSecrets(message.toString());
  }

  static String environmentVariable(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /** The start-up failure: the message says everything, a stack trace adds nothing. */
  public static final class WeakSecrets extends RuntimeException {
    WeakSecrets(String message) {
      super(message, null, false, false);
    }
  }
}
