package dev.waybill.orders;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A feature that turns outbox events into work of its own. It is handed each batch inside the
 * transaction that marks the batch processed, with the outbox rows locked: whatever it queues
 * commits exactly when the events are done, so a crash or a second pod never queues it twice and
 * never loses it. It only writes its own tables, and must be quick: the batch waits for it.
 */
public interface OutboxSubscriber {

  /** One outbox event as the fan-out read it. */
  record Event(
      long id,
      UUID storeId,
      String topic,
      UUID aggregateId,
      long sequence,
      JsonObject payload,
      OffsetDateTime createdAt) {}

  /** Queues what these events call for, on {@code conn}, in the fan-out's transaction. */
  Uni<Void> accept(SqlConnection conn, List<Event> events);
}
