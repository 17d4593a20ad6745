package dev.waybill.carriers;

import dev.waybill.carriers.AggregatorAccounts.Credentials;
import dev.waybill.carriers.spi.Aggregator;
import dev.waybill.carriers.spi.Aggregator.Stopped;
import dev.waybill.carriers.spi.Aggregator.Tracked;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Stops tracking at the aggregator once a parcel's story is over, so the merchant's quota isn't
 * spent on it any more: 17TRACK's {@code stoptrack}, AfterShip's {@code mark-as-completed}
 * (EasyPost has no such call; its registrations are marked {@code UNSUPPORTED} instead). Each
 * registration is stopped once: {@code STOPPING} rows are leased with {@code SKIP LOCKED}, sent in
 * the aggregator's batch size, and retried with backoff until the aggregator confirms ({@code
 * STOPPED}) or refuses, or the attempts run out ({@code FAILED}, with the reason).
 */
@ApplicationScoped
public class AggregatorStops {

  /** A registration to stop. */
  record Stopping(
      UUID id,
      UUID storeId,
      String aggregator,
      String carrierCode,
      String trackingNumber,
      String externalId,
      TrackingStatus status,
      int attempts) {}

  private static final String CLAIM =
      """
      UPDATE aggregator_registrations r SET stop_due_at = now() + make_interval(secs => $2),
        stop_attempts = r.stop_attempts + 1
      FROM (SELECT id FROM aggregator_registrations
        WHERE stop_state = 'STOPPING' AND stop_due_at <= now()
        ORDER BY stop_due_at LIMIT $1 FOR UPDATE SKIP LOCKED) due, shipments s
      WHERE r.id = due.id AND s.id = r.shipment_id
      RETURNING r.id, r.store_id, r.aggregator, r.carrier_code, r.tracking_number, r.external_id,
        s.status, r.stop_attempts""";

  private final AggregatorAccounts accounts;
  private final AggregatorConfig config;
  private final PodState pod;
  private final MeterRegistry metrics;
  private final LeasedQueue<Stopping> queue;
  private final QueueRunner runner = new QueueRunner("Aggregator stops", "as-");

  public AggregatorStops(
      Pool pool,
      Clock clock,
      AggregatorAccounts accounts,
      AggregatorConfig config,
      PodState pod,
      MeterRegistry metrics) {
    this.accounts = accounts;
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
                "stop_due_at",
                "stop_due_at",
                CLAIM,
                config.lease(),
                config.stop().batchSize(),
                Backoff.jittered(config.failureBackoff(), config.maxFailureBackoff()),
                "",
                ""),
            r ->
                new Stopping(
                    r.getUUID("id"),
                    r.getUUID("store_id"),
                    r.getString("aggregator"),
                    r.getString("carrier_code"),
                    r.getString("tracking_number"),
                    r.getString("external_id"),
                    TrackingStatus.valueOf(r.getString("status")),
                    r.getInteger("stop_attempts")));
  }

  @Scheduled(
      every = "${waybill.aggregators.stop.interval:1m}",
      delayed = "${waybill.aggregators.stop.interval:1m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> run() {
    if (!config.enabled() || !config.stop().enabled() || pod.draining() || runner.stopping()) {
      return Uni.createFrom().voidItem();
    }
    return runner
        .coalesced(this::cycle)
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.errorf(e, "Aggregator stop cycle failed; retried next cycle");
              return null;
            });
  }

  /** Stops due registrations until a claim comes back short. */
  public Uni<Void> cycle() {
    return runner.whileMore(
        () ->
            queue
                .claim(null, l -> Tuple.of(l.limit(), l.seconds()))
                .chain(
                    batch ->
                        batch.isEmpty()
                            ? Uni.createFrom().item(false)
                            : stopAll(batch)
                                .replaceWith(
                                    batch.size() >= config.stop().batchSize() && !pod.draining())));
  }

  private Uni<Void> stopAll(List<Stopping> batch) {
    Map<String, List<Stopping>> byAccount = new LinkedHashMap<>();
    for (Stopping s : batch) {
      byAccount.computeIfAbsent(s.storeId() + "/" + s.aggregator(), k -> new ArrayList<>()).add(s);
    }
    return Multi.createFrom()
        .iterable(byAccount.values())
        .onItem()
        .transformToUni(this::stopAccount)
        .merge(Math.max(1, config.fallback().concurrency()))
        .collect()
        .last()
        .replaceWithVoid();
  }

  private Uni<Void> stopAccount(List<Stopping> pending) {
    Stopping first = pending.get(0);
    Aggregator aggregator = accounts.all().get(first.aggregator());
    if (aggregator == null || !aggregator.stops()) {
      return finishAll(pending, "UNSUPPORTED", null);
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
                return finishAll(
                    pending, "FAILED", "the store has no " + first.aggregator() + " account");
              }
              List<List<Stopping>> batches = new ArrayList<>();
              int size = Math.max(1, aggregator.pollBatchSize());
              for (int i = 0; i < pending.size(); i += size) {
                batches.add(pending.subList(i, Math.min(pending.size(), i + size)));
              }
              return Multi.createFrom()
                  .iterable(batches)
                  .onItem()
                  .transformToUniAndConcatenate(
                      b -> stopBatch(aggregator, credentials.get().apiKey(), b))
                  .collect()
                  .last()
                  .replaceWithVoid();
            });
  }

  private Uni<Void> stopBatch(Aggregator aggregator, String apiKey, List<Stopping> batch) {
    List<Tracked> numbers = new ArrayList<>(batch.size());
    for (Stopping s : batch) {
      numbers.add(
          new Tracked(
              s.trackingNumber(),
              s.carrierCode(),
              aggregator.carrierId(s.carrierCode()).orElse(null),
              s.externalId(),
              s.status()));
    }
    return aggregator
        .stop(apiKey, numbers)
        .chain(results -> record(aggregator.name(), batch, results))
        .onFailure()
        .recoverWithUni(e -> failed(aggregator.name(), batch, e));
  }

  private Uni<Void> record(String name, List<Stopping> batch, List<Stopped> results) {
    Uni<Void> all = Uni.createFrom().voidItem();
    for (int i = 0; i < batch.size(); i++) {
      Stopping s = batch.get(i);
      Stopped r = results.get(i);
      if (r.stopped()) {
        count(name, "stopped");
        all =
            all.call(
                () -> queue.finish(s.id(), null, "stop_state = 'STOPPED', stopped_at = now()"));
      } else {
        count(name, "refused");
        Log.warnf(
            "%s refused to stop tracking %s %s: %s",
            name, s.carrierCode(), s.trackingNumber(), r.error());
        all = all.call(() -> finish(s, "FAILED", r.error()));
      }
    }
    return all;
  }

  private Uni<Void> failed(String name, List<Stopping> batch, Throwable e) {
    CarrierException ce = e instanceof CarrierException c ? c : null;
    count(name, ce == null ? "failed" : ce.kind().name().toLowerCase(Locale.ROOT));
    int attempts = batch.stream().mapToInt(Stopping::attempts).max().orElse(1);
    List<Stopping> exhausted = new ArrayList<>();
    List<Stopping> again = new ArrayList<>();
    for (Stopping s : batch) {
      (s.attempts() >= config.stop().maxAttempts() ? exhausted : again).add(s);
    }
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
        "Stopping %d numbers at %s failed (%s); next try in %s",
        batch.size(), name, e.getMessage(), wait);
    return retryAll(again, wait, e.getMessage())
        .call(() -> finishAll(exhausted, "FAILED", e.getMessage()));
  }

  private Uni<Void> retryAll(List<Stopping> batch, Duration wait, String error) {
    return queue.retryAllAfter(
        batch.stream().map(Stopping::id).toArray(UUID[]::new),
        wait,
        "last_error = $1, last_error_at = now()",
        truncate(error));
  }

  private Uni<Void> finishAll(List<Stopping> pending, String state, String why) {
    Uni<Void> all = Uni.createFrom().voidItem();
    for (Stopping s : pending) {
      all = all.call(() -> finish(s, state, why));
    }
    return all;
  }

  private Uni<Void> finish(Stopping s, String state, String why) {
    return why == null
        ? queue.finish(s.id(), null, "stop_state = $1", state)
        : queue.finish(
            s.id(),
            null,
            "stop_state = $1, last_error = $2, last_error_at = now()",
            state,
            truncate(why));
  }

  private void count(String aggregator, String outcome) {
    metrics
        .counter("waybill.aggregators.stops", "aggregator", aggregator, "outcome", outcome)
        .increment();
  }

  private static String truncate(String s) {
    return s == null ? null : s.substring(0, Math.min(s.length(), 1000));
  }

  void stop(@Observes ShutdownEvent event) {
    runner.drain(Duration.ofSeconds(10), owner -> Uni.createFrom().item(0));
  }
}
