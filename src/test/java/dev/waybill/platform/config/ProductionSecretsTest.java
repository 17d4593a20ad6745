package dev.waybill.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.platform.config.ProductionSecrets.Finding;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a production pod refuses to start with. */
class ProductionSecretsTest {

  private static final String STRONG = "q7Vx2mLc9TzR4wKb8Nd1Hf5Jp3Ys6Ga0";

  private static List<Finding> findings(String tracking, String admin, String session) {
    return ProductionSecrets.findings(
        Optional.ofNullable(tracking), Optional.ofNullable(admin), Optional.ofNullable(session));
  }

  @Test
  void strongSecretsPass() {
    assertEquals(List.of(), findings(STRONG, STRONG + "x", STRONG + "y"));
    // The admin token and the session key may be left out.
    assertEquals(List.of(), findings(STRONG, null, null));
    assertEquals(List.of(), findings(STRONG, " ", ""));
  }

  @Test
  void theDevAndTestValuesOfApplicationPropertiesAreRefused() {
    assertTrue(
        ProductionSecrets.weakness("dev-only-tracking-token-secret-change-me", 32).isPresent());
    assertTrue(ProductionSecrets.weakness("test-only-tracking-token-secret", 32).isPresent());
    assertTrue(ProductionSecrets.weakness("dev-admin-token", 0).isPresent());
    assertTrue(ProductionSecrets.weakness("test-admin-token", 0).isPresent());
    assertTrue(ProductionSecrets.weakness("waybill-sim-webhook-secret", 0).isPresent());
    assertTrue(
        ProductionSecrets.weakness("test-only-console-session-key-0000000000", 0).isPresent());
    assertTrue(
        ProductionSecrets.weakness("dev-only-console-session-key-change-me-000", 0).isPresent());
  }

  @Test
  void placeholdersAreRefusedWhateverTheirLength() {
    // As in k8s/secret.example.yaml.
    assertEquals(
        Optional.of("is a placeholder (it contains \"change-me\")"),
        ProductionSecrets.weakness("change-me-to-32-random-characters", 32));
    assertTrue(ProductionSecrets.weakness("CHANGEME-" + STRONG, 32).isPresent());
    assertTrue(ProductionSecrets.weakness(STRONG + "-placeholder", 32).isPresent());
  }

  @Test
  void shortTrackingSecretAndAdminTokenAreRefusedNamingThePropertyAndWhy() {
    List<Finding> found = findings("only-twenty-chars-12", "short-admin-token", STRONG);
    assertEquals(2, found.size(), found.toString());
    assertEquals(
        "waybill.tracking.token-secret (WAYBILL_TRACKING_TOKEN_SECRET) has 20 characters; at least"
            + " 32 random ones are needed",
        found.get(0).toString());
    assertEquals("waybill.admin-token", found.get(1).property());
  }

  @Test
  void aMissingTrackingSecretAndAPublishedSessionKeyAreRefused() {
    List<Finding> found = findings(null, null, "test-only-console-session-key-0000000000");
    assertEquals(
        List.of("waybill.tracking.token-secret", "quarkus.http.auth.session.encryption-key"),
        found.stream().map(Finding::property).toList());
    assertEquals("is empty", found.get(0).reason());
  }

  @Test
  void refusingToStartNamesEveryFindingButNoValue() {
    String secret = "only-twenty-chars-12";
    ProductionSecrets.WeakSecrets refused =
        assertThrows(
            ProductionSecrets.WeakSecrets.class,
            () -> ProductionSecrets.refuseToStart(findings(secret, "change-me", null)));
    assertTrue(
        refused.getMessage().contains("WAYBILL_TRACKING_TOKEN_SECRET"), refused.getMessage());
    assertTrue(refused.getMessage().contains("WAYBILL_ADMIN_TOKEN"), refused.getMessage());
    assertFalse(refused.getMessage().contains(secret), refused.getMessage());
    ProductionSecrets.refuseToStart(List.of());
  }
}
