package dev.waybill.platform.security;

import java.nio.charset.StandardCharsets;

/**
 * The purposes the master secret ({@code waybill.tracking.token-secret}) keys, each with a key of
 * its own derived with HKDF-SHA256 (no salt, the purpose's label as info). A token made for one
 * purpose never verifies for another, and knowing one derived key tells nothing of the master or of
 * the other keys.
 */
public enum KeyPurpose {
  /** Shoppers' tracking links ({@code /t/{token}}, {@code /api/v1/tracking/{token}}). */
  TRACKING_LINKS("waybill/tracking-links/v1"),
  /** Links to a shopper's notification settings and one-click unsubscribes. */
  PREFERENCE_LINKS("waybill/preference-links/v1"),
  /** The rating links of the "delivered" email, one per star. */
  FEEDBACK_LINKS("waybill/feedback-links/v1"),
  /** The signed double-submit tokens of the site's forms. */
  FORMS("waybill/forms/v1"),
  /** The hashes of the short codes in shoppers' sign-in emails. */
  SHOPPER_CODES("waybill/shopper-codes/v1");

  /** Bytes of each derived key: HMAC-SHA256's block of output. */
  public static final int KEY_BYTES = 32;

  private final String label;

  KeyPurpose(String label) {
    this.label = label;
  }

  /** The HKDF info string; changing it changes the key. */
  public String label() {
    return label;
  }

  /** This purpose's key, derived from the master secret. */
  public byte[] key(String masterSecret) {
    return Hkdf.derive(
        null,
        masterSecret.getBytes(StandardCharsets.UTF_8),
        label.getBytes(StandardCharsets.UTF_8),
        KEY_BYTES);
  }
}
