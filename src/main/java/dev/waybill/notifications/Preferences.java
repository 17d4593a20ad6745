package dev.waybill.notifications;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which triggers a store sends on which channel. The defaults: every trigger by email, and texts
 * only for time-sensitive moments (and only to shoppers who opted in, which the order says).
 */
@ApplicationScoped
public class Preferences {

  /** One trigger's channels. */
  public record Setting(Trigger trigger, boolean email, boolean sms) {}

  private final Pool pool;

  public Preferences(Pool pool) {
    this.pool = pool;
  }

  static Setting defaults(Trigger t) {
    return new Setting(t, true, t.timeSensitive());
  }

  /** Every trigger's setting for a store, defaults filled in. */
  public Uni<List<Setting>> of(UUID storeId) {
    return forStores(List.of(storeId))
        .map(all -> new ArrayList<>(all.getOrDefault(storeId, defaults()).values()));
  }

  /** Settings of several stores at once (the dispatcher's batches). */
  public Uni<Map<UUID, Map<Trigger, Setting>>> forStores(List<UUID> storeIds) {
    return pool.preparedQuery(
            """
                SELECT store_id, trigger, email, sms
                FROM notification_preferences
                WHERE store_id = ANY($1)
                """)
        .execute(Tuple.of(storeIds.toArray(new UUID[0])))
        .map(
            rows -> {
              Map<UUID, Map<Trigger, Setting>> out = new HashMap<>();
              for (Row r : rows) {
                Trigger t;
                try {
                  t = Trigger.valueOf(r.getString("trigger"));
                } catch (IllegalArgumentException e) {
                  continue;
                }
                out.computeIfAbsent(r.getUUID("store_id"), k -> defaults())
                    .put(t, new Setting(t, r.getBoolean("email"), r.getBoolean("sms")));
              }
              return out;
            });
  }

  /** Stores the given settings; the others keep theirs. Repeating it changes nothing. */
  public Uni<List<Setting>> update(UUID storeId, List<Setting> settings) {
    List<Tuple> rows = new ArrayList<>();
    for (Setting s : settings) {
      rows.add(Tuple.of(storeId, s.trigger().name(), s.email(), s.sms()));
    }
    Uni<Void> write =
        rows.isEmpty()
            ? Uni.createFrom().voidItem()
            : pool.preparedQuery(
                    """
                        INSERT INTO notification_preferences (store_id, trigger, email,
                            sms)
                        VALUES ($1, $2, $3, $4)
                        ON CONFLICT (store_id, trigger) DO UPDATE
                        SET email = EXCLUDED.email, sms = EXCLUDED.sms,
                            updated_at = now()
                        """)
                .executeBatch(rows)
                .replaceWithVoid();
    return write.chain(() -> of(storeId));
  }

  static Map<Trigger, Setting> defaults() {
    Map<Trigger, Setting> out = new EnumMap<>(Trigger.class);
    for (Trigger t : Trigger.AUTOMATIC) {
      out.put(t, defaults(t));
    }
    return out;
  }
}
