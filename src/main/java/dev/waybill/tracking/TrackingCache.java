package dev.waybill.tracking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.waybill.orders.OrderChangeListener;
import dev.waybill.platform.invalidation.InvalidationBus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Two cache tiers for rendered lookups: a short-lived map in each pod's memory in front of Redis.
 *
 * <p>Each order has one Redis hash ({@code wb:trk:<store>:<order number>}) with one field per
 * language and event-list variant, plus {@code _v}, the order revision it was rendered from. Writes
 * go through Lua scripts that refuse a revision older than {@code _v}, so a slow reader that loaded
 * data before a change can't put it back after the change evicted it.
 *
 * <p>Redis trouble never fails a lookup: after an error this tier is skipped for a moment and
 * lookups go to Postgres; evictions that could not reach Redis are retried until they do.
 */
@ApplicationScoped
public class TrackingCache implements OrderChangeListener {

  static final String INVALIDATION_KIND = "trk";

  private static final String PAGE_SUFFIX = "|html";

  private static final String PUT =
      "local v = tonumber(redis.call('HGET', KEYS[1], '_v') or '-1') "
          + "local r = tonumber(ARGV[1]) "
          + "if r < v then return 0 end "
          + "if r > v then redis.call('DEL', KEYS[1]) redis.call('HSET', KEYS[1], '_v', ARGV[1])"
          + " end "
          + "redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) "
          + "redis.call('PEXPIRE', KEYS[1], ARGV[4]) "
          + "return 1";

  /**
   * Stores a page beside the lookup it was rendered from, only while that lookup (its ETag, which
   * opens the stored value) is still the one cached. ARGV: source field, its ETag plus newline,
   * page field, page.
   */
  private static final String PUT_PAGE =
      "local src = redis.call('HGET', KEYS[1], ARGV[1]) "
          + "if not src or string.sub(src, 1, #ARGV[2]) ~= ARGV[2] then return 0 end "
          + "redis.call('HSET', KEYS[1], ARGV[3], ARGV[4]) "
          + "return 1";

  private static final String EVICT =
      "local v = tonumber(redis.call('HGET', KEYS[1], '_v') or '-1') "
          + "local r = tonumber(ARGV[1]) "
          + "if r > v then redis.call('DEL', KEYS[1]) redis.call('HSET', KEYS[1], '_v', ARGV[1])"
          + " redis.call('PEXPIRE', KEYS[1], ARGV[2]) end "
          + "return 1";

  /** Evictions retried per Redis call after an outage; far below the pool's wait queue. */
  static final int RETRY_CHUNK = 500;

  private static final String EVICT_MANY =
      "for i, key in ipairs(KEYS) do "
          + "local v = tonumber(redis.call('HGET', key, '_v') or '-1') "
          + "local r = tonumber(ARGV[i]) "
          + "if r > v then redis.call('DEL', key) redis.call('HSET', key, '_v', ARGV[i])"
          + " redis.call('PEXPIRE', key, ARGV[#ARGV]) end end "
          + "return 1";

  /** Where a lookup was answered from. */
  public enum Tier {
    LOCAL,
    REDIS,
    DATABASE
  }

  /** A cached document and the tier it came from. */
  record Hit(CachedLookup lookup, Tier tier) {}

  private final ReactiveRedisDataSource redis;
  private final InvalidationBus invalidations;
  private final TrackingConfig.Cache config;

  /** Per order, its cached lookups ({@link CachedLookup}) and pages ({@link CachedPage}). */
  private final Cache<String, Map<String, Object>> local;

  private final Cache<String, Boolean> absent;
  private final Map<String, Long> pendingEvictions = new ConcurrentHashMap<>();
  private final AtomicLong redisSkipUntil = new AtomicLong();
  private final Counter redisErrors;
  private final Duration redisTimeout = Duration.ofMillis(300);

  public TrackingCache(
      ReactiveRedisDataSource redis,
      InvalidationBus invalidations,
      TrackingConfig config,
      MeterRegistry metrics) {
    this.redis = redis;
    this.invalidations = invalidations;
    this.config = config.cache();
    this.local =
        Caffeine.newBuilder()
            .maximumSize(this.config.localMaxEntries())
            .expireAfterWrite(this.config.localTtl())
            .build();
    this.absent =
        Caffeine.newBuilder()
            .maximumSize(this.config.localMaxEntries())
            .expireAfterWrite(this.config.negativeTtl())
            .build();
    this.redisErrors = metrics.counter("waybill.tracking.cache.redis.errors");
    metrics.gauge("waybill.tracking.cache.pending.evictions", pendingEvictions, Map::size);
  }

  void listen(@Observes StartupEvent event) {
    invalidations.on(INVALIDATION_KIND, this::evictLocal);
  }

  static String key(UUID storeId, String orderNumber) {
    return "wb:trk:" + storeId + ":" + orderNumber;
  }

  boolean enabled() {
    return config.enabled();
  }

  /** Whether this order number is known not to exist (remembered briefly). */
  boolean knownAbsent(String key) {
    return config.enabled() && absent.getIfPresent(key) != null;
  }

  void rememberAbsent(String key) {
    if (config.enabled()) {
      absent.put(key, Boolean.TRUE);
    }
  }

  /** The cached document, or a null item on a miss (or while Redis is unavailable). */
  Uni<Hit> get(String key, String field) {
    if (!config.enabled()) {
      return Uni.createFrom().nullItem();
    }
    if (localField(key, field) instanceof CachedLookup inMemory) {
      return Uni.createFrom().item(new Hit(inMemory, Tier.LOCAL));
    }
    if (redisUnavailable()) {
      return Uni.createFrom().nullItem();
    }
    return fromRedis(key, field, CachedLookup::decode)
        .map(lookup -> lookup == null ? null : new Hit(lookup, Tier.REDIS));
  }

  /**
   * A field read from Redis and decoded (null when absent or of another shape), kept in this pod's
   * memory tier too; a failure is a miss, and Redis is skipped for a moment.
   */
  private <T> Uni<T> fromRedis(String key, String field, Function<String, T> decode) {
    return redis
        .hash(String.class)
        .hget(key, field)
        .ifNoItem()
        .after(redisTimeout)
        .fail()
        .map(
            value -> {
              T decoded = value == null ? null : decode.apply(value);
              if (decoded != null) {
                putLocal(key, field, decoded);
              }
              return decoded;
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              redisFailed("read", e);
              return null;
            });
  }

  /** The document in this pod's memory tier, or null: answered without any asynchronous step. */
  CachedLookup inMemory(String key, String field) {
    return config.enabled() && localField(key, field) instanceof CachedLookup hit ? hit : null;
  }

  /** The cached page, or a null item on a miss (or while Redis is unavailable). */
  Uni<CachedPage> getPage(String key, String field) {
    if (!config.enabled()) {
      return Uni.createFrom().nullItem();
    }
    if (localField(key, field) instanceof CachedPage inMemory) {
      return Uni.createFrom().item(inMemory);
    }
    if (redisUnavailable()) {
      return Uni.createFrom().nullItem();
    }
    return fromRedis(key, field, CachedPage::decode);
  }

  /**
   * Stores a page rendered from the lookup in {@code sourceField}, in each tier only while that
   * lookup is still the one there.
   */
  Uni<Void> putPage(String key, String field, CachedPage page) {
    if (!config.enabled()) {
      return Uni.createFrom().voidItem();
    }
    String source = sourceField(field);
    putLocalIfSource(key, source, page);
    if (redisUnavailable()) {
      return Uni.createFrom().voidItem();
    }
    return redis
        .execute("EVAL", PUT_PAGE, "1", key, source, page.sourceEtag() + '\n', field, page.encode())
        .ifNoItem()
        .after(redisTimeout)
        .fail()
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            e -> {
              redisFailed("write", e);
              return null;
            });
  }

  /** The field of a page rendered from the lookup in {@code field}. */
  static String pageField(String field) {
    return field + PAGE_SUFFIX;
  }

  private static String sourceField(String pageField) {
    return pageField.substring(0, pageField.length() - PAGE_SUFFIX.length());
  }

  /** Stores a freshly rendered document, unless a newer revision was seen meanwhile. */
  Uni<Void> put(String key, String field, long revision, CachedLookup lookup) {
    if (!config.enabled()) {
      return Uni.createFrom().voidItem();
    }
    putLocal(key, field, lookup);
    absent.invalidate(key);
    if (redisUnavailable()) {
      return Uni.createFrom().voidItem();
    }
    return redis
        .execute(
            "EVAL",
            PUT,
            "1",
            key,
            Long.toString(revision),
            field,
            lookup.encode(),
            Long.toString(config.redisTtl().toMillis()))
        .ifNoItem()
        .after(redisTimeout)
        .fail()
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            e -> {
              redisFailed("write", e);
              return null;
            });
  }

  @Override
  public Uni<Void> orderChanged(UUID storeId, String orderNumber, long revision) {
    String key = key(storeId, orderNumber);
    evictLocal(key);
    return evictRedis(key, revision).call(() -> invalidations.publish(INVALIDATION_KIND, key));
  }

  /**
   * Evicts many orders in one Redis round trip and one invalidation message: the poller commits
   * hundreds of changes a second, and two round trips each would make Redis its bottleneck. (All
   * keys go to one script, so this assumes a single Redis primary, with or without Sentinel.)
   */
  @Override
  public Uni<Void> ordersChanged(List<OrderChangeListener.Change> changes) {
    if (changes.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Map<String, Long> latest = new java.util.LinkedHashMap<>();
    for (OrderChangeListener.Change c : changes) {
      latest.merge(key(c.storeId(), c.orderNumber()), c.revision(), Math::max);
    }
    latest.keySet().forEach(this::evictLocal);
    List<String> args = new ArrayList<>(latest.size() * 2 + 4);
    args.add(EVICT_MANY);
    args.add(Integer.toString(latest.size()));
    args.addAll(latest.keySet());
    latest.values().forEach(r -> args.add(Long.toString(r)));
    args.add(Long.toString(config.redisTtl().toMillis()));
    Uni<Void> evict =
        redisUnavailable()
            ? Uni.createFrom()
                .voidItem()
                .invoke(() -> latest.forEach((k, r) -> pendingEvictions.merge(k, r, Math::max)))
            : redis
                .execute("EVAL", args.toArray(new String[0]))
                .ifNoItem()
                .after(redisTimeout)
                .fail()
                .replaceWithVoid()
                .onFailure()
                .recoverWithItem(
                    e -> {
                      latest.forEach((k, r) -> pendingEvictions.merge(k, r, Math::max));
                      redisFailed("evict", e);
                      return null;
                    });
    return evict.call(
        () -> invalidations.publishAll(INVALIDATION_KIND, new ArrayList<>(latest.keySet())));
  }

  /**
   * Retries evictions that could not reach Redis, so no stale lookup outlives an outage. After a
   * long one (or a burst that overflowed the Redis pool) tens of thousands may be pending: they go
   * in chunks of {@value #RETRY_CHUNK}, one bulk script and one invalidation message each, one
   * chunk after the other, and the run stops at the first failure. Sent all at once they would
   * overflow the pool's wait queue, fail again, and keep the event loop busy for seconds.
   */
  @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> retryPendingEvictions() {
    if (pendingEvictions.isEmpty() || redisUnavailable()) {
      return Uni.createFrom().voidItem();
    }
    List<Map<String, Long>> chunks = new ArrayList<>();
    Map<String, Long> chunk = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : pendingEvictions.entrySet()) {
      chunk.put(e.getKey(), e.getValue());
      if (chunk.size() == RETRY_CHUNK) {
        chunks.add(chunk);
        chunk = new LinkedHashMap<>();
      }
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return Multi.createFrom()
        .iterable(chunks)
        .onItem()
        .transformToUniAndConcatenate(this::retryChunk)
        .collect()
        .last()
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            e -> {
              redisFailed("evict", e);
              return null;
            });
  }

  private Uni<Void> retryChunk(Map<String, Long> chunk) {
    List<String> args = new ArrayList<>(chunk.size() * 2 + 4);
    args.add(EVICT_MANY);
    args.add(Integer.toString(chunk.size()));
    args.addAll(chunk.keySet());
    chunk.values().forEach(r -> args.add(Long.toString(r)));
    args.add(Long.toString(config.redisTtl().toMillis()));
    return redis
        .execute("EVAL", args.toArray(new String[0]))
        .ifNoItem()
        .after(redisTimeout)
        .fail()
        .invoke(ignored -> chunk.forEach(pendingEvictions::remove))
        // Other pods missed the first message while Redis was away.
        .call(() -> invalidations.publishAll(INVALIDATION_KIND, new ArrayList<>(chunk.keySet())))
        .replaceWithVoid();
  }

  /** For tests: evictions waiting for Redis. */
  int pendingEvictionCount() {
    return pendingEvictions.size();
  }

  private Uni<Void> evictRedis(String key, long revision) {
    return redis
        .execute(
            "EVAL",
            EVICT,
            "1",
            key,
            Long.toString(revision),
            Long.toString(config.redisTtl().toMillis()))
        .ifNoItem()
        .after(redisTimeout)
        .fail()
        .invoke(ignored -> pendingEvictions.remove(key, revision))
        .replaceWithVoid()
        .onFailure()
        .recoverWithItem(
            e -> {
              pendingEvictions.merge(key, revision, Math::max);
              redisFailed("evict", e);
              return null;
            });
  }

  private void evictLocal(String key) {
    local.invalidate(key);
    absent.invalidate(key);
  }

  private void putLocal(String key, String field, Object value) {
    local.asMap().computeIfAbsent(key, k -> new ConcurrentHashMap<>(4)).put(field, value);
  }

  private Object localField(String key, String field) {
    Map<String, Object> fields = local.getIfPresent(key);
    return fields == null ? null : fields.get(field);
  }

  /** Only beside the very lookup it was rendered from: an eviction meanwhile drops the page. */
  private void putLocalIfSource(String key, String sourceField, CachedPage page) {
    Map<String, Object> fields = local.getIfPresent(key);
    if (fields != null
        && fields.get(sourceField) instanceof CachedLookup source
        && source.etag().equals(page.sourceEtag())) {
      fields.put(pageField(sourceField), page);
    }
  }

  /**
   * Whether Redis is being skipped after a failure: lookups are then answered from Postgres (and
   * say so), and evictions wait to be retried.
   */
  public boolean redisDegraded() {
    return config.enabled() && redisUnavailable();
  }

  private boolean redisUnavailable() {
    return System.currentTimeMillis() < redisSkipUntil.get();
  }

  private void redisFailed(String operation, Throwable e) {
    redisErrors.increment();
    long now = System.currentTimeMillis();
    long previous = redisSkipUntil.getAndSet(now + config.redisRetryAfter().toMillis());
    if (previous < now) {
      Log.warnf(
          "Redis %s failed (%s); serving tracking lookups from Postgres for %d ms",
          operation, e.toString(), config.redisRetryAfter().toMillis());
    }
  }

  /** For tests: drops this pod's in-memory tier. */
  void clearLocal() {
    local.invalidateAll();
    absent.invalidateAll();
  }
}
