package dev.waybill.carriers;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Durable storage of carrier pushes: written before the push is acknowledged. */
@ApplicationScoped
public class WebhookInbox {

  /** A stored push waiting to be processed. */
  public record Entry(UUID id, String source, String payload, int attempts) {}

  private final Pool pool;

  public WebhookInbox(Pool pool) {
    this.pool = pool;
  }

  /** Stores a push once; returns its id, or a null item when this id was stored before. */
  public Uni<UUID> store(String source, String externalId, String payload) {
    UUID id = UUID.randomUUID();
    return pool.preparedQuery(
            "INSERT INTO webhook_inbox (id, source, external_id, payload) VALUES ($1, $2, $3, $4)"
                + " ON CONFLICT (source, external_id) DO NOTHING")
        .execute(Tuple.of(id, source, externalId, payload))
        .map(rows -> rows.rowCount() == 1 ? id : null);
  }

  /** Leases pending pushes (any pod may process any push, each only once at a time). */
  public Uni<List<Entry>> claim(int limit, Duration lease) {
    return pool.preparedQuery(
            "UPDATE webhook_inbox i SET claimed_until = now() + make_interval(secs => $2),"
                + " attempts = attempts + 1 FROM (SELECT id FROM webhook_inbox WHERE processed_at"
                + " IS NULL AND (claimed_until IS NULL OR claimed_until < now()) ORDER BY"
                + " received_at LIMIT $1 FOR UPDATE SKIP LOCKED) due WHERE i.id = due.id"
                + " RETURNING i.id, i.source, i.payload, i.attempts")
        .execute(Tuple.of(limit, (double) lease.toSeconds()))
        .map(
            rows -> {
              List<Entry> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Entry(
                        r.getUUID("id"),
                        r.getString("source"),
                        r.getString("payload"),
                        r.getInteger("attempts")));
              }
              return out;
            });
  }

  public Uni<Void> processed(UUID id) {
    return pool.preparedQuery(
            "UPDATE webhook_inbox SET processed_at = now(), claimed_until = NULL, last_error ="
                + " NULL WHERE id = $1")
        .execute(Tuple.of(id))
        .replaceWithVoid();
  }

  /** Processing failed: try again after the backoff. */
  public Uni<Void> failed(UUID id, String error, Duration backoff) {
    return pool.preparedQuery(
            "UPDATE webhook_inbox SET claimed_until = now() + make_interval(secs => $3),"
                + " last_error = $2 WHERE id = $1")
        .execute(
            Tuple.of(
                id,
                error == null ? null : error.substring(0, Math.min(error.length(), 1000)),
                (double) backoff.toSeconds()))
        .replaceWithVoid();
  }
}
