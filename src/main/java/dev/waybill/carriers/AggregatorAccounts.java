package dev.waybill.carriers;

import dev.waybill.carriers.spi.Aggregator;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.CredentialVault;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores' own aggregator accounts: the API key (and, for an aggregator that signs pushes with one,
 * the webhook secret), sealed by the {@link CredentialVault}, bound to the store, the aggregator
 * and the field. Nothing here ever hands a secret to an API answer.
 */
@ApplicationScoped
public class AggregatorAccounts {

  /**
   * What an admin sees of one account: whether it is set, never the secrets themselves, and what
   * Waybill has done with it.
   */
  public record AccountView(
      String aggregator,
      boolean apiKeySet,
      String apiKeyHint,
      boolean webhookSecretSet,
      boolean webhookSecretNeeded,
      String webhookPath,
      OffsetDateTime updatedAt,
      Activity activity) {

    AccountView with(Activity activity) {
      return new AccountView(
          aggregator,
          apiKeySet,
          apiKeyHint,
          webhookSecretSet,
          webhookSecretNeeded,
          webhookPath,
          updatedAt,
          activity);
    }
  }

  /**
   * The store's numbers at one aggregator.
   *
   * @param registered numbers registered there (stopped ones included)
   * @param awaitingRegistration numbers still to be registered, retrying or not yet tried
   * @param polledLastDay numbers the fallback poll asked about in the last 24 hours, because no
   *     push came in time
   * @param stopped numbers whose tracking was stopped there after delivery
   * @param failures numbers given up (registration refused, stop failed) or whose last call failed
   * @param lastError the aggregator's answer to the latest failed call; never a credential
   * @param lastErrorAt when that was
   */
  public record Activity(
      long registered,
      long awaitingRegistration,
      long polledLastDay,
      long stopped,
      long failures,
      String lastError,
      OffsetDateTime lastErrorAt) {

    static final Activity NONE = new Activity(0, 0, 0, 0, 0, null, null);
  }

  /** An account's secrets, opened, for the code that calls the aggregator or checks its pushes. */
  public record Credentials(String apiKey, String webhookSecret) {}

  private static final String UPSERT =
      """
      INSERT INTO store_aggregators (store_id, aggregator, api_key, api_key_hint, webhook_secret)
      VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (store_id, aggregator) DO UPDATE
      SET api_key = EXCLUDED.api_key, api_key_hint = EXCLUDED.api_key_hint,
        webhook_secret = EXCLUDED.webhook_secret, updated_at = now()
      RETURNING updated_at""";

  // A new key may be the fix for registrations that failed on the old one: they are due at once.
  private static final String RETRY_NOW =
      """
      UPDATE aggregator_registrations SET due_at = NULL
      WHERE store_id = $1 AND aggregator = $2 AND registered_at IS NULL AND gave_up_at IS NULL""";

  private static final String LIST =
      """
      SELECT aggregator, api_key_hint, webhook_secret IS NOT NULL AS secret_set, updated_at
      FROM store_aggregators
      WHERE store_id = $1""";

  private static final String ACTIVITY =
      """
      SELECT aggregator,
        count(*) FILTER (WHERE registered_at IS NOT NULL) AS registered,
        count(*) FILTER (WHERE registered_at IS NULL AND gave_up_at IS NULL) AS awaiting,
        count(*) FILTER (WHERE last_polled_at > now() - interval '1 day') AS polled,
        count(*) FILTER (WHERE stop_state = 'STOPPED') AS stopped,
        count(*) FILTER (WHERE gave_up_at IS NOT NULL OR stop_state = 'FAILED'
          OR poll_failures > 0 OR (registered_at IS NULL AND last_error IS NOT NULL)) AS failures,
        (array_agg(last_error ORDER BY last_error_at DESC)
          FILTER (WHERE last_error IS NOT NULL AND last_error_at IS NOT NULL))[1] AS last_error,
        max(last_error_at) AS last_error_at
      FROM aggregator_registrations
      WHERE store_id = $1
      GROUP BY aggregator""";

  private static final String SEALED =
      """
      SELECT api_key, webhook_secret
      FROM store_aggregators
      WHERE store_id = $1 AND aggregator = $2""";

  private static final String DELETE =
      """
      DELETE FROM store_aggregators
      WHERE store_id = $1 AND aggregator = $2""";

  private final Pool pool;
  private final CredentialVault vault;
  private final Map<String, Aggregator> aggregators = new LinkedHashMap<>();

  public AggregatorAccounts(Pool pool, CredentialVault vault, Instance<Aggregator> all) {
    this.pool = pool;
    this.vault = vault;
    all.stream()
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .forEach(a -> aggregators.put(a.name(), a));
  }

  /** The aggregator of this name, or 404 naming the ones there are. */
  public Aggregator aggregator(String name) {
    Aggregator a = name == null ? null : aggregators.get(name);
    if (a == null) {
      throw new Problems.NotFound(
          "No aggregator '" + name + "'; there are " + String.join(", ", aggregators.keySet()));
    }
    return a;
  }

  public Map<String, Aggregator> all() {
    return aggregators;
  }

  /** Seals and stores the account, replacing one set before. */
  public Uni<AccountView> set(
      UUID storeId, String slug, String name, String apiKey, String secret) {
    Aggregator a = aggregator(name);
    String key = apiKey == null ? null : apiKey.strip();
    if (key == null || key.isEmpty()) {
      throw new Problems.Invalid("apiKey", "must not be blank");
    }
    String webhookSecret = secret == null || secret.isBlank() ? null : secret.strip();
    if (a.usesWebhookSecret() && webhookSecret == null) {
      throw new Problems.Invalid(
          "webhookSecret", "is required: " + name + " signs its pushes with the webhook secret");
    }
    if (!a.usesWebhookSecret() && webhookSecret != null) {
      throw new Problems.Invalid(
          "webhookSecret", "must be left out: " + name + " signs its pushes with the API key");
    }
    String sealedKey = vault.seal(context(storeId, name, "apiKey"), key);
    String sealedSecret =
        webhookSecret == null
            ? null
            : vault.seal(context(storeId, name, "webhookSecret"), webhookSecret);
    String hint = CredentialVault.hint(key).orElse(null);
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(UPSERT)
                    .execute(Tuple.of(storeId, name, sealedKey, hint, sealedSecret))
                    .call(x -> conn.preparedQuery(RETRY_NOW).execute(Tuple.of(storeId, name))))
        .map(
            rows ->
                view(
                    a,
                    slug,
                    hint,
                    sealedSecret != null,
                    rows.iterator().next().getOffsetDateTime("updated_at")));
  }

  /** Every aggregator, whether the store has set an account there, and what was done with it. */
  public Uni<List<AccountView>> list(UUID storeId, String slug) {
    return accounts(storeId, slug)
        .chain(
            views ->
                activity(storeId)
                    .map(
                        activity ->
                            views.stream()
                                .map(
                                    v ->
                                        v.with(
                                            activity.getOrDefault(v.aggregator(), Activity.NONE)))
                                .toList()));
  }

  /** Whether the store has an account at any aggregator: numbers can then be registered there. */
  public Uni<Boolean> any(UUID storeId) {
    return pool.preparedQuery("SELECT 1 FROM store_aggregators WHERE store_id = $1 LIMIT 1")
        .execute(Tuple.of(storeId))
        .map(rows -> rows.size() > 0);
  }

  /** One aggregator's account of the store, as {@link #list} shows it. */
  public Uni<AccountView> view(UUID storeId, String slug, String name) {
    aggregator(name);
    return list(storeId, slug)
        .map(
            all -> all.stream().filter(v -> v.aggregator().equals(name)).findFirst().orElseThrow());
  }

  /** The store's numbers at each aggregator, by aggregator. */
  private Uni<Map<String, Activity>> activity(UUID storeId) {
    return pool.preparedQuery(ACTIVITY)
        .execute(Tuple.of(storeId))
        .map(
            rows -> {
              Map<String, Activity> out = new LinkedHashMap<>();
              for (Row r : rows) {
                out.put(
                    r.getString("aggregator"),
                    new Activity(
                        r.getLong("registered"),
                        r.getLong("awaiting"),
                        r.getLong("polled"),
                        r.getLong("stopped"),
                        r.getLong("failures"),
                        r.getString("last_error"),
                        r.getOffsetDateTime("last_error_at")));
              }
              return out;
            });
  }

  private Uni<List<AccountView>> accounts(UUID storeId, String slug) {
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(storeId))
        .map(
            rows -> {
              Map<String, Row> set = new LinkedHashMap<>();
              rows.forEach(r -> set.put(r.getString("aggregator"), r));
              List<AccountView> out = new ArrayList<>();
              aggregators.forEach(
                  (name, a) -> {
                    Row r = set.get(name);
                    out.add(
                        r == null
                            ? new AccountView(
                                name, false, null, false, a.usesWebhookSecret(), null, null, null)
                            : view(
                                a,
                                slug,
                                r.getString("api_key_hint"),
                                r.getBoolean("secret_set"),
                                r.getOffsetDateTime("updated_at")));
                  });
              return out;
            });
  }

  /** Removes the account; 404 when none is set. */
  public Uni<Void> remove(UUID storeId, String name) {
    aggregator(name);
    return pool.preparedQuery(DELETE)
        .execute(Tuple.of(storeId, name))
        .map(RowSet::rowCount)
        .map(
            n -> {
              if (n == 0) {
                throw new Problems.NotFound("No " + name + " account is set for this store");
              }
              return null;
            });
  }

  /**
   * The store's opened credentials at this aggregator; empty when none are set.
   *
   * @throws CredentialVault.Unreadable when the stored value can't be opened
   */
  public Uni<Optional<Credentials>> credentials(UUID storeId, String name) {
    return pool.preparedQuery(SEALED)
        .execute(Tuple.of(storeId, name))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              String secret = r.getString("webhook_secret");
              return Optional.of(
                  new Credentials(
                      vault.open(context(storeId, name, "apiKey"), r.getString("api_key")),
                      secret == null
                          ? null
                          : vault.open(context(storeId, name, "webhookSecret"), secret)));
            });
  }

  /** What the store's pushes from this aggregator are signed with. */
  public static Optional<String> pushKey(Aggregator a, Credentials c) {
    return Optional.ofNullable(a.usesWebhookSecret() ? c.webhookSecret() : c.apiKey());
  }

  static String context(UUID storeId, String aggregator, String field) {
    return "store:" + storeId + ":aggregator:" + aggregator + ":" + field;
  }

  private static AccountView view(
      Aggregator a, String slug, String hint, boolean secretSet, OffsetDateTime updatedAt) {
    return new AccountView(
        a.name(),
        true,
        hint,
        secretSet,
        a.usesWebhookSecret(),
        "/webhooks/" + a.name() + "/" + slug,
        updatedAt,
        null);
  }
}
