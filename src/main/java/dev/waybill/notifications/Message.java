package dev.waybill.notifications;

import java.util.List;

/**
 * A rendered-ready message: every text already in the shopper's language, every colour readable.
 * The templates only lay it out.
 */
public record Message(
    String lang,
    String subject,
    String headline,
    String happened,
    String next,
    String todo,
    String estimateLabel,
    String estimate,
    String orderLabel,
    String orderNumber,
    String itemsLabel,
    String quantityLabel,
    List<Item> items,
    String trackingUrl,
    String trackLabel,
    Parcel parcel,
    Labels labels,
    Brand brand,
    String manageUrl,
    String unsubscribeUrl,
    Feedback feedback) {

  /**
   * The "how was the delivery?" question of the delivered email: each star a signed link to the
   * rating page, and a shortcut to the help form for a parcel that never arrived.
   */
  public record Feedback(
      String question, String hint, List<Star> stars, String notReceived, String notReceivedUrl) {}

  /** One rating link: its stars as marks, its words, and where it leads. */
  public record Star(int rating, String marks, String label, String url) {}

  /** One line of the order, with its picture when the merchant sent one. */
  public record Item(String name, int quantity, String imageUrl) {}

  /**
   * The parcel the message is about, with its carrier's name and the carrier's own tracking page
   * ({@code carrierUrl} is null for a carrier without one).
   */
  public record Parcel(
      String label, String carrierName, String trackingNumber, String carrierUrl) {}

  /** Fixed labels of the layout. */
  public record Labels(
      String happened,
      String next,
      String todo,
      String help,
      String email,
      String phone,
      String helpCenter,
      String manage,
      String unsubscribe,
      String why,
      String smsStop) {}

  /** The store's look and contacts. Colours come in readable pairs (background, text on it). */
  public record Brand(
      String name,
      String logoUrl,
      String primary,
      String onPrimary,
      String accent,
      String onAccent,
      String supportEmail,
      String supportPhone,
      String supportUrl,
      String customMessage) {}
}
