package dev.waybill.carriers.spi;

import dev.waybill.shipping.TrackingReport;
import dev.waybill.shipping.TrackingStatus;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;

/**
 * A tracking aggregator that tracks, on a store's own account, carriers Waybill has no direct
 * adapter for. Waybill registers each tracking number there once; the aggregator then pushes
 * updates to its {@link WebhookSource}. When no push comes within a status's cadence, Waybill asks
 * for the tracking itself ({@link #track}), and once the parcel's story is over it stops the
 * tracking there ({@link #stop}) where the API offers that.
 */
public interface Aggregator {

  /** The name in the admin API and in the store's account: {@code easypost}, ... */
  String name();

  /** How many numbers one registration call may carry. */
  int batchSize();

  /**
   * Whether the account needs a webhook secret of its own to verify pushes; an aggregator that
   * signs pushes with the API key (17TRACK) needs none.
   */
  boolean usesWebhookSecret();

  /**
   * The aggregator's own identifier for a Waybill carrier code, or empty when it doesn't track that
   * carrier (the number is then not registered there).
   */
  Optional<String> carrierId(String carrierCode);

  /**
   * Registers a batch of at most {@link #batchSize()} numbers on the account of {@code apiKey}. A
   * number the aggregator already tracks counts as registered. Fails with a {@link
   * CarrierException} when the whole call failed.
   */
  Uni<List<Registered>> register(String apiKey, List<Registration> numbers);

  /** One number to register, with the aggregator's identifier of its carrier. */
  record Registration(String trackingNumber, String carrierCode, String carrierId) {}

  /**
   * The outcome for one number: registered (with the aggregator's id of it, when it has one) or
   * refused for a reason that retrying the same request won't change.
   */
  record Registered(String trackingNumber, boolean accepted, String externalId, String error) {

    public static Registered accepted(String trackingNumber, String externalId) {
      return new Registered(trackingNumber, true, externalId, null);
    }

    public static Registered refused(String trackingNumber, String error) {
      return new Registered(trackingNumber, false, null, error);
    }
  }

  /** How many registered numbers one {@link #track} or {@link #stop} call may carry. */
  default int pollBatchSize() {
    return batchSize();
  }

  /**
   * The current tracking of registered numbers, at most {@link #pollBatchSize()} of them: one
   * report per number asked, in any order; a number the aggregator doesn't know (any more) is a
   * {@link TrackingReport#notFound} report. Fails with a {@link CarrierException} when the whole
   * call failed.
   */
  Uni<List<TrackingReport>> track(String apiKey, List<Tracked> numbers);

  /** Whether the API can stop tracking a number, so that it no longer counts against the quota. */
  default boolean stops() {
    return false;
  }

  /**
   * Stops tracking these numbers, at most {@link #pollBatchSize()} of them: one outcome per number,
   * in the order asked. A number the aggregator no longer tracks counts as stopped. Fails with a
   * {@link CarrierException} when the whole call failed.
   */
  default Uni<List<Stopped>> stop(String apiKey, List<Tracked> numbers) {
    return Uni.createFrom()
        .failure(new UnsupportedOperationException(name() + " has no call to stop tracking"));
  }

  /**
   * A registered number: the aggregator's id of it when registration gave one, and the status
   * Waybill last knew (the reason a completed tracking is marked with).
   */
  record Tracked(
      String trackingNumber,
      String carrierCode,
      String carrierId,
      String externalId,
      TrackingStatus status) {}

  /** Whether tracking a number was stopped, or why the aggregator refused to stop it. */
  record Stopped(String trackingNumber, boolean stopped, String error) {

    public static Stopped stopped(String trackingNumber) {
      return new Stopped(trackingNumber, true, null);
    }

    public static Stopped refused(String trackingNumber, String error) {
      return new Stopped(trackingNumber, false, error);
    }
  }
}
