package dev.waybill.carriers;

import dev.waybill.orders.PollPolicy;
import dev.waybill.platform.queue.Backoff;
import dev.waybill.shipping.TrackingStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** When to poll a shipment next: often when something is about to happen, rarely otherwise. */
@ApplicationScoped
public class PollSchedule implements PollPolicy {

  private final PollerConfig.Schedule config;

  @Inject
  public PollSchedule(PollerConfig config) {
    this.config = config.schedule();
  }

  PollSchedule(PollerConfig.Schedule config) {
    this.config = config;
  }

  /** After a status change or new events; {@code null} means stop polling. */
  public Duration afterChange(TrackingStatus status) {
    return switch (status) {
      case DELIVERED -> config.deliveredConfirmation();
      case RETURNED_TO_SENDER, EXPIRED -> null;
      default -> interval(status);
    };
  }

  /** After a poll that brought nothing new; {@code null} means stop polling. */
  public Duration afterNoChange(TrackingStatus status) {
    return status.isFinal() ? null : interval(status);
  }

  /** Whether a shipment has gone without carrier information for too long. */
  public boolean expired(OffsetDateTime lastEventAt, OffsetDateTime createdAt) {
    OffsetDateTime since = lastEventAt != null ? lastEventAt : createdAt;
    return since != null && since.plus(config.expireAfter()).isBefore(now());
  }

  public Duration notFound() {
    return config.notFound();
  }

  /** Exponential backoff with jitter after failed carrier calls. */
  public Duration afterFailure(int failures) {
    return Backoff.jittered(config.failureBackoff(), config.maxFailureBackoff()).after(failures);
  }

  /**
   * How much a poll matters when a carrier's calls are scarce, lowest first: the shopper waiting at
   * the door, then parcels whose first carrier scan is pending, then problems, then parcels on
   * their way, then everything else (a delivery's confirming poll last).
   */
  public int priority(TrackingStatus status) {
    return switch (status) {
      case OUT_FOR_DELIVERY -> 0;
      case ORDER_RECEIVED, PACKED, INFO_RECEIVED -> 1;
      case EXCEPTION, DELIVERY_ATTEMPTED, AVAILABLE_FOR_PICKUP, UNKNOWN -> 2;
      case PICKED_UP, IN_TRANSIT -> 3;
      default -> 4;
    };
  }

  private Duration interval(TrackingStatus status) {
    return switch (status) {
      case OUT_FOR_DELIVERY -> config.outForDelivery();
      case PICKED_UP, IN_TRANSIT -> config.inTransit();
      case ORDER_RECEIVED, PACKED, INFO_RECEIVED -> config.preTransit();
      case AVAILABLE_FOR_PICKUP -> config.pickup();
      default -> config.attention();
    };
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
