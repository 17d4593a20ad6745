package dev.waybill.insights.analytics;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tracking-page views per store and UTC day: counted in memory, added to Redis every second (one
 * INCRBY per store and day, whatever the traffic), and copied into Postgres by the rollup job. The
 * copy writes absolute values, so running it twice, or on two pods, is harmless. A pod that dies
 * loses at most its last second of views.
 */
@ApplicationScoped
public class PageViews {

  static final String PREFIX = "waybill:views:";

  /** The counters alive, so the copy reads them without scanning the whole keyspace. */
  static final String INDEX = "waybill:views-index";

  private static final String UPSERT =
      """
          INSERT INTO analytics_page_views (store_id, day, views)
          SELECT u.store_id, u.day, u.views
          FROM unnest($1::uuid[], $2::date[], $3::int8[]) AS u (store_id, day, views)
          WHERE EXISTS (SELECT 1 FROM stores WHERE id = u.store_id)
          """
          // A counter that Redis lost starts again from 1; never let a day's figure go down.
          + " ON CONFLICT (store_id, day) DO UPDATE"
          + " SET views = GREATEST(analytics_page_views.views, EXCLUDED.views)";

  /** Views not yet added to Redis, per counter key. */
  private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();

  private final ReactiveValueCommands<String, Long> values;
  private final ReactiveKeyCommands<String> keys;
  private final ReactiveSetCommands<String, String> index;
  private final Pool pool;
  private final AnalyticsConfig config;

  public PageViews(ReactiveRedisDataSource redis, Pool pool, AnalyticsConfig config) {
    this.values = redis.value(Long.class);
    this.keys = redis.key();
    this.index = redis.set(String.class);
    this.pool = pool;
    this.config = config;
  }

  /** Counts one view in memory: a page view never waits, fails or slows down for it. */
  public void count(UUID storeId) {
    pending
        .computeIfAbsent(key(storeId, LocalDate.now(ZoneOffset.UTC)), k -> new LongAdder())
        .increment();
  }

  static String key(UUID storeId, LocalDate day) {
    return PREFIX + storeId + ":" + day;
  }

  /** Adds the views counted here since the last time to Redis. */
  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> push() {
    if (pending.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    List<Uni<Void>> adds = new ArrayList<>();
    for (Map.Entry<String, LongAdder> e : pending.entrySet()) {
      long n = e.getValue().sumThenReset();
      if (n == 0) {
        // Yesterday's counter gets no more views; today's stays for the next ones.
        if (!e.getKey().endsWith(today)) {
          pending.remove(e.getKey(), e.getValue());
        }
        continue;
      }
      adds.add(add(e.getKey(), n, e.getValue()));
    }
    return adds.isEmpty()
        ? Uni.createFrom().voidItem()
        : Uni.join().all(adds).andCollectFailures().replaceWithVoid();
  }

  private Uni<Void> add(String key, long n, LongAdder counter) {
    return values
        .incrby(key, n)
        .chain(
            total ->
                total == n
                    ? keys.expire(key, config.pageViewRetention())
                        .chain(() -> index.sadd(INDEX, key))
                        .replaceWithVoid()
                    : Uni.createFrom().voidItem())
        .onFailure()
        .recoverWithItem(
            e -> {
              // Kept for the next push: Redis may be back by then.
              counter.add(n);
              Log.debugf("page views not counted yet: %s", e.getMessage());
              return null;
            });
  }

  /** Copies every counter still in Redis into {@code analytics_page_views}. */
  public Uni<Integer> flush() {
    // This pod's latest views first, so a copy right after a view includes it.
    return push()
        .onFailure()
        .recoverWithNull()
        .chain(
            () ->
                index
                    .smembers(INDEX)
                    .onItem()
                    .transformToMulti(members -> Multi.createFrom().iterable(members))
                    .group()
                    .intoLists()
                    .of(500)
                    .onItem()
                    .transformToUniAndConcatenate(this::copy)
                    .collect()
                    .with(java.util.stream.Collectors.summingInt(Integer::intValue)));
  }

  private Uni<Integer> copy(List<String> batch) {
    return values
        .mget(batch.toArray(new String[0]))
        .chain(
            found -> {
              List<UUID> stores = new ArrayList<>();
              List<LocalDate> days = new ArrayList<>();
              List<Long> views = new ArrayList<>();
              List<String> expired = new ArrayList<>();
              for (Map.Entry<String, Long> e : found.entrySet()) {
                String[] parts = e.getKey().substring(PREFIX.length()).split(":");
                if (e.getValue() == null || parts.length != 2) {
                  expired.add(e.getKey());
                  continue;
                }
                try {
                  stores.add(UUID.fromString(parts[0]));
                  days.add(LocalDate.parse(parts[1]));
                  views.add(e.getValue());
                } catch (RuntimeException bad) {
                  Log.debugf("skipping page-view key %s", e.getKey());
                }
              }
              Uni<Void> forget =
                  expired.isEmpty()
                      ? Uni.createFrom().voidItem()
                      : index.srem(INDEX, expired.toArray(new String[0])).replaceWithVoid();
              if (stores.isEmpty()) {
                return forget.replaceWith(0);
              }
              return forget.chain(
                  () ->
                      pool.preparedQuery(UPSERT)
                          .execute(
                              Tuple.of(
                                  stores.toArray(new UUID[0]),
                                  days.toArray(new LocalDate[0]),
                                  views.toArray(new Long[0])))
                          .map(rows -> stores.size()));
            });
  }

  /** Visible for tests: lets a test wait for the fire-and-forget increment. */
  Multi<String> keysFor(UUID storeId) {
    return keys.scan(new KeyScanArgs().match(PREFIX + storeId + ":*")).toMulti();
  }
}
