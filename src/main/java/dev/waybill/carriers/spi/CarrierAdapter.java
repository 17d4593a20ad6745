package dev.waybill.carriers.spi;

import dev.waybill.shipping.TrackingReport;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.OptionalInt;

/**
 * One carrier's tracking API. Implementations are thin: an HTTP client plus a pure mapper from the
 * carrier's payload to {@link TrackingReport}s. Retries, rate limits, concurrency and circuit
 * breaking are applied around them by the poller, driven by {@link #capabilities()}.
 */
public interface CarrierAdapter {

  /** What the carrier can do and how hard it may be called. */
  CarrierCapabilities capabilities();

  /**
   * Whether this adapter may be used: real carriers need credentials, so they are off until
   * configured. Shipments of a disabled carrier are not polled.
   */
  default boolean enabled() {
    return true;
  }

  /**
   * Calls the carrier allows per UTC day, shared by every pod; empty when only its per-second rate
   * limits it. The poller spreads a budget over the day, gives it to the shipments that matter most
   * first, and only delays the others, never failing them.
   */
  default OptionalInt dailyCallBudget() {
    return OptionalInt.empty();
  }

  /**
   * Tracks one batch of at most {@link CarrierCapabilities#batchSize()} numbers. Returns one result
   * per number asked, in any order. Fails with a {@link CarrierException} when the whole call
   * failed; a number the carrier doesn't know is a {@link TrackingReport#notFound} result instead.
   */
  Uni<List<TrackingReport>> track(List<String> trackingNumbers);

  /**
   * Whether {@link #trackQueries} should be given each shipment's destination and language: the
   * poller looks them up only for carriers that use them.
   */
  default boolean wantsDestination() {
    return false;
  }

  /**
   * Tracks one batch with each shipment's hints; carriers that take none track the numbers alone.
   * Same contract as {@link #track}.
   */
  default Uni<List<TrackingReport>> trackQueries(List<TrackingQuery> queries) {
    return track(queries.stream().map(TrackingQuery::trackingNumber).toList());
  }
}
