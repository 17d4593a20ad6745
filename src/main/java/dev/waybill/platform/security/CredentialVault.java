package dev.waybill.platform.security;

import dev.waybill.platform.config.ProductionSecrets;
import dev.waybill.platform.errors.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the credentials that stores give Waybill (platform access tokens, webhook secrets,
 * aggregator keys) with AES-256-GCM before they are stored, and opens them when they are used.
 *
 * <p>A sealed value reads {@code wb1.<key id>.<base64url(nonce | ciphertext | tag)>}. The key id
 * says which key opens it, so keys rotate without a migration: a new key goes first in {@code
 * waybill.credentials.keys}, values are re-sealed as they are next written (or by {@link #reseal}),
 * and the old key is dropped once nothing needs it. Every value is bound to a context, for example
 * {@code store:42:shopify:accessToken}, as additional authenticated data: a sealed value copied to
 * another store's row or another field does not open.
 */
@ApplicationScoped
public class CredentialVault {

  private static final String PREFIX = "wb1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  /** Keys this repository publishes for dev mode and tests; a production pod refuses them. */
  private static final List<String> PUBLISHED_KEYS =
      List.of(
          "ZGV2LW9ubHktY3JlZGVudGlhbHMta2V5LTAwMDAwMDA=",
          "dGVzdC1vbmx5LWNyZWRlbnRpYWxzLWtleS0wMDAwMDA=");

  private final Map<String, SecretKey> keys;
  private final String currentId;

  @Inject
  public CredentialVault(SecurityConfig config) {
    this(config.credentials().keys().orElse(List.of()), ProductionSecrets.enforced());
  }

  CredentialVault(List<String> specs, boolean production) {
    Map<String, SecretKey> parsed = new LinkedHashMap<>();
    List<ProductionSecrets.Finding> findings = new ArrayList<>();
    for (String spec : specs) {
      if (spec == null || spec.isBlank()) {
        continue;
      }
      int colon = spec.indexOf(':');
      String id = colon < 0 ? "" : spec.substring(0, colon).strip();
      String material = colon < 0 ? "" : spec.substring(colon + 1).strip();
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalStateException(
            "waybill.credentials.keys: each entry must read id:base64-key, with an id of at most 32"
                + " letters, digits, - or _");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(material);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "waybill.credentials.keys: the key \"" + id + "\" is not valid base64");
      }
      if (raw.length != 32) {
        throw new IllegalStateException(
            "waybill.credentials.keys: the key \""
                + id
                + "\" has "
                + raw.length
                + " bytes; AES-256 needs 32 (openssl rand -base64 32)");
      }
      if (parsed.putIfAbsent(id, new SecretKeySpec(raw, "AES")) != null) {
        throw new IllegalStateException("waybill.credentials.keys: the id \"" + id + "\" repeats");
      }
      if (production && PUBLISHED_KEYS.contains(material)) {
        findings.add(
            new ProductionSecrets.Finding(
                "waybill.credentials.keys", "holds a key published for dev mode and tests"));
      }
    }
    ProductionSecrets.refuseToStart(findings);
    this.keys = Map.copyOf(parsed);
    this.currentId = parsed.isEmpty() ? null : parsed.keySet().iterator().next();
  }

  /** Whether credentials can be stored at all: a key is configured. */
  public boolean configured() {
    return currentId != null;
  }

  /** {@code secret} sealed under the current key and bound to {@code context}. */
  public String seal(String context, String secret) {
    if (currentId == null) {
      throw new NotConfigured();
    }
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      Randomness.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(currentId, context));
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return PREFIX
          + "."
          + currentId
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * The secret in {@code sealed}, which must have been sealed for {@code context}.
   *
   * @throws Unreadable when the key that sealed it is no longer configured, or the value was
   *     altered or belongs to another context
   */
  public String open(String context, String sealed) {
    String[] parts = sealed == null ? new String[0] : sealed.split("\\.", -1);
    if (parts.length != 3 || !PREFIX.equals(parts[0])) {
      throw new Unreadable("is not a sealed credential");
    }
    SecretKey key = keys.get(parts[1]);
    if (key == null) {
      throw new Unreadable(
          "was sealed with the key \"" + parts[1] + "\", which waybill.credentials.keys lacks");
    }
    try {
      byte[] in = Base64.getUrlDecoder().decode(parts[2]);
      if (in.length < NONCE_BYTES + TAG_BITS / 8) {
        throw new Unreadable("is truncated");
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(aad(parts[1], context));
      byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException | IllegalArgumentException e) {
      throw new Unreadable("was altered or belongs to another store or field");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** Whether {@code sealed} is sealed under the current key (false when it needs a reseal). */
  public boolean current(String sealed) {
    return currentId != null && sealed != null && sealed.startsWith(PREFIX + "." + currentId + ".");
  }

  /** {@code sealed} under the current key; the same value when it already is. */
  public String reseal(String context, String sealed) {
    return current(sealed) ? sealed : seal(context, open(context, sealed));
  }

  /**
   * What may be shown of a secret so its owner can tell which one is stored: its last four
   * characters when it is long enough that they give nothing away, never more.
   */
  public static Optional<String> hint(String secret) {
    if (secret == null || secret.length() < 16) {
      return Optional.empty();
    }
    return Optional.of("…" + secret.substring(secret.length() - 4));
  }

  private static byte[] aad(String keyId, String context) {
    return (PREFIX + "|" + keyId + "|" + context).getBytes(StandardCharsets.UTF_8);
  }

  /** 503: a store tried to save a credential, and no key to seal it is configured. */
  public static final class NotConfigured extends ProblemException {
    NotConfigured() {
      super(
          503,
          "credentials-not-configured",
          "Credential storage is not configured",
          "This Waybill has no key to encrypt credentials with; the operator must set"
              + " WAYBILL_CREDENTIALS_KEYS (see docs/security.md) before credentials can be saved.",
          null,
          null);
    }
  }

  /** A stored credential that cannot be opened: never shown to the caller as its value. */
  public static final class Unreadable extends RuntimeException {
    Unreadable(String reason) {
      super("The stored credential " + reason, null, false, false);
    }
  }
}
