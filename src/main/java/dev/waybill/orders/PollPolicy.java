package dev.waybill.orders;

import dev.waybill.shipping.TrackingStatus;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * When a shipment should be asked about next, decided by the carriers feature and applied by the
 * timeline writer in the same statement that records what was learnt.
 */
public interface PollPolicy {

  /** After a status change or new events; {@code null} means stop polling. */
  Duration afterChange(TrackingStatus status);

  /** After a poll that brought nothing new; {@code null} means stop polling. */
  Duration afterNoChange(TrackingStatus status);

  /** After the carrier did not know the number yet. */
  Duration notFound();

  /** Whether a shipment has been silent so long that nothing will come any more. */
  boolean expired(OffsetDateTime lastEventAt, OffsetDateTime createdAt);
}
