package dev.waybill.support.replies;

import dev.waybill.platform.errors.Problems;
import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.support.CaseType;
import dev.waybill.support.claims.ClaimReminders;
import dev.waybill.support.claims.ClaimStatus;
import dev.waybill.support.claims.ClaimViews.ClaimReminder;
import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.TrackingService;
import dev.waybill.tracking.TrackingView;
import dev.waybill.tracking.TrackingView.Parcel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An order's story as a reply template sees it: the shopper, the order, the parcel the question is
 * about, every parcel, an open claim and the store. Every name is always present (empty when
 * unknown), so a template may test it with {@code #if} and never fails on a missing one.
 */
@ApplicationScoped
public class ReplyStories {

  private static final String ORDER =
      """
      SELECT id, customer_name FROM orders WHERE store_id = $1 AND order_number = $2
      """;

  private static final String NEWEST =
      """
      SELECT order_number FROM orders
       WHERE store_id = $1 AND anonymized_at IS NULL
       ORDER BY created_at DESC LIMIT 1
      """;

  /** The story, and the template the order's state suggests. */
  public record Story(
      String orderNumber, String lang, Map<String, Object> model, ReplyTemplate suggested) {}

  private final TrackingService tracking;
  private final ClaimReminders claims;
  private final StatusTexts texts;
  private final Pool pool;

  public ReplyStories(
      TrackingService tracking, ClaimReminders claims, StatusTexts texts, Pool pool) {
    this.tracking = tracking;
    this.claims = claims;
    this.texts = texts;
    this.pool = pool;
  }

  /**
   * The story of {@code orderNumber}, in {@code locale} or else the order's own language. {@code
   * shipmentId} and {@code caseType} (either may be null) say which parcel and question it is
   * about.
   */
  public Uni<Story> of(
      UUID storeId, String orderNumber, String locale, UUID shipmentId, CaseType caseType) {
    return tracking
        .forStaff(storeId, orderNumber, locale)
        .map(tracking::view)
        .chain(
            view ->
                pool.preparedQuery(ORDER)
                    .execute(Tuple.of(storeId, view.orderNumber()))
                    .chain(
                        rows -> {
                          if (rows.size() == 0) {
                            throw new Problems.NotFound("No order '" + orderNumber + "'");
                          }
                          Row order = rows.iterator().next();
                          return claims
                              .forOrder(storeId, order.getUUID("id"))
                              .map(
                                  open ->
                                      story(
                                          view,
                                          order.getString("customer_name"),
                                          locale,
                                          shipmentId,
                                          caseType,
                                          open));
                        }));
  }

  /**
   * The story to check a template against: {@code orderNumber}'s, else the store's newest order's,
   * else a sample with every name filled.
   */
  public Uni<Story> forPreview(UUID storeId, String orderNumber, String locale) {
    Uni<String> number =
        orderNumber != null && !orderNumber.isBlank()
            ? Uni.createFrom().item(orderNumber.trim())
            : pool.preparedQuery(NEWEST)
                .execute(Tuple.of(storeId))
                .map(
                    rows ->
                        rows.size() == 0 ? null : rows.iterator().next().getString("order_number"));
    return number.chain(
        n ->
            n == null ? Uni.createFrom().item(sample(locale)) : of(storeId, n, locale, null, null));
  }

  /** A made-up order with every name set, for stores that have no order yet. */
  Story sample(String locale) {
    String lang = ReplyDefaults.language(locale);
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    Map<String, Object> parcel = new LinkedHashMap<>();
    parcel.put("carrier", "UPS");
    parcel.put("trackingNumber", "1Z999AA10123456784");
    parcel.put("carrierLink", "https://www.ups.com/track?tracknum=1Z999AA10123456784");
    parcel.put("status", texts.label(lang, TrackingStatus.IN_TRANSIT));
    parcel.put(
        "window",
        texts.estimate(
            lang,
            new TrackingView.Estimate(
                today.plusDays(2),
                null,
                null,
                null,
                "waybill",
                today.plusDays(1),
                today.plusDays(3),
                today.plusDays(4),
                null,
                "HIGH")));
    parcel.put("deliveredOn", texts.day(lang, today));
    parcel.put("delayed", false);
    parcel.put("problem", "");
    parcel.put("whatToDo", "");
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("shopper", Map.of("name", "Alex Example", "firstName", "Alex"));
    model.put(
        "order",
        Map.of(
            "number",
            "1001",
            "status",
            texts.label(lang, TrackingStatus.IN_TRANSIT),
            "trackingLink",
            "https://track.example.com/t/sample",
            "placedOn",
            texts.day(lang, today.minusDays(2))));
    model.put("parcel", parcel);
    model.put("parcels", List.of(parcel, parcel));
    model.put("parcelCount", 2);
    model.put("claim", Map.of("deadline", texts.day(lang, today.plusDays(30)), "reference", ""));
    model.put(
        "store",
        Map.of(
            "name", "Example Store",
            "email", "help@example.com",
            "phone", "",
            "url", "https://example.com/help"));
    return new Story(null, lang, model, ReplyTemplate.WHERE_IS_MY_ORDER);
  }

  private Story story(
      TrackingView view,
      String customerName,
      String locale,
      UUID shipmentId,
      CaseType caseType,
      List<ClaimReminder> claimList) {
    String lang =
        ReplyDefaults.language(locale != null && !locale.isBlank() ? locale : view.locale());
    List<Parcel> parcels = view.shipments() == null ? List.of() : view.shipments();
    Parcel focus = focus(parcels, shipmentId);
    ClaimReminder claim =
        claimList.stream()
            .filter(c -> c.status() != ClaimStatus.CLOSED)
            .filter(c -> focus == null || c.shipmentId().equals(focus.id()))
            .findFirst()
            .orElse(null);

    String name = customerName == null ? "" : customerName.strip();
    Map<String, Object> shopper = new LinkedHashMap<>();
    shopper.put("name", name);
    shopper.put("firstName", name.isEmpty() ? "" : name.split("\\s+")[0]);

    Map<String, Object> order = new LinkedHashMap<>();
    order.put("number", view.orderNumber());
    order.put("status", orEmpty(view.statusLabel()));
    order.put("trackingLink", orEmpty(view.trackingUrl()));
    order.put(
        "placedOn", view.placedAt() == null ? "" : texts.day(lang, view.placedAt().toLocalDate()));

    Map<String, Object> claimModel = new LinkedHashMap<>();
    claimModel.put("deadline", claim == null ? "" : texts.day(lang, claim.fileBy()));
    claimModel.put("reference", claim == null ? "" : orEmpty(claim.claimReference()));

    Map<String, Object> store = new LinkedHashMap<>();
    TrackingView.StoreInfo info = view.store();
    TrackingView.Support support = view.support();
    store.put("name", info == null ? "" : orEmpty(info.name()));
    store.put("email", support == null ? "" : orEmpty(support.email()));
    store.put("phone", support == null ? "" : orEmpty(support.phone()));
    store.put("url", support == null ? "" : orEmpty(support.url()));

    Map<String, Object> model = new LinkedHashMap<>();
    model.put("shopper", shopper);
    model.put("order", order);
    model.put("parcel", focus == null ? parcel(lang, null) : parcel(lang, focus));
    model.put("parcels", parcels.stream().map(p -> parcel(lang, p)).toList());
    model.put("parcelCount", parcels.size());
    model.put("claim", claimModel);
    model.put("store", store);
    return new Story(view.orderNumber(), lang, model, suggest(parcels, focus, caseType, claim));
  }

  private Map<String, Object> parcel(String lang, Parcel p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "carrier",
        p == null ? "" : orEmpty(p.carrierName() != null ? p.carrierName() : p.carrier()));
    m.put("trackingNumber", p == null ? "" : orEmpty(p.trackingNumber()));
    m.put("carrierLink", p == null ? "" : orEmpty(p.carrierUrl()));
    m.put("status", p == null ? "" : orEmpty(p.statusLabel()));
    m.put(
        "window",
        p == null || p.deliveredAt() != null ? "" : texts.estimate(lang, p.estimatedDelivery()));
    m.put(
        "deliveredOn",
        p == null || p.deliveredAt() == null ? "" : texts.day(lang, p.deliveredAt().toLocalDate()));
    m.put("delayed", p != null && p.delayed());
    m.put("problem", p == null || p.problem() == null ? "" : orEmpty(p.problem().explanation()));
    m.put("whatToDo", p == null ? "" : orEmpty(p.whatToDo()));
    return m;
  }

  /** The parcel asked about, else the one most likely to be the reason for asking. */
  static Parcel focus(List<Parcel> parcels, UUID shipmentId) {
    if (parcels.isEmpty()) {
      return null;
    }
    if (shipmentId != null) {
      for (Parcel p : parcels) {
        if (shipmentId.equals(p.id())) {
          return p;
        }
      }
    }
    return parcels.stream()
        .max(
            Comparator.comparingInt(ReplyStories::concern)
                .thenComparing(p -> p.lastEventAt() == null ? "" : p.lastEventAt().toString()))
        .orElseThrow();
  }

  /** How much a parcel needs explaining: problems first, then delays, then the undelivered. */
  private static int concern(Parcel p) {
    if (p.problem() != null || (p.status() != null && p.status().isProblem())) {
      return 3;
    }
    if (p.delayed()) {
      return 2;
    }
    return p.status() == TrackingStatus.DELIVERED ? 0 : 1;
  }

  /** The answer the order's state and the shopper's question call for. */
  static ReplyTemplate suggest(
      List<Parcel> parcels, Parcel focus, CaseType caseType, ClaimReminder claim) {
    if (claim != null) {
      return ReplyTemplate.LOST_PARCEL_CLAIM;
    }
    TrackingStatus status = focus == null ? null : focus.status();
    ExceptionReason reason =
        focus == null || focus.problem() == null ? null : focus.problem().reason();
    if (status == TrackingStatus.RETURNED_TO_SENDER) {
      return ReplyTemplate.RETURNED_TO_SENDER;
    }
    if (reason == ExceptionReason.CONSIGNEE_ADDRESS_PROBLEM || caseType == CaseType.WRONG_ADDRESS) {
      return ReplyTemplate.ADDRESS_PROBLEM;
    }
    if (status == TrackingStatus.DELIVERED
        && (caseType == CaseType.DELIVERED_NOT_RECEIVED || caseType == CaseType.NOT_RECEIVED)) {
      return ReplyTemplate.DELIVERED_NOT_RECEIVED;
    }
    if (reason == ExceptionReason.CARRIER_LOST) {
      return ReplyTemplate.LOST_PARCEL_CLAIM;
    }
    if (parcels.size() > 1
        && parcels.stream().map(Parcel::status).filter(Objects::nonNull).distinct().count() > 1) {
      return ReplyTemplate.SPLIT_SHIPMENT;
    }
    if ((focus != null && focus.delayed()) || caseType == CaseType.DELAYED) {
      return ReplyTemplate.RUNNING_LATE;
    }
    return ReplyTemplate.WHERE_IS_MY_ORDER;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
