package dev.waybill.notifications;

/** How a message reaches the shopper. */
public enum Channel {
  EMAIL,
  SMS
}
