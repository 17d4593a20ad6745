package dev.waybill.tracking.shopper;

import dev.waybill.stores.StoreProfile;
import io.smallrye.mutiny.Uni;

/** Sends a shopper the email that signs them in; implemented where emails are composed. */
public interface SignInMail {

  /**
   * One sign-in email: a link that signs in with one click, and the same sign-in as a short code
   * for an app.
   *
   * @param language the shopper's language: en, de, fr, es, nl or it
   * @param minutes how long the link and the code work
   */
  record SignInEmail(
      StoreProfile store, String to, String language, String link, String code, long minutes) {}

  Uni<Void> send(SignInEmail email);
}
