package dev.waybill.support;

/** What the shopper says is wrong, as offered on the help form. */
public enum CaseType {
  NOT_RECEIVED,
  DELIVERED_NOT_RECEIVED,
  DAMAGED,
  WRONG_ADDRESS,
  DELAYED,
  OTHER
}
