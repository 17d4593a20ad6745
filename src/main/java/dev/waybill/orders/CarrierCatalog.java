package dev.waybill.orders;

import java.util.List;
import java.util.Optional;

/**
 * What orders needs to know of the carrier network to accept a shipment: which carriers exist,
 * which of them use a tracking number's format, and which Waybill polls itself. The carriers
 * feature implements it.
 */
public interface CarrierCatalog {

  /** How sure a detection is, most sure first. */
  enum Confidence {
    /**
     * Waybill's own rules for the carriers it knows best: format and, where the carrier has one,
     * check digit (docs/carriers/detection.md).
     */
    HIGH,
    /** A catalogue carrier's format and its published check digit. */
    MEDIUM,
    /** A catalogue carrier's format alone: it publishes no check digit. */
    LOW
  }

  /** A carrier a tracking number may belong to. */
  record Candidate(String code, Confidence confidence) {}

  /** The canonical code of a known carrier, given its code in any case. */
  Optional<String> codeOf(String carrier);

  /** Every known carrier code. */
  List<String> codes();

  /**
   * The carriers whose tracking-number format {@code trackingNumber} matches, most likely first.
   */
  List<Candidate> candidates(String trackingNumber);

  /** The codes of {@link #candidates}, most likely first. */
  default List<String> detect(String trackingNumber) {
    return candidates(trackingNumber).stream().map(Candidate::code).toList();
  }

  /**
   * Whether Waybill has an adapter that polls this carrier (configured or not); a carrier without
   * one is followed only through pushes.
   */
  boolean polls(String code);
}
