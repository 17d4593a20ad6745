package dev.waybill.notifications;

import dev.waybill.platform.security.KeyHashing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Shoppers who unsubscribed, by store, channel and address. Only a hash of the address is kept:
 * enough to recognise it, nothing to leak.
 */
@ApplicationScoped
public class OptOuts {

  private final Pool pool;

  public OptOuts(Pool pool) {
    this.pool = pool;
  }

  public static String hash(Channel channel, String address) {
    String normal =
        channel == Channel.EMAIL
            ? address.strip().toLowerCase(Locale.ROOT)
            : address.replaceAll("[^0-9+]", "");
    return KeyHashing.sha256Hex(normal);
  }

  static String key(UUID storeId, Channel channel, String hash) {
    return storeId + "|" + channel + "|" + hash;
  }

  /** The opted-out keys ({@link #key}) among the given address hashes. */
  public Uni<Set<String>> among(Collection<String> hashes) {
    if (hashes.isEmpty()) {
      return Uni.createFrom().item(Set.of());
    }
    return pool.preparedQuery(
            """
                SELECT store_id, channel, address_hash
                FROM notification_optouts
                WHERE address_hash = ANY($1)
                """)
        .execute(Tuple.of(hashes.toArray(new String[0])))
        .map(
            rows -> {
              Set<String> out = new HashSet<>();
              for (Row r : rows) {
                out.add(
                    key(
                        r.getUUID("store_id"),
                        Channel.valueOf(r.getString("channel")),
                        r.getString("address_hash")));
              }
              return out;
            });
  }

  /** Stops a channel for this address at this store. Repeating it changes nothing. */
  public Uni<Void> optOut(UUID storeId, Channel channel, String address, UUID orderId) {
    return pool.preparedQuery(
            """
                INSERT INTO notification_optouts (store_id, channel, address_hash,
                    order_id)
                VALUES ($1, $2, $3, $4)
                ON CONFLICT DO NOTHING
                """)
        .execute(Tuple.of(storeId, channel.name(), hash(channel, address), orderId))
        .replaceWithVoid();
  }

  /** Turns a channel back on. */
  public Uni<Void> optIn(UUID storeId, Channel channel, String address) {
    return pool.preparedQuery(
            """
                DELETE FROM notification_optouts
                WHERE store_id = $1 AND channel = $2 AND address_hash = $3
                """)
        .execute(Tuple.of(storeId, channel.name(), hash(channel, address)))
        .replaceWithVoid();
  }

  public Uni<Boolean> isOptedOut(UUID storeId, Channel channel, String address) {
    return pool.preparedQuery(
            """
                SELECT 1
                FROM notification_optouts
                WHERE store_id = $1 AND channel = $2 AND address_hash = $3
                """)
        .execute(Tuple.of(storeId, channel.name(), hash(channel, address)))
        .map(rows -> rows.size() > 0);
  }
}
