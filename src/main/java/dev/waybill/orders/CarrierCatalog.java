package dev.waybill.orders;

import java.util.List;
import java.util.Optional;

/**
 * What orders needs to know of the carrier network to accept a shipment: which carriers exist and
 * which of them use a tracking number's format. The carriers feature implements it.
 */
public interface CarrierCatalog {

  /** The canonical code of a known carrier, given its code in any case. */
  Optional<String> codeOf(String carrier);

  /** Every known carrier code. */
  List<String> codes();

  /** The carriers whose tracking-number format {@code trackingNumber} matches. */
  List<String> detect(String trackingNumber);
}
