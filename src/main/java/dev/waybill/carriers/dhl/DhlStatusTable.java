package dev.waybill.carriers.dhl;

import static dev.waybill.carriers.spi.StatusTable.to;

import dev.waybill.carriers.spi.StatusTable;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What DHL's statuses mean. DHL's {@code statusCode} has five values only ({@code pre-transit},
 * {@code transit}, {@code delivered}, {@code failure}, {@code unknown}); out for delivery, a failed
 * attempt or an address problem are told apart only in the event's {@code status}, {@code
 * description} and {@code remark} texts. So an event's code is its {@code statusCode}, refined by
 * the first {@link #RULES rule} whose words appear in those texts ({@code
 * transit:out-for-delivery}), and every code, plain or refined, is in this one table. Words are
 * English and German, the languages DHL answers in for the businesses Waybill detects.
 */
public final class DhlStatusTable {

  /** A refinement of one statusCode: its name and the words that select it. */
  record Rule(String statusCode, String refinement, List<String> words) {}

  /** Words of a parcel on its way back, in transit or after a failure. */
  private static final List<String> RETURNED =
      List.of(
          "returned to shipper",
          "return to sender",
          "returned to sender",
          "being returned",
          "rücksendung",
          "zurück an den absender",
          "zurückgesendet");

  /** Tried in order, first match wins: "returned because of the address" is a return. */
  static final List<Rule> RULES =
      List.of(
          new Rule("transit", "returned", RETURNED),
          new Rule(
              "transit",
              "out-for-delivery",
              List.of(
                  "out for delivery",
                  "with delivery courier",
                  "in zustellung",
                  "zustellfahrzeug",
                  "wird heute zugestellt")),
          new Rule(
              "transit",
              "pickup-ready",
              List.of(
                  "ready for pickup",
                  "ready for collection",
                  "available for pickup",
                  "awaiting collection",
                  "zur abholung bereit",
                  "abholbereit")),
          new Rule("transit", "weather", List.of("weather", "wetter", "unwetter")),
          new Rule("transit", "delay", List.of("delayed", "delay", "verzögert", "verzögerung")),
          new Rule(
              "transit",
              "picked-up",
              List.of("picked up", "shipment picked up", "abgeholt", "eingeliefert")),
          new Rule("failure", "returned", RETURNED),
          new Rule("failure", "refused", List.of("refused", "verweigert")),
          new Rule(
              "failure",
              "not-home",
              List.of(
                  "not home",
                  "not at home",
                  "recipient not available",
                  "nobody",
                  "no one",
                  "closed on arrival",
                  "nicht angetroffen",
                  "niemand")),
          new Rule(
              "failure",
              "address",
              List.of("address", "adresse", "anschrift", "unbekannt verzogen")),
          new Rule(
              "failure",
              "customs-documents",
              List.of("documents", "unterlagen", "paperwork", "invoice")),
          new Rule("failure", "customs", List.of("customs", "zoll")),
          new Rule("failure", "damaged", List.of("damaged", "beschädigt")),
          new Rule("failure", "lost", List.of("lost", "verloren", "nicht auffindbar")),
          new Rule("failure", "weather", List.of("weather", "wetter", "unwetter")),
          new Rule(
              "delivered",
              "returned",
              List.of(
                  "returned to shipper",
                  "delivered to shipper",
                  "an den absender zurück",
                  "zurück an den absender")));

  /** Every code: the five statusCodes and their refinements. */
  public static final StatusTable TABLE =
      StatusTable.of(
          Map.ofEntries(
              Map.entry("pre-transit", to(TrackingStatus.INFO_RECEIVED)),
              Map.entry("transit", to(TrackingStatus.IN_TRANSIT)),
              Map.entry("transit:returned", to(TrackingStatus.RETURNED_TO_SENDER)),
              Map.entry("transit:out-for-delivery", to(TrackingStatus.OUT_FOR_DELIVERY)),
              Map.entry("transit:pickup-ready", to(TrackingStatus.AVAILABLE_FOR_PICKUP)),
              Map.entry(
                  "transit:weather",
                  to(TrackingStatus.EXCEPTION, ExceptionReason.FORCE_MAJEURE_WEATHER)),
              Map.entry(
                  "transit:delay",
                  to(TrackingStatus.EXCEPTION, ExceptionReason.CARRIER_CAPACITY_DELAY)),
              Map.entry("transit:picked-up", to(TrackingStatus.PICKED_UP)),
              Map.entry("delivered", to(TrackingStatus.DELIVERED)),
              Map.entry("delivered:returned", to(TrackingStatus.RETURNED_TO_SENDER)),
              // A failure without a reason DHL names: an exception, cause unknown.
              Map.entry("failure", to(TrackingStatus.EXCEPTION)),
              Map.entry("failure:returned", to(TrackingStatus.RETURNED_TO_SENDER)),
              Map.entry(
                  "failure:refused",
                  to(TrackingStatus.EXCEPTION, ExceptionReason.CONSIGNEE_REFUSED)),
              Map.entry(
                  "failure:address",
                  to(TrackingStatus.EXCEPTION, ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM)),
              Map.entry(
                  "failure:not-home",
                  to(TrackingStatus.DELIVERY_ATTEMPTED, ExceptionReason.CONSIGNEE_NOT_HOME)),
              Map.entry(
                  "failure:customs-documents",
                  to(TrackingStatus.EXCEPTION, ExceptionReason.CUSTOMS_DOCUMENTS_NEEDED)),
              Map.entry(
                  "failure:customs", to(TrackingStatus.EXCEPTION, ExceptionReason.CUSTOMS_HELD)),
              Map.entry(
                  "failure:damaged", to(TrackingStatus.EXCEPTION, ExceptionReason.CARRIER_DAMAGED)),
              Map.entry("failure:lost", to(TrackingStatus.EXCEPTION, ExceptionReason.CARRIER_LOST)),
              Map.entry(
                  "failure:weather",
                  to(TrackingStatus.EXCEPTION, ExceptionReason.FORCE_MAJEURE_WEATHER)),
              // DHL itself has no status to give: shown as unknown and counted, never guessed.
              Map.entry("unknown", StatusTable.UNKNOWN)));

  private DhlStatusTable() {}

  /**
   * The code of one status or event: its statusCode, refined by the first rule whose words its
   * texts hold; {@code null} when DHL sent no statusCode.
   */
  static String code(String statusCode, String... texts) {
    if (statusCode == null) {
      return null;
    }
    String code = statusCode.toLowerCase(Locale.ROOT);
    StringBuilder all = new StringBuilder();
    for (String text : texts) {
      if (text != null) {
        all.append(' ').append(text.toLowerCase(Locale.ROOT));
      }
    }
    String haystack = all.toString();
    for (Rule rule : RULES) {
      if (rule.statusCode().equals(code) && rule.words().stream().anyMatch(haystack::contains)) {
        return code + ":" + rule.refinement();
      }
    }
    return code;
  }
}
