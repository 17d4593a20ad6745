package dev.waybill.support;

import java.util.UUID;

/**
 * A request for help as the tracking page collected it, already validated.
 *
 * @param context the order's tracking document as the shopper saw it, as JSON
 * @param submissionId the form's one-time id: submitting the same form twice opens one case
 * @param source where it was opened: PAGE (the shopper's help form) or CONSOLE (an agent)
 */
public record NewCase(
    UUID storeId,
    String orderNumber,
    UUID shipmentId,
    CaseType type,
    String message,
    ContactChannel channel,
    String email,
    String phone,
    String locale,
    String context,
    String submissionId,
    String source) {

  /** A request from the shopper's help form. */
  public NewCase(
      UUID storeId,
      String orderNumber,
      UUID shipmentId,
      CaseType type,
      String message,
      ContactChannel channel,
      String email,
      String phone,
      String locale,
      String context,
      String submissionId) {
    this(
        storeId,
        orderNumber,
        shipmentId,
        type,
        message,
        channel,
        email,
        phone,
        locale,
        context,
        submissionId,
        "PAGE");
  }
}
