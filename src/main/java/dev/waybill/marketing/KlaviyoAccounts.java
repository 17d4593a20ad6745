package dev.waybill.marketing;

import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.CredentialVault;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The stores that send their shipment milestones to Klaviyo: the private API key, sealed by the
 * credential vault and bound to the store, and the milestones chosen. The key is opened only to
 * send, and never shown or logged.
 */
@ApplicationScoped
public class KlaviyoAccounts {

  /** A store's account, its key still sealed. */
  public record Account(
      UUID storeId,
      String sealedKey,
      String keyHint,
      Set<Milestone> milestones,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {}

  // Private keys start pk_; the six-character public key (site id) cannot create server events.
  private static final Pattern PRIVATE_KEY = Pattern.compile("pk_[A-Za-z0-9_-]{8,200}");

  private static final String SELECT =
      """
      SELECT store_id, private_key, key_hint, milestones, created_at, updated_at
      FROM klaviyo_accounts WHERE store_id = ANY($1)""";

  private static final String UPSERT =
      """
      INSERT INTO klaviyo_accounts (store_id, private_key, key_hint, milestones)
      VALUES ($1, $2, $3, $4)
      ON CONFLICT (store_id) DO UPDATE SET private_key = excluded.private_key,
        key_hint = excluded.key_hint, milestones = excluded.milestones, updated_at = now()
      RETURNING store_id, private_key, key_hint, milestones, created_at, updated_at""";

  private static final String CHOOSE =
      """
      UPDATE klaviyo_accounts SET milestones = $2, updated_at = now() WHERE store_id = $1
      RETURNING store_id, private_key, key_hint, milestones, created_at, updated_at""";

  private static final String DELETE = "DELETE FROM klaviyo_accounts WHERE store_id = $1";

  private final Pool pool;
  private final CredentialVault vault;

  public KlaviyoAccounts(Pool pool, CredentialVault vault) {
    this.pool = pool;
    this.vault = vault;
  }

  /** The context a store's key is sealed under: a sealed key copied to another store won't open. */
  static String context(UUID storeId) {
    return "store:" + storeId + ":klaviyo:privateApiKey";
  }

  /** The store's account, or null when it sends nothing to Klaviyo. */
  public Uni<Account> find(UUID storeId) {
    return find(List.of(storeId)).map(found -> found.get(storeId));
  }

  /** The accounts of these stores, by store; stores without one are absent. */
  public Uni<Map<UUID, Account>> find(Collection<UUID> storeIds) {
    return pool.preparedQuery(SELECT)
        .execute(Tuple.of(storeIds.toArray(UUID[]::new)))
        .map(
            rows -> {
              Map<UUID, Account> out = new HashMap<>();
              rows.forEach(r -> out.put(r.getUUID("store_id"), account(r)));
              return out;
            });
  }

  /**
   * Saves the account. A key left out keeps the stored one (so the milestones can change without
   * the key at hand); a store with none must give one. Milestones left out are all of them.
   */
  public Uni<Account> save(UUID storeId, String privateApiKey, List<String> events) {
    String milestones = framed(milestones(events));
    if (privateApiKey == null) {
      return pool.preparedQuery(CHOOSE)
          .execute(Tuple.of(storeId, milestones))
          .map(
              rows -> {
                if (!rows.iterator().hasNext()) {
                  throw new Problems.Invalid(
                      "privateApiKey", "is required: this store has no Klaviyo key stored yet");
                }
                return account(rows.iterator().next());
              });
    }
    String key = privateApiKey.strip();
    if (!PRIVATE_KEY.matcher(key).matches()) {
      throw new Problems.Invalid(
          "privateApiKey",
          "must be a Klaviyo private API key (pk_…) with the events:write scope; the"
              + " six-character public key cannot create events");
    }
    String sealed = vault.seal(context(storeId), key);
    String hint = CredentialVault.hint(key).orElse(null);
    return pool.preparedQuery(UPSERT)
        .execute(Tuple.of(storeId, sealed, hint, milestones))
        .map(rows -> account(rows.iterator().next()));
  }

  /** Stops sending: the key is wiped and unsent events are dropped. Whether there was one. */
  public Uni<Boolean> delete(UUID storeId) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(storeId)).map(r -> r.rowCount() > 0);
  }

  /**
   * The account's private key.
   *
   * @throws CredentialVault.Unreadable when the key that sealed it is gone
   */
  String key(Account a) {
    return vault.open(context(a.storeId()), a.sealedKey());
  }

  /** Whether the stored key still opens (its vault key was not retired). */
  boolean readable(Account a) {
    try {
      key(a);
      return true;
    } catch (CredentialVault.Unreadable e) {
      return false;
    }
  }

  /** The milestones named, or all of them when none were; bad names are 400s naming the entry. */
  static Set<Milestone> milestones(List<String> events) {
    if (events == null) {
      return EnumSet.allOf(Milestone.class);
    }
    if (events.isEmpty()) {
      throw new Problems.Invalid(
          "events",
          "must name at least one milestone, or be left out for all; to send nothing, DELETE the"
              + " Klaviyo integration");
    }
    Set<Milestone> out = EnumSet.noneOf(Milestone.class);
    for (int i = 0; i < events.size(); i++) {
      String name = events.get(i);
      int at = i;
      out.add(
          Milestone.named(name)
              .orElseThrow(
                  () ->
                      new Problems.Invalid(
                          "events[" + at + "]",
                          "unknown milestone '"
                              + name
                              + "'; known: "
                              + EnumSet.allOf(Milestone.class).stream()
                                  .map(Enum::name)
                                  .collect(Collectors.joining(", ")))));
    }
    return out;
  }

  private static String framed(Set<Milestone> milestones) {
    return milestones.stream().map(Enum::name).collect(Collectors.joining(",", ",", ","));
  }

  private static Account account(Row r) {
    Set<Milestone> chosen = EnumSet.noneOf(Milestone.class);
    for (String name : r.getString("milestones").split(",")) {
      Milestone.named(name).ifPresent(chosen::add);
    }
    return new Account(
        r.getUUID("store_id"),
        r.getString("private_key"),
        r.getString("key_hint"),
        chosen,
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"));
  }
}
