package dev.waybill.support;

/** Where a support case stands. */
public enum CaseStatus {
  OPEN,
  IN_PROGRESS,
  WAITING_ON_CARRIER,
  WAITING_ON_CUSTOMER,
  RESOLVED,
  CLOSED;

  boolean finished() {
    return this == RESOLVED || this == CLOSED;
  }
}
