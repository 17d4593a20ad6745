package dev.waybill.carriers;

import dev.waybill.carriers.AggregatorAccounts.Credentials;
import dev.waybill.carriers.spi.Aggregator;
import dev.waybill.carriers.spi.Aggregator.Registered;
import dev.waybill.carriers.spi.Aggregator.Registration;
import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.platform.config.WorkersOnly;
import dev.waybill.platform.health.PodState;
import dev.waybill.platform.queue.Backoff;
import dev.waybill.platform.queue.LeasedQueue;
import dev.waybill.platform.queue.QueueRunner;
import dev.waybill.platform.queue.QueueSpec;
import dev.waybill.platform.security.CredentialVault;
import dev.waybill.shipping.TrackingStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Registers tracking numbers at the aggregator a store names, for shipments whose carrier has no
 * enabled direct adapter. Each shipment gets one registration row (unique per shipment), found by a
 * sweep of recent shipments; rows are leased with {@code SKIP LOCKED} by any worker pod, sent in
 * the aggregator's batch size, and retried with backoff until the aggregator accepts them. The
 * aggregators treat a number registered twice as registered, so a retry after a lost answer is
 * harmless too.
 */
@ApplicationScoped
public class AggregatorRegistrations {

  /** A registration to make. */
  record Pending(
      UUID id,
      UUID storeId,
      String aggregator,
      String carrierCode,
      String trackingNumber,
      int attempts,
      TrackingStatus status) {}

  // The store's first aggregator that tracks the carrier, for shipments no direct adapter polls.
  // Driven from the stores that have an account, so stores without one cost nothing.
  private static final String ENQUEUE =
      """
      INSERT INTO aggregator_registrations (id, shipment_id, store_id, aggregator, carrier_code,
          tracking_number)
      SELECT gen_random_uuid(), c.id, c.store_id, c.aggregator, c.carrier_code, c.tracking_number
      FROM (
        SELECT DISTINCT ON (s.id) s.id, s.store_id, sa.aggregator, s.carrier_code,
            s.tracking_number
        FROM store_aggregators sa
        JOIN shipments s ON s.store_id = sa.store_id
        WHERE (sa.aggregator || ':' || s.carrier_code) = ANY($2)
          AND s.carrier_code <> ALL($1)
          AND s.created_at > now() - make_interval(secs => $3)
          AND s.status NOT IN ('DELIVERED', 'RETURNED_TO_SENDER', 'EXPIRED')
          AND NOT EXISTS (SELECT 1 FROM aggregator_registrations r WHERE r.shipment_id = s.id)
        ORDER BY s.id, sa.created_at, sa.aggregator
        LIMIT $4) c
      ON CONFLICT (shipment_id) DO NOTHING""";

  private static final String CLAIM =
      """
      UPDATE aggregator_registrations r SET due_at = now() + make_interval(secs => $2),
        attempts = attempts + 1
      FROM (SELECT id FROM aggregator_registrations
        WHERE registered_at IS NULL AND gave_up_at IS NULL AND attempts < $3
          AND (due_at IS NULL OR due_at < now())
        ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED) due, shipments s
      WHERE r.id = due.id AND s.id = r.shipment_id
      RETURNING r.id, r.store_id, r.aggregator, r.carrier_code, r.tracking_number, r.attempts,
        s.status""";

  private final Pool pool;
  private final AggregatorAccounts accounts;
  private final AggregatorFallback fallback;
  private final CarrierDirectory directory;
  private final Instance<CarrierAdapter> adapters;
  private final AggregatorConfig config;
  private final PodState pod;
  private final MeterRegistry metrics;
  private final LeasedQueue<Pending> queue;
  private final QueueRunner runner = new QueueRunner("Aggregator registrations", "a-");

  public AggregatorRegistrations(
      Pool pool,
      Clock clock,
      AggregatorAccounts accounts,
      AggregatorFallback fallback,
      CarrierDirectory directory,
      Instance<CarrierAdapter> adapters,
      AggregatorConfig config,
      PodState pod,
      MeterRegistry metrics) {
    this.pool = pool;
    this.accounts = accounts;
    this.fallback = fallback;
    this.directory = directory;
    this.adapters = adapters;
    this.config = config;
    this.pod = pod;
    this.metrics = metrics;
    this.queue =
        new LeasedQueue<>(
            pool,
            clock,
            new QueueSpec(
                "aggregator_registrations",
                null,
                "due_at",
                "due_at",
                CLAIM,
                config.lease(),
                config.batchSize(),
                Backoff.jittered(config.failureBackoff(), config.maxFailureBackoff()),
                "",
                ""),
            r ->
                new Pending(
                    r.getUUID("id"),
                    r.getUUID("store_id"),
                    r.getString("aggregator"),
                    r.getString("carrier_code"),
                    r.getString("tracking_number"),
                    r.getInteger("attempts"),
                    TrackingStatus.valueOf(r.getString("status"))));
  }

  @Scheduled(
      every = "${waybill.aggregators.interval:5s}",
      delayed = "${waybill.aggregators.interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> run() {
    if (!config.enabled() || pod.draining() || runner.stopping()) {
      return Uni.createFrom().voidItem();
    }
    return runner
        .coalesced(this::cycle)
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.errorf(e, "Aggregator registration cycle failed; retried next cycle");
              return null;
            });
  }

  /** Finds new shipments to register, then registers until a claim comes back short. */
  public Uni<Void> cycle() {
    return enqueue()
        .chain(
            x ->
                runner.whileMore(
                    () ->
                        queue
                            .claim(
                                null, l -> Tuple.of(l.limit(), l.seconds(), config.maxAttempts()))
                            .chain(
                                batch ->
                                    batch.isEmpty()
                                        ? Uni.createFrom().item(false)
                                        : registerAll(batch)
                                            .replaceWith(
                                                batch.size() >= config.batchSize()
                                                    && !pod.draining()))));
  }

  /** Adds a registration row for each recent shipment that needs one and has none. */
  Uni<Integer> enqueue() {
    List<String> direct = new ArrayList<>();
    for (CarrierAdapter a : adapters) {
      if (a.enabled()) {
        direct.add(a.capabilities().code());
      }
    }
    List<String> pairs = new ArrayList<>();
    accounts
        .all()
        .forEach(
            (name, a) -> {
              for (String code : directory.codes()) {
                if (a.carrierId(code).isPresent()) {
                  pairs.add(name + ":" + code);
                }
              }
            });
    return pool.preparedQuery(ENQUEUE)
        .execute(
            Tuple.of(
                direct.toArray(String[]::new),
                pairs.toArray(String[]::new),
                (double) config.lookback().toSeconds(),
                config.batchSize() * 10))
        .map(rows -> rows.rowCount());
  }

  private Uni<Void> registerAll(List<Pending> batch) {
    Map<String, List<Pending>> byAccount = new LinkedHashMap<>();
    for (Pending p : batch) {
      byAccount.computeIfAbsent(p.storeId() + "/" + p.aggregator(), k -> new ArrayList<>()).add(p);
    }
    return Multi.createFrom()
        .iterable(byAccount.values())
        .onItem()
        .transformToUni(this::registerAccount)
        .merge(4)
        .collect()
        .last()
        .replaceWithVoid();
  }

  private Uni<Void> registerAccount(List<Pending> pending) {
    Pending first = pending.get(0);
    Aggregator aggregator = accounts.all().get(first.aggregator());
    if (aggregator == null) {
      return giveUpAll(pending, "no aggregator " + first.aggregator());
    }
    return accounts
        .credentials(first.storeId(), first.aggregator())
        .onFailure(CredentialVault.Unreadable.class)
        .recoverWithUni(
            e ->
                retryAll(pending, config.authRetry(), e.getMessage())
                    .replaceWith(Optional.<Credentials>empty()))
        .chain(
            credentials -> {
              if (credentials.isEmpty()) {
                return giveUpAll(pending, "the store has no " + first.aggregator() + " account");
              }
              List<List<Pending>> batches = new ArrayList<>();
              int size = Math.max(1, aggregator.batchSize());
              for (int i = 0; i < pending.size(); i += size) {
                batches.add(pending.subList(i, Math.min(pending.size(), i + size)));
              }
              return Multi.createFrom()
                  .iterable(batches)
                  .onItem()
                  .transformToUniAndConcatenate(
                      b -> registerBatch(aggregator, credentials.get().apiKey(), b))
                  .collect()
                  .last()
                  .replaceWithVoid();
            });
  }

  private Uni<Void> registerBatch(Aggregator aggregator, String apiKey, List<Pending> batch) {
    List<Registration> numbers = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      numbers.add(
          new Registration(
              p.trackingNumber(),
              p.carrierCode(),
              aggregator.carrierId(p.carrierCode()).orElse(null)));
    }
    return aggregator
        .register(apiKey, numbers)
        .chain(results -> record(aggregator.name(), batch, results))
        .onFailure()
        .recoverWithUni(e -> failed(aggregator.name(), batch, e));
  }

  private Uni<Void> record(String name, List<Pending> batch, List<Registered> results) {
    Uni<Void> all = Uni.createFrom().voidItem();
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      Registered r = results.get(i);
      if (r.accepted()) {
        count(name, "registered");
        // The fallback clock starts now: the first push is expected within the status's cadence.
        java.time.OffsetDateTime pollDue =
            fallback.cadence(true, false, p.status()).map(d -> queue.now().plus(d)).orElse(null);
        all =
            all.call(
                () ->
                    queue.finish(
                        p.id(),
                        null,
                        "registered_at = now(), external_id = $1, last_error = NULL,"
                            + " poll_due_at = $2::timestamptz",
                        r.externalId(),
                        pollDue));
      } else {
        count(name, "refused");
        Log.warnf(
            "%s refused to track %s %s: %s", name, p.carrierCode(), p.trackingNumber(), r.error());
        all = all.call(() -> giveUp(p, r.error()));
      }
    }
    return all;
  }

  private Uni<Void> failed(String name, List<Pending> batch, Throwable e) {
    CarrierException ce = e instanceof CarrierException c ? c : null;
    String outcome = ce == null ? "failed" : ce.kind().name().toLowerCase(java.util.Locale.ROOT);
    count(name, outcome);
    int attempts = batch.stream().mapToInt(Pending::attempts).max().orElse(1);
    Duration wait;
    if (ce != null && ce.kind() == CarrierException.Kind.AUTH) {
      wait = config.authRetry();
    } else {
      wait = queue.backoff(attempts);
      if (ce != null && ce.retryAfter() != null && ce.retryAfter().compareTo(wait) > 0) {
        wait = ce.retryAfter();
      }
    }
    Log.warnf(
        "Registering %d numbers at %s failed (%s); next try in %s",
        batch.size(), name, e.getMessage(), wait);
    return retryAll(batch, wait, e.getMessage());
  }

  private Uni<Void> retryAll(List<Pending> batch, Duration wait, String error) {
    return queue.retryAllAfter(
        batch.stream().map(Pending::id).toArray(UUID[]::new),
        wait,
        "last_error = $1, last_error_at = now()",
        truncate(error));
  }

  private Uni<Void> giveUpAll(List<Pending> pending, String why) {
    Uni<Void> all = Uni.createFrom().voidItem();
    for (Pending p : pending) {
      all = all.call(() -> giveUp(p, why));
    }
    return all;
  }

  private Uni<Void> giveUp(Pending p, String why) {
    return queue.finish(
        p.id(), null, "gave_up_at = now(), last_error = $1, last_error_at = now()", truncate(why));
  }

  private void count(String aggregator, String outcome) {
    metrics
        .counter("waybill.aggregators.registrations", "aggregator", aggregator, "outcome", outcome)
        .increment();
  }

  private static String truncate(String s) {
    return s == null ? null : s.substring(0, Math.min(s.length(), 1000));
  }

  void stop(@Observes ShutdownEvent event) {
    // Leases are not owned: whatever is in flight when the wait ends expires on its own.
    runner.drain(java.time.Duration.ofSeconds(10), owner -> Uni.createFrom().item(0));
  }
}
