package dev.waybill.pages;

import java.util.List;
import java.util.Map;

/** What the form templates show: the values typed so far, and what is wrong with them. */
public final class Forms {

  private Forms() {}

  /**
   * The lookup form.
   *
   * @param orders where a shopper signs in to see all their orders with the store
   */
  public record LookupForm(
      String action,
      String csrf,
      String orderNumber,
      String contact,
      String notice,
      Map<String, String> errors,
      String orders) {}

  public record ParcelChoice(String id, String label) {}

  public record HelpForm(
      String action,
      String back,
      String orderNumber,
      String csrf,
      String submission,
      List<String> types,
      List<ParcelChoice> parcels,
      String type,
      String parcel,
      String message,
      String channel,
      String email,
      String phone,
      String notice,
      Map<String, String> errors) {}

  /**
   * The delivery question of one parcel on its own page: the rating chosen (from the email's star
   * or recorded before), the comment so far, and whether it was just saved.
   */
  public record FeedbackForm(
      String token,
      String orderNumber,
      String parcel,
      String shipment,
      Integer selected,
      String comment,
      String via,
      String button,
      boolean saved,
      boolean open,
      String notice,
      String error) {

    FeedbackForm withNotice(String text) {
      return new FeedbackForm(
          token,
          orderNumber,
          parcel,
          shipment,
          selected,
          comment,
          via,
          button,
          saved,
          open,
          text,
          error);
    }

    FeedbackForm withError(String text) {
      return new FeedbackForm(
          token,
          orderNumber,
          parcel,
          shipment,
          selected,
          comment,
          via,
          button,
          saved,
          open,
          notice,
          text);
    }
  }
}
