package dev.waybill.carriers;

import dev.waybill.carriers.WebhookInbox.Entry;
import dev.waybill.carriers.spi.WebhookSource;
import dev.waybill.carriers.spi.WebhookSource.PushedUpdate;
import dev.waybill.orders.ShipmentLeases;
import dev.waybill.orders.Timeline;
import dev.waybill.platform.observability.Masking;
import dev.waybill.shipping.EventSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns stored pushes into shipment updates, through the same idempotent path as polling. A push
 * that fails is retried with backoff; a duplicate changes nothing because events dedupe.
 */
@ApplicationScoped
public class WebhookProcessor {

  private final WebhookInbox inbox;
  private final ShipmentLeases shipments;
  private final Timeline updates;
  private final UnknownCodes unknownCodes;
  private final AggregatorFallback fallback;
  private final MeterRegistry metrics;
  private final CarrierDirectory directory;
  private final Map<String, WebhookSource> sources = new HashMap<>();
  private final Map<String, InboxHandler> handlers = new HashMap<>();

  public WebhookProcessor(
      WebhookInbox inbox,
      ShipmentLeases shipments,
      Timeline updates,
      UnknownCodes unknownCodes,
      AggregatorFallback fallback,
      Instance<WebhookSource> sources,
      Instance<InboxHandler> handlers,
      MeterRegistry metrics,
      CarrierDirectory directory) {
    this.directory = directory;
    this.inbox = inbox;
    this.shipments = shipments;
    this.updates = updates;
    this.unknownCodes = unknownCodes;
    this.fallback = fallback;
    this.metrics = metrics;
    sources.forEach(s -> this.sources.put(s.name(), s));
    handlers.forEach(h -> this.handlers.put(h.source(), h));
  }

  public WebhookSource source(String name) {
    return sources.get(name);
  }

  /**
   * Processes every entry, several at once: each waits on the database most of its time, and the
   * statements they share (marking them done, counting them) group up. Each one's failure is
   * recorded on it and never stops the others.
   */
  public Uni<Void> process(List<Entry> entries) {
    return Multi.createFrom()
        .iterable(entries)
        .onItem()
        .transformToUni(this::process)
        .merge(16)
        .collect()
        .last()
        .replaceWithVoid();
  }

  private Uni<Void> process(Entry entry) {
    WebhookSource source = sources.get(entry.source());
    InboxHandler handler = handlers.get(entry.source());
    if (source == null && handler != null) {
      return handle(handler, entry);
    }
    if (source == null) {
      return inbox.failed(entry.id(), "no source " + entry.source(), Duration.ofHours(1));
    }
    List<PushedUpdate> parsed;
    try {
      parsed = source.parse(entry.payload());
    } catch (RuntimeException e) {
      // Parser messages quote the payload, which can hold the recipient's details.
      Log.warnf(
          "Unreadable %s push %s: %s", entry.source(), entry.id(), Masking.mask(e.getMessage()));
      return inbox.failed(entry.id(), e.toString(), entry.attempts());
    }
    return Multi.createFrom()
        .iterable(parsed)
        .onItem()
        .transformToUni(update -> apply(update, entry.storeId(), entry.source()))
        .concatenate()
        .collect()
        .last()
        .chain(() -> inbox.processed(entry.id()))
        .onFailure()
        .recoverWithUni(
            e -> {
              Log.warnf(e, "Processing %s push %s failed; will retry", entry.source(), entry.id());
              return inbox.failed(entry.id(), e.toString(), entry.attempts());
            });
  }

  private Uni<Void> handle(InboxHandler handler, Entry entry) {
    Uni<Void> handled;
    try {
      handled = handler.handle(entry);
    } catch (RuntimeException e) {
      handled = Uni.createFrom().failure(e);
    }
    return handled
        .chain(() -> inbox.processed(entry.id()))
        .onFailure(InboxHandler.Unreadable.class)
        .recoverWithUni(
            e -> {
              metrics.counter("waybill.inbox.parked", "source", entry.source()).increment();
              Log.warnf(
                  "Parked unreadable %s %s %s: %s",
                  entry.source(), entry.topic(), entry.id(), Masking.mask(e.getMessage()));
              return inbox.park(entry.id(), e.getMessage());
            })
        .onFailure()
        .recoverWithUni(
            e -> {
              Log.warnf(e, "Processing %s %s failed; will retry", entry.source(), entry.id());
              return inbox.failed(entry.id(), e.toString(), entry.attempts());
            });
  }

  /**
   * The pushed carrier as Waybill's code: a code Waybill knows stays; an aggregator's own
   * identifier for a catalogue carrier (registration sent it) becomes that carrier's code; anything
   * else stays as it is, and then matches no shipment.
   */
  static String carrierCode(CarrierDirectory directory, String source, String pushed) {
    if (directory.find(pushed).isPresent()) {
      return pushed;
    }
    return directory.catalogue().codeByAggregatorId(source, pushed).orElse(pushed);
  }

  /**
   * Applies one parcel's news to the shipments with its carrier and number: only the store's own
   * when the push came to a store's endpoint, so one store's account never moves another store's
   * parcel that happens to share a number.
   */
  private Uni<Void> apply(PushedUpdate update, UUID storeId, String source) {
    if (update.carrierCode() == null) {
      return Uni.createFrom().voidItem();
    }
    return shipments
        .byTrackingNumber(
            carrierCode(directory, source, update.carrierCode()), update.result().trackingNumber())
        .chain(
            matches ->
                Multi.createFrom()
                    .iterable(
                        storeId == null
                            ? matches
                            : matches.stream().filter(s -> storeId.equals(s.storeId())).toList())
                    .onItem()
                    .transformToUni(
                        s ->
                            updates
                                .apply(s, update.result(), EventSource.WEBHOOK)
                                .call(
                                    applied ->
                                        unknownCodes.recordAll(
                                            s.carrierCode(),
                                            s.trackingNumber(),
                                            applied.unknownCodes()))
                                // A push resets the aggregator fallback's clock.
                                .call(applied -> fallback.pushed(s.id(), update.result(), applied)))
                    .concatenate()
                    .collect()
                    .last()
                    .replaceWithVoid());
  }
}
