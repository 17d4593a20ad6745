package dev.waybill.support;

/** How the shopper wants to be answered. */
public enum ContactChannel {
  EMAIL,
  PHONE
}
