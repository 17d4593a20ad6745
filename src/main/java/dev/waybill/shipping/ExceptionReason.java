package dev.waybill.shipping;

/** Why a shipment is held up, grouped by who caused it. */
public enum ExceptionReason {
  CARRIER_DAMAGED(Party.CARRIER, false),
  CARRIER_LOST(Party.CARRIER, false),
  CARRIER_SORTING_ERROR(Party.CARRIER, true),
  CARRIER_CAPACITY_DELAY(Party.CARRIER, true),
  CONSIGNEE_NOT_HOME(Party.CONSIGNEE, false),
  CONSIGNEE_REFUSED(Party.CONSIGNEE, false),
  CONSIGNEE_ADDRESS_PROBLEM(Party.CONSIGNEE, false),
  CONSIGNEE_ACCESS(Party.CONSIGNEE, false),
  CUSTOMS_HELD(Party.CUSTOMS, true),
  CUSTOMS_DOCUMENTS_NEEDED(Party.CUSTOMS, false),
  FORCE_MAJEURE_WEATHER(Party.FORCE_MAJEURE, true),
  FORCE_MAJEURE_NATURAL_DISASTER(Party.FORCE_MAJEURE, true),
  RETAILER_DELAY(Party.RETAILER, true),
  OTHER(Party.UNKNOWN, false);

  /** Who caused the exception. */
  public enum Party {
    CARRIER,
    CONSIGNEE,
    CUSTOMS,
    FORCE_MAJEURE,
    RETAILER,
    UNKNOWN
  }

  private final Party party;
  private final boolean delay;

  ExceptionReason(Party party, boolean delay) {
    this.party = party;
    this.delay = delay;
  }

  public Party party() {
    return party;
  }

  /** The parcel is still moving, only later than planned. */
  public boolean isDelay() {
    return delay;
  }
}
