package dev.waybill.support.helpdesk;

import dev.waybill.platform.errors.Problems;
import dev.waybill.support.agents.AgentsConfig;
import dev.waybill.tracking.TrackingService;
import dev.waybill.tracking.TrackingView;
import dev.waybill.tracking.TrackingView.Estimate;
import dev.waybill.tracking.TrackingView.Event;
import dev.waybill.tracking.TrackingView.Parcel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A support case told for a help desk agent, in English: what the shopper wrote, the order's status
 * in plain words, each parcel with its carrier, link, latest events and delivery window, and the
 * way back to the case in the console. The same story fills a ticket and a help desk's sidebar.
 */
@ApplicationScoped
public class CaseStories {

  /** Events shown per parcel: the latest ones, newest first. */
  static final int EVENTS = 3;

  private static final String CASE =
      """
      SELECT c.reference, c.type, c.message, c.contact_email, c.contact_phone, c.created_at,
        o.order_number, o.customer_name, o.customer_email, st.slug
      FROM support_cases c
      JOIN orders o ON o.id = c.order_id
      JOIN stores st ON st.id = c.store_id
      WHERE c.store_id = $1 AND c.reference = $2""";

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

  private final Pool pool;
  private final TrackingService tracking;
  private final AgentsConfig agents;

  public CaseStories(Pool pool, TrackingService tracking, AgentsConfig agents) {
    this.pool = pool;
    this.tracking = tracking;
    this.agents = agents;
  }

  /** The case's story; 404 when the store has no such case. */
  public Uni<CaseStory> of(UUID storeId, String reference) {
    return pool.preparedQuery(CASE)
        .execute(Tuple.of(storeId, reference))
        .chain(
            rows -> {
              if (!rows.iterator().hasNext()) {
                throw new Problems.NotFound("No support case " + reference + " in this store");
              }
              Row r = rows.iterator().next();
              return tracking
                  .forStaff(storeId, r.getString("order_number"), "en")
                  .map(tracking::view)
                  // An order erased since the case was opened still gets its ticket.
                  .onFailure(Problems.NotFound.class)
                  .recoverWithNull()
                  .map(view -> story(r, view));
            });
  }

  private CaseStory story(Row r, TrackingView view) {
    String reference = r.getString("reference");
    String slug = r.getString("slug");
    String email = r.getString("contact_email");
    List<ParcelStory> parcels = new ArrayList<>();
    if (view != null && view.shipments() != null) {
      for (Parcel p : view.shipments()) {
        parcels.add(parcel(p));
      }
    }
    String type = r.getString("type");
    return new CaseStory(
        reference,
        type,
        typeWords(type),
        r.getString("order_number"),
        r.getString("customer_name"),
        email != null ? email : r.getString("customer_email"),
        r.getString("contact_phone"),
        r.getString("message"),
        view == null || view.status() == null ? null : view.status().name(),
        view == null ? null : view.statusLabel(),
        view != null && Boolean.TRUE.equals(view.cancelled()),
        parcels,
        consoleUrl(slug, reference),
        view == null ? null : view.trackingUrl(),
        utc(r.getOffsetDateTime("created_at")));
  }

  private static ParcelStory parcel(Parcel p) {
    List<EventStory> events = new ArrayList<>();
    if (p.events() != null) {
      p.events().stream()
          .sorted(
              (a, b) ->
                  b.occurredAt() == null || a.occurredAt() == null
                      ? 0
                      : b.occurredAt().compareTo(a.occurredAt()))
          .limit(EVENTS)
          .forEach(e -> events.add(event(e)));
    }
    Estimate e = p.estimatedDelivery();
    return new ParcelStory(
        p.carrierName() != null ? p.carrierName() : p.carrier(),
        p.trackingNumber(),
        p.carrierUrl(),
        p.status() == null ? null : p.status().name(),
        p.statusLabel(),
        p.statusDetail(),
        p.problem() == null ? null : p.problem().label(),
        p.delayed(),
        e == null ? null : window(e),
        e == null ? null : e.promised(),
        utc(p.deliveredAt()),
        events);
  }

  private static EventStory event(Event e) {
    return new EventStory(utc(e.occurredAt()), e.statusLabel(), e.description(), e.location());
  }

  /** The delivery window in words, the likeliest date first. */
  static String window(Estimate e) {
    if (e.windowStart() != null && e.windowEnd() != null) {
      return "between "
          + WHEN.format(utc(e.windowStart()))
          + " and "
          + WHEN.format(utc(e.windowEnd()));
    }
    LocalDate from = e.earliest();
    LocalDate to = e.latest();
    if (from != null && to != null && !from.equals(to)) {
      String likely = e.date() == null ? "" : ", most likely " + e.date();
      return "between " + from + " and " + to + likely;
    }
    return e.date() == null ? null : "on " + e.date();
  }

  private String consoleUrl(String slug, String reference) {
    return agents.publicBaseUrl().replaceAll("/+$", "")
        + "/console/"
        + URLEncoder.encode(slug, StandardCharsets.UTF_8)
        + "/cases/"
        + URLEncoder.encode(reference, StandardCharsets.UTF_8);
  }

  static String typeWords(String type) {
    return switch (type == null ? "" : type) {
      case "NOT_RECEIVED" -> "the order has not arrived";
      case "DELIVERED_NOT_RECEIVED" -> "shown as delivered, but not received";
      case "DAMAGED" -> "arrived damaged";
      case "WRONG_ADDRESS" -> "wrong delivery address";
      case "DELAYED" -> "the order is late";
      default -> "another question";
    };
  }

  private static OffsetDateTime utc(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
  }

  /** A support case and its order, as a help desk shows them. */
  public record CaseStory(
      String reference,
      String type,
      String typeLabel,
      String orderNumber,
      String customerName,
      String contactEmail,
      String contactPhone,
      String message,
      String status,
      String statusLabel,
      boolean cancelled,
      List<ParcelStory> shipments,
      String consoleUrl,
      String trackingUrl,
      OffsetDateTime openedAt) {

    /** The ticket's subject. */
    public String subject() {
      return "Order " + orderNumber + ": " + typeLabel + " (" + reference + ")";
    }

    /** The story as plain text. */
    public String text() {
      StringBuilder b = new StringBuilder();
      b.append("Support case ")
          .append(reference)
          .append(" about order ")
          .append(orderNumber)
          .append(": ")
          .append(typeLabel)
          .append(".\n");
      b.append("Shopper: ").append(customerName);
      if (contactEmail != null) {
        b.append(" <").append(contactEmail).append('>');
      }
      if (contactPhone != null) {
        b.append(", ").append(contactPhone);
      }
      b.append("\n\n");
      if (message != null && !message.isBlank()) {
        b.append("The shopper wrote:\n").append(message.strip()).append("\n\n");
      }
      b.append("Order status: ").append(statusWords()).append('\n');
      if (shipments.isEmpty()) {
        b.append("Nothing has shipped yet.\n");
      }
      int n = 0;
      for (ParcelStory p : shipments) {
        n++;
        b.append('\n')
            .append(shipments.size() > 1 ? "Parcel " + n + ": " : "Parcel: ")
            .append(p.headline())
            .append('\n');
        for (String line : p.lines()) {
          b.append("  ").append(line).append('\n');
        }
        if (!p.latestEvents().isEmpty()) {
          b.append("  Latest events:\n");
          for (EventStory e : p.latestEvents()) {
            b.append("  - ").append(e.line()).append('\n');
          }
        }
      }
      b.append("\nOpen the case in Waybill: ").append(consoleUrl).append('\n');
      if (trackingUrl != null) {
        b.append("The shopper's tracking page: ").append(trackingUrl).append('\n');
      }
      return b.toString();
    }

    /** The story as HTML, every value escaped. */
    public String html() {
      StringBuilder b = new StringBuilder();
      b.append("<p><strong>Support case ")
          .append(esc(reference))
          .append("</strong> about order <strong>")
          .append(esc(orderNumber))
          .append("</strong>: ")
          .append(esc(typeLabel))
          .append(".<br>Shopper: ")
          .append(esc(customerName));
      if (contactEmail != null) {
        b.append(" &lt;").append(esc(contactEmail)).append("&gt;");
      }
      if (contactPhone != null) {
        b.append(", ").append(esc(contactPhone));
      }
      b.append("</p>");
      if (message != null && !message.isBlank()) {
        b.append("<p>The shopper wrote:</p><blockquote>")
            .append(esc(message.strip()).replace("\n", "<br>"))
            .append("</blockquote>");
      }
      b.append("<p>Order status: <strong>").append(esc(statusWords())).append("</strong></p>");
      if (shipments.isEmpty()) {
        b.append("<p>Nothing has shipped yet.</p>");
      }
      for (ParcelStory p : shipments) {
        b.append("<p><strong>").append(esc(p.headline())).append("</strong>");
        if (p.carrierUrl() != null) {
          b.append(" (<a href=\"")
              .append(esc(p.carrierUrl()))
              .append("\">track with the carrier</a>)");
        }
        b.append("</p><ul>");
        for (String line : p.lines()) {
          if (!line.startsWith("Track: ")) {
            b.append("<li>").append(esc(line)).append("</li>");
          }
        }
        for (EventStory e : p.latestEvents()) {
          b.append("<li>").append(esc(e.line())).append("</li>");
        }
        b.append("</ul>");
      }
      b.append("<p><a href=\"").append(esc(consoleUrl)).append("\">Open the case in Waybill</a>");
      if (trackingUrl != null) {
        b.append(" · <a href=\"")
            .append(esc(trackingUrl))
            .append("\">The shopper's tracking page</a>");
      }
      b.append("</p>");
      return b.toString();
    }

    private String statusWords() {
      if (cancelled) {
        return "cancelled by the store";
      }
      return statusLabel != null ? statusLabel : "unknown";
    }
  }

  /** One parcel of the order. */
  public record ParcelStory(
      String carrier,
      String trackingNumber,
      String carrierUrl,
      String status,
      String statusLabel,
      String statusDetail,
      String problem,
      boolean delayed,
      String deliveryWindow,
      LocalDate promised,
      OffsetDateTime deliveredAt,
      List<EventStory> latestEvents) {

    String headline() {
      return (carrier == null ? "Unknown carrier" : carrier)
          + (trackingNumber == null ? "" : " " + trackingNumber)
          + " – "
          + (statusLabel == null ? "no news yet" : statusLabel)
          + (delayed ? " (delayed)" : "");
    }

    List<String> lines() {
      List<String> out = new ArrayList<>();
      if (carrierUrl != null) {
        out.add("Track: " + carrierUrl);
      }
      if (problem != null) {
        out.add("Problem: " + problem);
      }
      if (deliveredAt != null) {
        out.add("Delivered " + WHEN.format(deliveredAt));
      } else if (deliveryWindow != null) {
        out.add("Expected " + deliveryWindow);
      }
      if (promised != null) {
        out.add("Promised at checkout for " + promised);
      }
      return out;
    }
  }

  /** One carrier event. */
  public record EventStory(
      OffsetDateTime occurredAt, String statusLabel, String description, String location) {

    String line() {
      StringBuilder b = new StringBuilder();
      if (occurredAt != null) {
        b.append(WHEN.format(occurredAt)).append(": ");
      }
      b.append(description != null ? description : statusLabel == null ? "" : statusLabel);
      if (location != null && !location.isBlank()) {
        b.append(" (").append(location).append(')');
      }
      return b.toString();
    }
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
