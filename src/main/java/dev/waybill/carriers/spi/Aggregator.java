package dev.waybill.carriers.spi;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;

/**
 * A tracking aggregator that tracks, on a store's own account, carriers Waybill has no direct
 * adapter for. Waybill registers each tracking number there once; the aggregator then pushes
 * updates to its {@link WebhookSource}.
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
}
