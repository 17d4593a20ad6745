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
}
