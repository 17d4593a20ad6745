package dev.waybill.stores;

import dev.waybill.platform.invalidation.InvalidationBus;
import dev.waybill.platform.security.Authenticator;
import dev.waybill.platform.security.Caller;
import dev.waybill.platform.security.KeyResolver;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Iterator;
import java.util.UUID;

/** Resolves API keys straight through the reactive pool: this sits on every request's path. */
@ApplicationScoped
public class ApiKeyDirectory implements KeyResolver {

  private final Pool pool;

  public ApiKeyDirectory(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Uni<Caller> resolve(String secretHash) {
    return pool.preparedQuery(
            """
                SELECT k.id, k.store_id, s.slug, k.scopes
                FROM api_keys k
                JOIN stores s ON s.id = k.store_id
                WHERE k.secret_hash = $1 AND k.revoked_at IS NULL
                """)
        .execute(Tuple.of(secretHash))
        .map(ApiKeyDirectory::first);
  }

  @Override
  public Uni<Void> touch(UUID keyId) {
    return pool.preparedQuery(
            """
        UPDATE api_keys
        SET last_used_at = now()
        WHERE id = $1
        """)
        .execute(Tuple.of(keyId))
        .replaceWithVoid();
  }

  void listen(@Observes StartupEvent event, InvalidationBus bus, Instance<Authenticator> auth) {
    bus.on(StoreService.KEY_REVOKED, hash -> auth.get().forget(hash));
  }

  private static Caller first(RowSet<Row> rows) {
    Iterator<Row> it = rows.iterator();
    if (!it.hasNext()) {
      return null;
    }
    Row r = it.next();
    return new Caller(
        r.getUUID("store_id"),
        r.getString("slug"),
        r.getUUID("id"),
        StoreService.scopes(r.getString("scopes")));
  }
}
