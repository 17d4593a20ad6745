package dev.waybill.orders;

import dev.waybill.orders.Timeline.Update;
import dev.waybill.platform.security.KeyHashing;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.ReportedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tracking events of a batch of reports, stored once each: a repeated event (same key) is a
 * no-op even when two copies race, so the timeline writer counts only what is new.
 */
final class TimelineEvents {

  private static final String INSERT_EVENT =
      """
          INSERT INTO tracking_events (id, shipment_id, occurred_at, occurred_offset,
              status, exception_reason, carrier_code, description, city, region,
              postal_code, country, source, dedupe_key, raw)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
          ON CONFLICT (shipment_id, dedupe_key) DO NOTHING
          """;

  private TimelineEvents() {}

  /** Inserts every report's events in one batch; answers how many were new per shipment. */
  static Uni<Map<UUID, Integer>> insert(
      SqlConnection conn, List<Update> updates, EventSource source) {
    List<Tuple> rows = new ArrayList<>();
    List<UUID> owners = new ArrayList<>();
    for (Update u : updates) {
      List<ReportedEvent> events = u.result().events();
      for (int i = 0; i < events.size(); i++) {
        String key = u.eventKeys() == null ? contentKey(events.get(i)) : u.eventKeys().get(i);
        rows.add(eventRow(u.shipment(), events.get(i), source, key));
        owners.add(u.shipment().id());
      }
    }
    if (rows.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return conn.preparedQuery(INSERT_EVENT)
        .executeBatch(rows)
        .map(inserted -> insertedPerShipment(inserted, owners));
  }

  private static Map<UUID, Integer> insertedPerShipment(RowSet<Row> rows, List<UUID> owners) {
    Map<UUID, Integer> counts = new HashMap<>();
    int i = 0;
    for (RowSet<Row> r = rows; r != null && i < owners.size(); r = r.next(), i++) {
      if (r.rowCount() > 0) {
        counts.merge(owners.get(i), r.rowCount(), Integer::sum);
      }
    }
    return counts;
  }

  /** The key that makes a carrier's repeated event a no-op: its time, code, status and place. */
  private static String contentKey(ReportedEvent e) {
    return "c:"
        + KeyHashing.sha256Hex(
            String.join(
                "|",
                e.occurredAt().toInstant().toString(),
                String.valueOf(e.carrierCode()),
                e.status().name(),
                String.valueOf(e.city()),
                String.valueOf(e.postalCode()),
                String.valueOf(e.description())));
  }

  private static Tuple eventRow(
      PolledShipment s, ReportedEvent e, EventSource source, String dedupe) {
    OffsetDateTime at = e.occurredAt();
    String offset = at.getOffset().getId().equals("Z") ? "+00:00" : at.getOffset().getId();
    return Tuple.from(
        new Object[] {
          UUID.randomUUID(),
          s.id(),
          at,
          offset,
          e.status().name(),
          e.reason() == null ? null : e.reason().name(),
          truncate(e.carrierCode(), 64),
          truncate(e.description(), 500),
          truncate(e.city(), 100),
          truncate(e.region(), 100),
          truncate(e.postalCode(), 20),
          e.country() == null || e.country().length() != 2 ? null : e.country(),
          source.name(),
          dedupe,
          e.raw()
        });
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
