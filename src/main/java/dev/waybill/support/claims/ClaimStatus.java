package dev.waybill.support.claims;

/** Where a carrier claim reminder stands. */
public enum ClaimStatus {
  /** The claim still has to be filed with the carrier. */
  OPEN,
  /** Filed with the carrier, under the carrier's claim reference. */
  FILED,
  /** Settled or given up; nothing more to remind of. */
  CLOSED
}
