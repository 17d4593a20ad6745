package dev.waybill.support.helpdesk;

import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.CredentialVault;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Each store's help desk: which one, its account, and its API token sealed at rest. */
@ApplicationScoped
public class Helpdesks {

  /** A store's help desk as stored; {@code sealedToken} opens only through {@link #token}. */
  public record Helpdesk(
      UUID storeId,
      HelpdeskKind kind,
      String subdomain,
      String email,
      String sealedToken,
      List<String> tags,
      OffsetDateTime updatedAt) {}

  /** What an admin sets; a null {@code apiToken} keeps the stored one. */
  public record Setting(
      HelpdeskKind kind, String subdomain, String email, String apiToken, List<String> tags) {}

  private static final String FIND =
      """
      SELECT store_id, kind, subdomain, email, api_token, tags, updated_at
      FROM store_helpdesks WHERE store_id = $1""";

  private static final String SAVE =
      """
      INSERT INTO store_helpdesks (store_id, kind, subdomain, email, api_token, tags)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (store_id) DO UPDATE
      SET kind = EXCLUDED.kind, subdomain = EXCLUDED.subdomain, email = EXCLUDED.email,
        api_token = EXCLUDED.api_token, tags = EXCLUDED.tags, updated_at = now()""";

  private static final String REMOVE = "DELETE FROM store_helpdesks WHERE store_id = $1";

  private final Pool pool;
  private final CredentialVault vault;

  public Helpdesks(Pool pool, CredentialVault vault) {
    this.pool = pool;
    this.vault = vault;
  }

  /** The store's help desk, or null when it has none. */
  public Uni<Helpdesk> find(UUID storeId) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(storeId))
        .map(rows -> rows.iterator().hasNext() ? helpdesk(rows.iterator().next()) : null);
  }

  /**
   * Sets the store's help desk. A token left out keeps the stored one, unless the help desk changes
   * kind or there is none yet.
   */
  public Uni<Helpdesk> save(UUID storeId, Setting s) {
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(FIND + "\nFOR UPDATE")
                    .execute(Tuple.of(storeId))
                    .chain(
                        rows -> {
                          Helpdesk before =
                              rows.iterator().hasNext() ? helpdesk(rows.iterator().next()) : null;
                          String sealed;
                          if (s.apiToken() != null) {
                            sealed = vault.seal(context(storeId, s.kind()), s.apiToken());
                          } else if (before != null && before.kind() == s.kind()) {
                            sealed = vault.reseal(context(storeId, s.kind()), before.sealedToken());
                          } else {
                            throw new Problems.Invalid(
                                "apiToken", "is required when the help desk is first set");
                          }
                          return conn.preparedQuery(SAVE)
                              .execute(
                                  Tuple.from(
                                      new Object[] {
                                        storeId,
                                        s.kind().id(),
                                        s.subdomain(),
                                        s.email(),
                                        sealed,
                                        s.tags().toArray(String[]::new)
                                      }));
                        }))
        .chain(() -> find(storeId));
  }

  /** Removes the store's help desk and its token; whether there was one. */
  public Uni<Boolean> remove(UUID storeId) {
    return pool.preparedQuery(REMOVE).execute(Tuple.of(storeId)).map(r -> r.rowCount() > 0);
  }

  /**
   * The help desk's API token in clear, for the call that needs it.
   *
   * @throws CredentialVault.Unreadable when it no longer opens
   */
  public String token(Helpdesk h) {
    return vault.open(context(h.storeId(), h.kind()), h.sealedToken());
  }

  static String context(UUID storeId, HelpdeskKind kind) {
    return "store:" + storeId + ":helpdesk:" + kind.id() + ":apiToken";
  }

  private static Helpdesk helpdesk(Row r) {
    String[] tags = r.getArrayOfStrings("tags");
    return new Helpdesk(
        r.getUUID("store_id"),
        HelpdeskKind.of(r.getString("kind")),
        r.getString("subdomain"),
        r.getString("email"),
        r.getString("api_token"),
        tags == null ? List.of() : Arrays.asList(tags),
        r.getOffsetDateTime("updated_at"));
  }
}
