package dev.waybill.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.orders.OrderSnapshots;
import dev.waybill.orders.OrderViews.OrderSnapshot;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.KeyHashing;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.tracking.TrackingCache.Tier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * Shopper lookups: by order number plus email or postal code (with a store's key), or by signed
 * token. Served from the cache tiers, rendered from Postgres on a miss.
 */
@ApplicationScoped
public class TrackingService {

  /** A wrong email, a wrong postal code and an unknown order all look exactly like this. */
  private static final String NOT_FOUND = "No order matches these details";

  private static final String LINK_NOT_FOUND = "This tracking link is invalid or has expired";

  /**
   * A lookup's answer and where it came from; {@code degraded} when it was rendered from Postgres
   * because Redis is unreachable.
   */
  public record Lookup(CachedLookup document, Tier tier, boolean degraded) {
    Lookup(CachedLookup document, Tier tier) {
      this(document, tier, false);
    }

    public byte[] body() {
      return document.body();
    }

    public String etag() {
      return document.etag();
    }
  }

  private final TrackingCache cache;
  private final OrderSnapshots orders;
  private final StoreDirectory stores;
  private final TrackingRenderer renderer;
  private final TrackingTokens tokens;
  private final TrackingConfig config;
  private final LookupLimits limits;
  private final ObjectMapper json;
  private final Timer databaseTime;

  public TrackingService(
      TrackingCache cache,
      OrderSnapshots orders,
      StoreDirectory stores,
      TrackingRenderer renderer,
      TrackingTokens tokens,
      TrackingConfig config,
      LookupLimits limits,
      ObjectMapper json,
      MeterRegistry metrics) {
    this.cache = cache;
    this.orders = orders;
    this.stores = stores;
    this.renderer = renderer;
    this.tokens = tokens;
    this.config = config;
    this.limits = limits;
    this.json = json;
    this.databaseTime =
        Timer.builder("waybill.tracking.database.time")
            .description("Time to load and render a lookup from Postgres")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
  }

  /**
   * The order's tracking when the email or postal code matches. {@code client} is the address the
   * lookup limits count against ({@link TrackingConfig.Lookup}), or null for a caller they don't
   * apply to (the store's own secret keys). Over a limit it fails with {@link
   * Problems.TooManyRequests}, whether the order exists or not.
   */
  public Uni<Lookup> byOrderNumber(
      UUID storeId,
      String orderNumber,
      String email,
      String postalCode,
      String language,
      boolean allEvents,
      String client) {
    String emailHash = email == null ? null : emailHash(email);
    String postal = postalCode == null ? null : normalizePostal(postalCode);
    String order = LookupLimits.order(storeId, orderNumber);
    String contact = emailHash != null ? "e:" + emailHash : "p:" + postal;
    // The common case, a shopper (or a storefront for them) asking again for an order they got
    // right moments ago, is answered from memory in one step; anything else takes the full path.
    if (client == null || limits.admittedLocally(client, order, contact)) {
      CachedLookup hit = inMemory(storeId, orderNumber, language, null, allEvents);
      if (hit != null && matches(hit, emailHash, postal)) {
        return Uni.createFrom().item(new Lookup(hit, Tier.LOCAL));
      }
    }
    Uni<Lookup> matched =
        load(storeId, orderNumber, language, null, allEvents)
            .map(
                lookup -> {
                  if (!matches(lookup.document(), emailHash, postal)) {
                    throw new Problems.NotFound(NOT_FOUND);
                  }
                  return lookup;
                });
    if (client == null) {
      return matched;
    }
    return limits
        .beforeLookup(client, order)
        .chain(() -> matched)
        .call(lookup -> limits.succeeded(client, order, contact))
        .onFailure(Problems.NotFound.class)
        .recoverWithUni(
            notFound ->
                limits
                    .failed(client, order)
                    .chain(() -> Uni.createFrom().<Lookup>failure(notFound)));
  }

  private static boolean matches(CachedLookup doc, String emailHash, String postal) {
    return emailHash != null
        ? KeyHashing.constantTimeEquals(emailHash, doc.emailHash())
        : KeyHashing.constantTimeEquals(postal, doc.postalCode());
  }

  /** The document in this pod's memory tier, or null. */
  private CachedLookup inMemory(
      UUID storeId, String orderNumber, String language, String preferred, boolean allEvents) {
    String lang = language == null ? null : StatusTexts.language(language);
    return cache.inMemory(
        TrackingCache.key(storeId, orderNumber), field(lang, preferred, allEvents));
  }

  public Uni<Lookup> byToken(String token, String language, boolean allEvents) {
    return byToken(token, language, null, allEvents);
  }

  /**
   * The order's tracking for a signed link, in {@code language}; without one, in the order's
   * language, else in {@code preferred} (what the shopper's browser asks for, a supported language
   * or {@code null}), else in the store's.
   */
  public Uni<Lookup> byToken(String token, String language, String preferred, boolean allEvents) {
    TrackingTokens.Claims claims =
        tokens.verify(token).orElseThrow(() -> new Problems.NotFound(LINK_NOT_FOUND));
    CachedLookup hit =
        inMemory(claims.storeId(), claims.orderNumber(), language, preferred, allEvents);
    if (hit != null && hit.tokenVersion() == claims.tokenVersion()) {
      return Uni.createFrom().item(new Lookup(hit, Tier.LOCAL));
    }
    return load(claims.storeId(), claims.orderNumber(), language, preferred, allEvents)
        .map(
            lookup -> {
              if (lookup.document().tokenVersion() != claims.tokenVersion()) {
                throw new Problems.NotFound(LINK_NOT_FOUND);
              }
              return lookup;
            });
  }

  /**
   * The page rendered from an order's lookup for a verified link (every event, in {@code language}
   * or else as {@link #byToken(String, String, String, boolean)} chooses), from the cache tiers
   * beside the lookup; {@code render} runs on a miss and its page is cached until the order
   * changes. Fails with 404 like {@link #byToken} for a link whose token version was revoked.
   */
  public Uni<CachedPage> page(
      TrackingTokens.Claims claims,
      String language,
      String preferred,
      Function<Lookup, CachedPage> render) {
    String key = TrackingCache.key(claims.storeId(), claims.orderNumber());
    if (cache.knownAbsent(key)) {
      return Uni.createFrom().failure(new Problems.NotFound(LINK_NOT_FOUND));
    }
    String lang = language == null ? null : StatusTexts.language(language);
    String pageField = TrackingCache.pageField(field(lang, preferred, true));
    return cache
        .getPage(key, pageField)
        .chain(
            hit -> {
              if (hit != null) {
                return Uni.createFrom().item(hit);
              }
              return load(claims.storeId(), claims.orderNumber(), lang, preferred, true)
                  .map(render)
                  .call(page -> cache.putPage(key, pageField, page));
            })
        .map(
            page -> {
              if (page.tokenVersion() != claims.tokenVersion()) {
                throw new Problems.NotFound(LINK_NOT_FOUND);
              }
              return page;
            });
  }

  /** The lookup's document as a view, for pages and features that show more than the JSON. */
  public TrackingView view(Lookup lookup) {
    try {
      return json.readValue(lookup.body(), TrackingView.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The order's tracking for the store's own staff: no shopper check, every event. */
  public Uni<Lookup> forStaff(UUID storeId, String orderNumber) {
    return load(storeId, orderNumber, null, null, true);
  }

  /** The same, with its texts in {@code language} (a tag such as {@code fr-BE}). */
  public Uni<Lookup> forStaff(UUID storeId, String orderNumber, String language) {
    return load(storeId, orderNumber, language, null, true);
  }

  private Uni<Lookup> load(
      UUID storeId, String orderNumber, String language, String preferred, boolean allEvents) {
    String key = TrackingCache.key(storeId, orderNumber);
    if (cache.knownAbsent(key)) {
      return Uni.createFrom().failure(new Problems.NotFound(NOT_FOUND));
    }
    String lang = language == null ? null : StatusTexts.language(language);
    String choice = lang != null ? null : supported(preferred);
    String field = field(lang, choice, allEvents);
    return cache
        .get(key, field)
        .chain(
            hit ->
                hit != null
                    ? Uni.createFrom().item(new Lookup(hit.lookup(), hit.tier()))
                    : render(storeId, orderNumber, key, field, lang, choice, allEvents));
  }

  /**
   * The cache field of a lookup's variant: the language asked for, else {@code _} (the order's)
   * followed by the browser's preferred language, which applies only when the order has none.
   */
  private static String field(String lang, String preferred, boolean allEvents) {
    String browser = supported(preferred);
    String language = lang != null ? lang : "_" + (browser == null ? "" : browser);
    return language + (allEvents ? ":all" : ":latest");
  }

  /** The language if it is one with texts, else null: cache fields never name anything else. */
  private static String supported(String preferred) {
    return preferred != null && StatusTexts.LANGUAGES.contains(preferred) ? preferred : null;
  }

  private Uni<Lookup> render(
      UUID storeId,
      String orderNumber,
      String key,
      String field,
      String lang,
      String preferred,
      boolean all) {
    long start = System.nanoTime();
    return orders
        .find(storeId, orderNumber)
        .chain(
            order -> {
              if (order == null) {
                cache.rememberAbsent(key);
                return Uni.createFrom().failure(new Problems.NotFound(NOT_FOUND));
              }
              return stores
                  .profile(storeId)
                  .map(store -> document(order, store, lang, preferred, all));
            })
        .invoke(
            doc ->
                databaseTime.record(
                    System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS))
        .call(doc -> cache.put(key, field, doc.revision(), doc.lookup()))
        .map(doc -> new Lookup(doc.lookup(), Tier.DATABASE, cache.redisDegraded()));
  }

  private record Rendered(long revision, CachedLookup lookup) {}

  private Rendered document(
      OrderSnapshot order,
      dev.waybill.stores.StoreProfile store,
      String lang,
      String preferred,
      boolean all) {
    String token = tokens.issue(order.storeId(), order.orderNumber(), order.tokenVersion());
    TrackingView view =
        renderer.render(
            order,
            store,
            lang,
            preferred,
            all ? -1 : config.latestEvents(),
            token,
            config.publicBaseUrl() + "/t/" + token,
            LocalDate.now(ZoneOffset.UTC));
    byte[] body;
    try {
      body = json.writeValueAsBytes(view);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String etag =
        "\""
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(java.util.Arrays.copyOf(KeyHashing.sha256(body), 16))
            + "\"";
    // An anonymized order (privacy retention or erasure) has no shopper left to look it up: no
    // email matches it, and its postal prefix must not either.
    boolean anonymized = order.customerEmail() == null || order.customerEmail().isEmpty();
    return new Rendered(
        order.revision(),
        new CachedLookup(
            etag,
            anonymized ? "anonymized" : emailHash(order.customerEmail()),
            anonymized ? "anonymized" : normalizePostal(order.shippingAddress().postalCode()),
            order.tokenVersion(),
            body));
  }

  static String emailHash(String email) {
    return KeyHashing.sha256Hex(email.trim().toLowerCase(Locale.ROOT));
  }

  static String normalizePostal(String postal) {
    return postal.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
  }
}
