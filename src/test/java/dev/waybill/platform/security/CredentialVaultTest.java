package dev.waybill.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.platform.config.ProductionSecrets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialVaultTest {

  private static final String OLD = "old:" + "a".repeat(43) + "=";
  private static final String NEW = "new:" + "b".repeat(43) + "=";
  private static final String CONTEXT = "store:42:shopify:accessToken";

  @Test
  void sealedValueOpensToTheSecretAndDoesNotContainIt() {
    CredentialVault vault = new CredentialVault(List.of(NEW), false);
    String sealed = vault.seal(CONTEXT, "shpat_0123456789abcdef");
    assertTrue(sealed.startsWith("wb1.new."), sealed);
    assertFalse(sealed.contains("shpat"));
    assertEquals("shpat_0123456789abcdef", vault.open(CONTEXT, sealed));
  }

  @Test
  void sealingTheSameSecretTwiceGivesDifferentValues() {
    CredentialVault vault = new CredentialVault(List.of(NEW), false);
    assertNotEquals(vault.seal(CONTEXT, "s"), vault.seal(CONTEXT, "s"));
  }

  @Test
  void valueSealedForOneStoreDoesNotOpenForAnother() {
    CredentialVault vault = new CredentialVault(List.of(NEW), false);
    String sealed = vault.seal(CONTEXT, "secret");
    assertThrows(
        CredentialVault.Unreadable.class, () -> vault.open("store:43:shopify:accessToken", sealed));
  }

  @Test
  void alteredValueDoesNotOpen() {
    CredentialVault vault = new CredentialVault(List.of(NEW), false);
    String sealed = vault.seal(CONTEXT, "secret");
    int at = sealed.length() - 3;
    String altered =
        sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
    assertThrows(CredentialVault.Unreadable.class, () -> vault.open(CONTEXT, altered));
    assertThrows(CredentialVault.Unreadable.class, () -> vault.open(CONTEXT, "plain-text"));
    assertThrows(CredentialVault.Unreadable.class, () -> vault.open(CONTEXT, "wb1.new.!!"));
  }

  @Test
  void rotatedKeyStillOpensOldValuesAndResealsThemUnderTheNewOne() {
    String sealedEarlier = new CredentialVault(List.of(OLD), false).seal(CONTEXT, "secret");
    CredentialVault rotated = new CredentialVault(List.of(NEW, OLD), false);
    assertFalse(rotated.current(sealedEarlier));
    assertEquals("secret", rotated.open(CONTEXT, sealedEarlier));
    String resealed = rotated.reseal(CONTEXT, sealedEarlier);
    assertTrue(resealed.startsWith("wb1.new."));
    assertTrue(rotated.current(resealed));
    assertEquals("secret", new CredentialVault(List.of(NEW), false).open(CONTEXT, resealed));
  }

  @Test
  void valueSealedWithADroppedKeySaysWhichKeyIsMissing() {
    String sealed = new CredentialVault(List.of(OLD), false).seal(CONTEXT, "secret");
    var e =
        assertThrows(
            CredentialVault.Unreadable.class,
            () -> new CredentialVault(List.of(NEW), false).open(CONTEXT, sealed));
    assertTrue(e.getMessage().contains("\"old\""), e.getMessage());
  }

  @Test
  void withoutAKeyStoringACredentialIsRefusedWithAProblem() {
    CredentialVault vault = new CredentialVault(List.of(), false);
    assertFalse(vault.configured());
    var e = assertThrows(CredentialVault.NotConfigured.class, () -> vault.seal(CONTEXT, "s"));
    assertEquals(503, e.status());
    assertTrue(e.getMessage().contains("WAYBILL_CREDENTIALS_KEYS"));
  }

  @Test
  void malformedKeysStopTheStartNamingTheKey() {
    var shortKey =
        assertThrows(
            IllegalStateException.class, () -> new CredentialVault(List.of("short:YWJj"), false));
    assertTrue(shortKey.getMessage().contains("\"short\""), shortKey.getMessage());
    assertTrue(
        assertThrows(
                IllegalStateException.class, () -> new CredentialVault(List.of("nocolon"), false))
            .getMessage()
            .contains("id:base64-key"));
    assertTrue(
        assertThrows(
                IllegalStateException.class, () -> new CredentialVault(List.of(NEW, NEW), false))
            .getMessage()
            .contains("repeats"));
  }

  @Test
  void productionRefusesTheKeysPublishedForDevAndTests() {
    var e =
        assertThrows(
            ProductionSecrets.WeakSecrets.class,
            () ->
                new CredentialVault(
                    List.of("dev:ZGV2LW9ubHktY3JlZGVudGlhbHMta2V5LTAwMDAwMDA="), true));
    assertTrue(e.getMessage().contains("waybill.credentials.keys"));
  }

  @Test
  void hintShowsOnlyTheLastFourCharactersOfALongSecret() {
    assertEquals(Optional.of("…cdef"), CredentialVault.hint("shpat_0123456789abcdef"));
    assertEquals(Optional.empty(), CredentialVault.hint("short"));
  }
}
