package dev.waybill.tracking.shopper;

import dev.waybill.platform.errors.FieldError;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.KeyHashing;
import dev.waybill.platform.security.KeyPurpose;
import dev.waybill.platform.security.LinkSignature;
import dev.waybill.platform.security.Randomness;
import dev.waybill.platform.security.RateLimiter;
import dev.waybill.platform.security.RateLimiter.Limit;
import dev.waybill.shipping.TrackingStatus;
import dev.waybill.stores.StoreProfile;
import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.TrackingConfig;
import dev.waybill.tracking.TrackingTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * A shopper's sign-in by email, to see every order they placed with a store.
 *
 * <p>Asking for a sign-in answers the same whether or not the email has orders with the store: the
 * email (a link and a short code for the same sign-in) is looked up and sent after the answer, and
 * only when the email has orders. The link and the code each work once, until they expire; a
 * sign-in that took too many wrong codes stops working. A used one opens a short session, whose
 * token the page keeps in a cookie and an app sends as a bearer token. Only hashes of the link, the
 * code and the session token are stored, beside the hash of the email, which erasure removes.
 */
@ApplicationScoped
public class ShopperSignIns {

  /** Long enough that guessing is hopeless: 62^43 is more than 2^256. */
  private static final int LINK_LENGTH = 43;

  private static final int CODE_DIGITS = 8;

  /** Shopper tokens start with this, so no one takes them for an API key. */
  public static final String TOKEN_PREFIX = "wbs_";

  /** Orders a shopper sees at most: the newest ones. */
  static final int MAX_ORDERS = 200;

  static final String REQUESTS_PER_CLIENT = "shopper-request-client";
  static final String REQUESTS_PER_EMAIL = "shopper-request-email";
  static final String FAILURES_PER_CLIENT = "shopper-code-client";
  static final String FAILURES_PER_EMAIL = "shopper-code-email";

  private static final String REFUSED = "Too many attempts; retry after the time in Retry-After";

  /** A wrong code, a used one, an expired one and a code for another store all hear this. */
  static final String WRONG_CODE = "This code or link is wrong, used or expired; ask for a new one";

  /** A signed-in shopper: the store and the hash of their email. */
  public record Shopper(UUID storeId, String emailHash) {}

  /** A session's token, to keep in a cookie or send as a bearer token, and when it ends. */
  public record Session(String token, OffsetDateTime expiresAt) {}

  /** One of the shopper's orders, with the token of its tracking link. */
  public record ShopperOrder(
      String orderNumber,
      OffsetDateTime placedAt,
      TrackingStatus status,
      boolean cancelled,
      String trackingToken,
      String trackingUrl) {}

  private final Pool pool;
  private final RateLimiter limiter;
  private final SignInMail mail;
  private final TrackingTokens tokens;
  private final StatusTexts texts;
  private final ShopperConfig config;
  private final Clock clock;
  private final LinkSignature codes;
  private final String baseUrl;

  public ShopperSignIns(
      Pool pool,
      RateLimiter limiter,
      SignInMail mail,
      TrackingTokens tokens,
      StatusTexts texts,
      ShopperConfig config,
      TrackingConfig tracking,
      Clock clock,
      MeterRegistry metrics) {
    this.pool = pool;
    this.limiter = limiter;
    this.mail = mail;
    this.tokens = tokens;
    this.texts = texts;
    this.config = config;
    this.clock = clock;
    this.codes =
        new LinkSignature(
            KeyPurpose.SHOPPER_CODES.key(tracking.tokenSecret()),
            null,
            metrics.counter("waybill.links.legacy", "kind", "shopper-codes"));
    String base = tracking.publicBaseUrl();
    this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** The email as sign-ins and lookups compare it: trimmed, in lower case. */
  public static String normalizeEmail(String email) {
    return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
  }

  /** The hash a sign-in stores instead of the email. */
  public static String emailHash(String email) {
    return KeyHashing.sha256Hex(normalizeEmail(email));
  }

  /**
   * Asks for a sign-in email. Answers as soon as the limits are checked, the same for an email with
   * orders and one without; the email goes out afterwards, and only to an email with orders.
   *
   * @param language the language the shopper asked in, or null for their latest order's
   * @param pagePath where the link leads on the tracking site, e.g. {@code /track/demo/orders}
   */
  public Uni<Void> request(
      StoreProfile store, String email, String language, String pagePath, String client) {
    String address = checkedEmail(email);
    String hash = emailHash(address);
    return limiter
        .waits(
            List.of(
                new Limit(
                    REQUESTS_PER_CLIENT,
                    client,
                    config.limits().requestsPerClient(),
                    config.limits().window()),
                new Limit(
                    REQUESTS_PER_EMAIL,
                    store.id() + "|" + hash,
                    config.limits().requestsPerEmail(),
                    config.limits().window())),
            true)
        .invoke(ShopperSignIns::refuseIfWaiting)
        .invoke(
            () ->
                // After the answer: its timing must not tell whether the email has orders.
                issue(store, address, hash, language, pagePath)
                    .subscribe()
                    .with(
                        sent -> {},
                        e -> Log.warnf("Shopper sign-in email not sent: %s", e.toString())))
        .replaceWithVoid();
  }

  private Uni<Void> issue(
      StoreProfile store, String address, String hash, String language, String pagePath) {
    return pool.preparedQuery(
            """
                SELECT locale
                FROM orders
                WHERE store_id = $1 AND anonymized_at IS NULL
                  AND shopper_email_hash(customer_email) = $2
                ORDER BY placed_at DESC
                LIMIT 1
                """)
        .execute(Tuple.of(store.id(), hash))
        .chain(
            rows -> {
              if (rows.size() == 0) {
                return Uni.createFrom().voidItem();
              }
              String orderLocale = rows.iterator().next().getString("locale");
              String link = KeyHashing.randomToken(LINK_LENGTH);
              String code = code();
              OffsetDateTime now = now();
              return pool.preparedQuery(
                      """
                          INSERT INTO shopper_sign_ins
                              (id, store_id, email_hash, link_hash, code_hash, created_at,
                               expires_at)
                          VALUES ($1, $2, $3, $4, $5, $6, $7)
                          """)
                  .execute(
                      Tuple.from(
                          List.of(
                              UUID.randomUUID(),
                              store.id(),
                              hash,
                              KeyHashing.sha256Hex(link),
                              codeHash(store.id(), hash, code),
                              now,
                              now.plus(config.codeTtl()))))
                  .chain(
                      () ->
                          mail.send(
                              new SignInMail.SignInEmail(
                                  store,
                                  address,
                                  StatusTexts.language(
                                      language != null
                                          ? language
                                          : orderLocale != null
                                              ? orderLocale
                                              : store.defaultLocale()),
                                  baseUrl + pagePath + "/in/" + link,
                                  code,
                                  config.codeTtl().toMinutes())));
            });
  }

  /** Exchanges the emailed code for a session; the code then works no more. */
  public Uni<Session> exchange(UUID storeId, String email, String code, String client) {
    List<FieldError> errors = new ArrayList<>();
    String address = null;
    try {
      address = checkedEmail(email);
    } catch (Problems.Invalid e) {
      errors.add(new FieldError("email", "must be an email address"));
    }
    String digits = code == null ? "" : code.replaceAll("[\\s-]", "");
    if (!digits.matches("\\d{" + CODE_DIGITS + "}")) {
      errors.add(new FieldError("code", "must be the " + CODE_DIGITS + "-digit code emailed"));
    }
    if (!errors.isEmpty()) {
      return Uni.createFrom().failure(new Problems.Invalid(errors));
    }
    String hash = emailHash(address);
    String codeHash = codeHash(storeId, hash, digits);
    List<Limit> limits = failureLimits(client, storeId + "|" + hash);
    return signInWithin(
        limits,
        conn ->
            conn.preparedQuery(
                    """
                                    SELECT id, code_hash
                                    FROM shopper_sign_ins
                                    WHERE store_id = $1 AND email_hash = $2 AND used_at IS NULL
                                      AND expires_at > $3 AND failures < $4
                                    FOR UPDATE
                                    """)
                .execute(Tuple.of(storeId, hash, now(), config.attemptsPerCode()))
                .chain(
                    rows -> {
                      UUID match = null;
                      for (Row r : rows) {
                        if (KeyHashing.constantTimeEquals(codeHash, r.getString("code_hash"))) {
                          match = r.getUUID("id");
                        }
                      }
                      if (match == null) {
                        // Each wrong code counts against every open sign-in of the
                        // email, so their codes can't be guessed one by one.
                        return conn.preparedQuery(
                                """
                                                UPDATE shopper_sign_ins
                                                SET failures = failures + 1
                                                WHERE store_id = $1 AND email_hash = $2
                                                  AND used_at IS NULL
                                                """)
                            .execute(Tuple.of(storeId, hash))
                            .replaceWith((Session) null);
                      }
                      return use(conn, match, storeId, hash);
                    }));
  }

  /** Signs in through the emailed link; the link then works no more. */
  public Uni<Session> useLink(UUID storeId, String link, String client) {
    List<Limit> limits = failureLimits(client, null);
    if (link == null || !link.matches("[A-Za-z0-9]{" + LINK_LENGTH + "}")) {
      return limiter.waits(limits, true).chain(() -> Uni.createFrom().failure(wrong()));
    }
    return signInWithin(
        limits,
        conn ->
            conn.preparedQuery(
                    """
                                    SELECT id, email_hash
                                    FROM shopper_sign_ins
                                    WHERE link_hash = $1 AND store_id = $2 AND used_at IS NULL
                                      AND expires_at > $3 AND failures < $4
                                    FOR UPDATE
                                    """)
                .execute(
                    Tuple.of(KeyHashing.sha256Hex(link), storeId, now(), config.attemptsPerCode()))
                .chain(
                    rows -> {
                      if (rows.size() == 0) {
                        return Uni.createFrom().<Session>nullItem();
                      }
                      Row r = rows.iterator().next();
                      return use(conn, r.getUUID("id"), storeId, r.getString("email_hash"));
                    }));
  }

  /**
   * Runs a sign-in in one transaction once no failure limit refuses; a null session from it is a
   * failure, counted, then answered as a wrong code (or 429 once a limit is passed).
   */
  private Uni<Session> signInWithin(
      List<Limit> limits, Function<SqlConnection, Uni<Session>> work) {
    return limiter
        .waits(limits, false)
        .invoke(ShopperSignIns::refuseIfWaiting)
        .chain(() -> pool.withTransaction(work))
        .chain(session -> session != null ? Uni.createFrom().item(session) : failed(limits));
  }

  private Uni<Session> use(SqlConnection conn, UUID signIn, UUID storeId, String emailHash) {
    OffsetDateTime now = now();
    String token = TOKEN_PREFIX + KeyHashing.randomToken(LINK_LENGTH);
    OffsetDateTime expires = now.plus(config.sessionTtl());
    return conn.preparedQuery("UPDATE shopper_sign_ins SET used_at = $2 WHERE id = $1")
        .execute(Tuple.of(signIn, now))
        .chain(
            () ->
                conn.preparedQuery(
                        """
                            INSERT INTO shopper_sessions
                                (token_hash, store_id, email_hash, created_at, expires_at)
                            VALUES ($1, $2, $3, $4, $5)
                            """)
                    .execute(
                        Tuple.of(KeyHashing.sha256Hex(token), storeId, emailHash, now, expires)))
        .replaceWith(new Session(token, expires));
  }

  /** The shopper a session token belongs to in this store, or a null item. */
  public Uni<Shopper> shopper(UUID storeId, String token) {
    if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
      return Uni.createFrom().nullItem();
    }
    return pool.preparedQuery(
            """
                SELECT email_hash
                FROM shopper_sessions
                WHERE token_hash = $1 AND store_id = $2 AND expires_at > $3
                """)
        .execute(Tuple.of(KeyHashing.sha256Hex(token), storeId, now()))
        .map(
            rows ->
                rows.size() == 0
                    ? null
                    : new Shopper(storeId, rows.iterator().next().getString("email_hash")));
  }

  /** Ends the session; ending one that is gone changes nothing. */
  public Uni<Void> signOut(UUID storeId, String token) {
    if (token == null) {
      return Uni.createFrom().voidItem();
    }
    return pool.preparedQuery(
            "DELETE FROM shopper_sessions WHERE token_hash = $1 AND store_id = $2")
        .execute(Tuple.of(KeyHashing.sha256Hex(token), storeId))
        .replaceWithVoid();
  }

  /** The shopper's orders with the store, newest first. */
  public Uni<List<ShopperOrder>> orders(Shopper shopper) {
    return pool.preparedQuery(
            """
                SELECT order_number, placed_at, status, cancelled_at, token_version
                FROM orders
                WHERE store_id = $1 AND anonymized_at IS NULL
                  AND shopper_email_hash(customer_email) = $2
                ORDER BY placed_at DESC, id DESC
                LIMIT $3
                """)
        .execute(Tuple.of(shopper.storeId(), shopper.emailHash(), MAX_ORDERS))
        .map(
            rows -> {
              List<ShopperOrder> out = new ArrayList<>();
              for (Row r : rows) {
                String number = r.getString("order_number");
                String token =
                    tokens.issue(shopper.storeId(), number, r.getInteger("token_version"));
                out.add(
                    new ShopperOrder(
                        number,
                        r.getOffsetDateTime("placed_at"),
                        status(r.getString("status")),
                        r.getOffsetDateTime("cancelled_at") != null,
                        token,
                        baseUrl + "/t/" + token));
              }
              return out;
            });
  }

  /** The order's status in plain words, in the language ({@code en}, {@code de}, …). */
  public String statusText(String lang, ShopperOrder order) {
    return order.cancelled()
        ? texts.text(lang, "order.cancelled.label")
        : texts.label(lang, order.status());
  }

  private static TrackingStatus status(String name) {
    try {
      return TrackingStatus.valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      return TrackingStatus.UNKNOWN;
    }
  }

  private List<Limit> failureLimits(String client, String email) {
    List<Limit> limits = new ArrayList<>(2);
    limits.add(
        new Limit(
            FAILURES_PER_CLIENT,
            client,
            config.limits().failuresPerClient(),
            config.limits().window()));
    if (email != null) {
      limits.add(
          new Limit(
              FAILURES_PER_EMAIL,
              email,
              config.limits().failuresPerEmail(),
              config.limits().window()));
    }
    return limits;
  }

  /** Counts the failure, then fails: 429 when a limit is now passed, else the wrong-code answer. */
  private Uni<Session> failed(List<Limit> limits) {
    return limiter
        .waits(limits, true)
        .invoke(ShopperSignIns::refuseIfWaiting)
        .chain(() -> Uni.createFrom().failure(wrong()));
  }

  private static Problems.Unauthorized wrong() {
    return new Problems.Unauthorized(WRONG_CODE);
  }

  private static void refuseIfWaiting(long[] waits) {
    long wait = 0;
    for (long w : waits) {
      wait = Math.max(wait, w);
    }
    if (wait > 0) {
      throw new Problems.TooManyRequests(REFUSED, wait);
    }
  }

  private static String checkedEmail(String email) {
    String address = normalizeEmail(email);
    int at = address.indexOf('@');
    if (address.length() > 254 || at <= 0 || at == address.length() - 1 || address.contains(" ")) {
      throw new Problems.Invalid("email", "must be an email address");
    }
    return address;
  }

  /** The code's hash, keyed by a secret the database doesn't hold: a copy of it reveals no code. */
  private String codeHash(UUID storeId, String emailHash, String code) {
    return HexFormat.of()
        .formatHex(
            codes.sign((storeId + "|" + emailHash + "|" + code).getBytes(StandardCharsets.UTF_8)));
  }

  private static String code() {
    StringBuilder sb = new StringBuilder(CODE_DIGITS);
    for (int i = 0; i < CODE_DIGITS; i++) {
      sb.append(Randomness.nextInt(10));
    }
    return sb.toString();
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }
}
