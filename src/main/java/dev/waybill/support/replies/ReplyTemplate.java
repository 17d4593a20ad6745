package dev.waybill.support.replies;

import dev.waybill.platform.errors.Problems;
import java.util.Arrays;
import java.util.Locale;

/** The shipping questions a store keeps a ready answer for. */
public enum ReplyTemplate {
  WHERE_IS_MY_ORDER("where-is-my-order"),
  RUNNING_LATE("running-late"),
  DELIVERED_NOT_RECEIVED("delivered-not-received"),
  ADDRESS_PROBLEM("address-problem"),
  RETURNED_TO_SENDER("returned-to-sender"),
  LOST_PARCEL_CLAIM("lost-parcel-claim"),
  SPLIT_SHIPMENT("split-shipment");

  private final String id;

  ReplyTemplate(String id) {
    this.id = id;
  }

  /** The name in URLs and requests, for example {@code running-late}. */
  public String id() {
    return id;
  }

  /** The template named {@code id} (either spelling), or 400 naming {@code field}. */
  public static ReplyTemplate of(String field, String id) {
    String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values())
        .filter(t -> t.id.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new Problems.Invalid(
                    field,
                    "must be one of " + Arrays.stream(values()).map(ReplyTemplate::id).toList()));
  }
}
