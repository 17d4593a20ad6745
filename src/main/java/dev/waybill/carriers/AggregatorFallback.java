package dev.waybill.carriers;

import dev.waybill.carriers.AggregatorAccounts.Credentials;
import dev.waybill.carriers.spi.Aggregator;
import dev.waybill.carriers.spi.Aggregator.Tracked;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.orders.PolledShipment;
import dev.waybill.orders.ShipmentLeases;
import dev.waybill.orders.Timeline;
import dev.waybill.orders.Timeline.Applied;
import dev.waybill.platform.config.WorkersOnly;
import dev.waybill.platform.health.PodState;
import dev.waybill.platform.queue.Backoff;
import dev.waybill.platform.queue.LeasedQueue;
import dev.waybill.platform.queue.QueueRunner;
import dev.waybill.platform.queue.QueueSpec;
import dev.waybill.platform.security.CredentialVault;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.TrackingReport;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The fallback poll of numbers registered at an aggregator. Pushes are the normal way news comes;
 * each registration keeps a clock ({@code poll_due_at}) set to the cadence of the parcel's status
 * (the poller's schedule: often when out for delivery, rarely before pickup), and every push or
 * poll sets it again. Only a registration whose clock runs out, because no push came in time, is
 * leased ({@code SKIP LOCKED}, any worker pod) and asked about at its aggregator. What comes back
 * goes through the aggregator's own mapper and the one timeline writer, exactly like a push.
 *
 * <p>Once a parcel's story is over (delivered, returned, expired) its clock stops, and the
 * registration is handed to {@link AggregatorStops} when the aggregator can stop tracking.
 */
@ApplicationScoped
public class AggregatorFallback {

  /** A registration whose push is overdue. */
  record Due(
      UUID id,
      UUID shipmentId,
      UUID storeId,
      String aggregator,
      String carrierCode,
      String trackingNumber,
      String externalId,
      int failures) {}

  private static final String CLAIM =
      """
      UPDATE aggregator_registrations r SET poll_due_at = now() + make_interval(secs => $2)
      FROM (SELECT id FROM aggregator_registrations
        WHERE poll_due_at <= now() AND registered_at IS NOT NULL AND stop_state IS NULL
        ORDER BY poll_due_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
      WHERE r.id = due.id
      RETURNING r.id, r.shipment_id, r.store_id, r.aggregator, r.carrier_code, r.tracking_number,
        r.external_id, r.poll_failures""";

  // What a push or a poll leaves behind: the clock set to the new cadence (none once the story is
  // over), and a parcel whose story is over handed on to be stopped, once.
  private static final String AFTER_NEWS =
      """
      UPDATE aggregator_registrations SET
        poll_due_at = CASE WHEN stop_state IS NULL AND $2::boolean THEN $3::timestamptz END,
        last_push_at = CASE WHEN $4 THEN now() ELSE last_push_at END,
        last_polled_at = CASE WHEN $4 THEN last_polled_at ELSE now() END,
        poll_failures = CASE WHEN $4 THEN poll_failures ELSE 0 END,
        stop_state = CASE WHEN stop_state IS NULL AND NOT $2::boolean
          THEN CASE WHEN aggregator = ANY($5) THEN 'STOPPING' ELSE 'UNSUPPORTED' END
          ELSE stop_state END,
        stop_due_at = CASE WHEN stop_state IS NULL AND NOT $2::boolean AND aggregator = ANY($5)
          THEN now() ELSE stop_due_at END
      WHERE shipment_id = $1 AND registered_at IS NOT NULL""";

  private final Pool pool;
  private final AggregatorAccounts accounts;
  private final ShipmentLeases shipments;
  private final Timeline timeline;
  private final UnknownCodes unknownCodes;
  private final PollSchedule schedule;
  private final AggregatorConfig config;
  private final PodState pod;
  private final MeterRegistry metrics;
  private final LeasedQueue<Due> queue;
  private final String[] stopping;
  private final QueueRunner runner = new QueueRunner("Aggregator fallback polls", "af-");

  public AggregatorFallback(
      Pool pool,
      Clock clock,
      AggregatorAccounts accounts,
      ShipmentLeases shipments,
      Timeline timeline,
      UnknownCodes unknownCodes,
      PollSchedule schedule,
      AggregatorConfig config,
      PodState pod,
      MeterRegistry metrics) {
    this.pool = pool;
    this.accounts = accounts;
    this.shipments = shipments;
    this.timeline = timeline;
    this.unknownCodes = unknownCodes;
    this.schedule = schedule;
    this.config = config;
    this.pod = pod;
    this.metrics = metrics;
    this.stopping =
        accounts.all().values().stream()
            .filter(Aggregator::stops)
            .map(Aggregator::name)
            .toArray(String[]::new);
    this.queue =
        new LeasedQueue<>(
            pool,
            clock,
            new QueueSpec(
                "aggregator_registrations",
                null,
                "poll_due_at",
                "poll_due_at",
                CLAIM,
                config.fallback().lease(),
                config.fallback().batchSize(),
                Backoff.jittered(config.failureBackoff(), config.maxFailureBackoff()),
                "",
                ""),
            r ->
                new Due(
                    r.getUUID("id"),
                    r.getUUID("shipment_id"),
                    r.getUUID("store_id"),
                    r.getString("aggregator"),
                    r.getString("carrier_code"),
                    r.getString("tracking_number"),
                    r.getString("external_id"),
                    r.getInteger("poll_failures")));
  }

  @Scheduled(
      every = "${waybill.aggregators.fallback.interval:30s}",
      delayed = "${waybill.aggregators.fallback.interval:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> run() {
    if (!config.enabled() || !config.fallback().enabled() || pod.draining() || runner.stopping()) {
      return Uni.createFrom().voidItem();
    }
    return runner
        .coalesced(this::cycle)
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.errorf(e, "Aggregator fallback cycle failed; retried next cycle");
              return null;
            });
  }

  /** Polls overdue registrations until a claim comes back short. */
  public Uni<Void> cycle() {
    return runner.whileMore(
        () ->
            queue
                .claim(null, l -> Tuple.of(l.limit(), l.seconds()))
                .chain(
                    batch ->
                        batch.isEmpty()
                            ? Uni.createFrom().item(false)
                            : pollAll(batch)
                                .replaceWith(
                                    batch.size() >= config.fallback().batchSize()
                                        && !pod.draining())));
  }

  /**
   * A push was applied to this shipment: its fallback clock starts again from the new status, and a
   * story that is over is handed on to be stopped. A shipment with no registration is untouched.
   */
  public Uni<Void> pushed(UUID shipmentId, TrackingReport report, Applied applied) {
    return after(shipmentId, report, applied, true);
  }

  /**
   * When the next fallback poll is due after news in {@code to}; empty once nothing more will come
   * (the parcel's story is over and tracking stops).
   */
  Optional<Duration> cadence(boolean found, boolean changed, TrackingStatus to) {
    if (to.isFinal()) {
      return Optional.empty();
    }
    if (!found) {
      return Optional.of(schedule.notFound());
    }
    Duration wait = changed ? schedule.afterChange(to) : schedule.afterNoChange(to);
    return Optional.ofNullable(wait);
  }

  private Uni<Void> after(UUID shipmentId, TrackingReport report, Applied applied, boolean push) {
    Optional<Duration> next = cadence(report.found(), applied.changed(), applied.to());
    OffsetDateTime due = next.map(d -> queue.now().plus(d)).orElse(null);
    return pool.preparedQuery(AFTER_NEWS)
        .execute(Tuple.of(shipmentId, next.isPresent(), due, push, stopping))
        .replaceWithVoid();
  }

  private Uni<Void> pollAll(List<Due> batch) {
    Map<String, List<Due>> byAccount = new LinkedHashMap<>();
    for (Due d : batch) {
      byAccount.computeIfAbsent(d.storeId() + "/" + d.aggregator(), k -> new ArrayList<>()).add(d);
    }
    return Multi.createFrom()
        .iterable(byAccount.values())
        .onItem()
        .transformToUni(this::pollAccount)
        .merge(Math.max(1, config.fallback().concurrency()))
        .collect()
        .last()
        .replaceWithVoid();
  }

  private Uni<Void> pollAccount(List<Due> due) {
    Due first = due.get(0);
    Aggregator aggregator = accounts.all().get(first.aggregator());
    if (aggregator == null) {
      return retry(due, config.authRetry(), "no aggregator " + first.aggregator());
    }
    return accounts
        .credentials(first.storeId(), first.aggregator())
        .onFailure(CredentialVault.Unreadable.class)
        .recoverWithUni(
            e ->
                retry(due, config.authRetry(), e.getMessage())
                    .replaceWith(Optional.<Credentials>empty()))
        .chain(
            credentials -> {
              if (credentials.isEmpty()) {
                // The account was removed: nothing to ask with until one is set again.
                return retry(
                    due, config.authRetry(), "the store has no " + first.aggregator() + " account");
              }
              List<List<Due>> batches = new ArrayList<>();
              int size = Math.max(1, aggregator.pollBatchSize());
              for (int i = 0; i < due.size(); i += size) {
                batches.add(due.subList(i, Math.min(due.size(), i + size)));
              }
              return pollBatches(aggregator, credentials.get().apiKey(), batches, 0);
            });
  }

  /**
   * One batch after another; once the aggregator limits the account's rate, the batches left wait
   * as long as it asked, without being sent.
   */
  private Uni<Void> pollBatches(
      Aggregator aggregator, String apiKey, List<List<Due>> batches, int index) {
    if (index >= batches.size()) {
      return Uni.createFrom().voidItem();
    }
    List<Due> batch = batches.get(index);
    return poll(aggregator, apiKey, batch)
        .chain(
            limited -> {
              if (limited == null) {
                return pollBatches(aggregator, apiKey, batches, index + 1);
              }
              List<Due> rest = new ArrayList<>();
              for (int i = index + 1; i < batches.size(); i++) {
                rest.addAll(batches.get(i));
              }
              return retry(rest, limited, "waiting out " + aggregator.name() + "'s rate limit");
            });
  }

  /** Polls one batch; completes with the wait the aggregator asked for, or null. */
  private Uni<Duration> poll(Aggregator aggregator, String apiKey, List<Due> batch) {
    List<Tracked> numbers = new ArrayList<>(batch.size());
    for (Due d : batch) {
      numbers.add(
          new Tracked(
              d.trackingNumber(),
              d.carrierCode(),
              aggregator.carrierId(d.carrierCode()).orElse(null),
              d.externalId(),
              null));
    }
    return aggregator
        .track(apiKey, numbers)
        .chain(reports -> apply(aggregator.name(), batch, reports))
        .replaceWith((Duration) null)
        .onFailure()
        .recoverWithUni(e -> failed(aggregator.name(), batch, e));
  }

  private Uni<Void> apply(String name, List<Due> batch, List<TrackingReport> reports) {
    Map<String, TrackingReport> byNumber = new HashMap<>();
    for (TrackingReport r : reports) {
      byNumber.put(key(r.trackingNumber()), r);
    }
    Map<UUID, TrackingReport> byShipment = new HashMap<>();
    for (Due d : batch) {
      TrackingReport r = byNumber.get(key(d.trackingNumber()));
      byShipment.put(d.shipmentId(), r != null ? r : TrackingReport.notFound(d.trackingNumber()));
    }
    return shipments
        .byIds(new ArrayList<>(byShipment.keySet()))
        .chain(
            found -> {
              List<Timeline.Update> updates = new ArrayList<>(found.size());
              Map<UUID, PolledShipment> byId = new HashMap<>();
              for (PolledShipment s : found) {
                updates.add(new Timeline.Update(s, byShipment.get(s.id())));
                byId.put(s.id(), s);
              }
              return timeline
                  .applyAll(updates, EventSource.POLL)
                  .chain(
                      applied -> {
                        Uni<Void> all = Uni.createFrom().voidItem();
                        for (Applied a : applied) {
                          PolledShipment s = byId.get(a.shipmentId());
                          TrackingReport r = byShipment.get(a.shipmentId());
                          count(name, r.found() ? "found" : "not_found");
                          all =
                              all.call(
                                      () ->
                                          unknownCodes.recordAll(
                                              s.carrierCode(),
                                              s.trackingNumber(),
                                              a.unknownCodes()))
                                  .call(() -> after(a.shipmentId(), r, a, false));
                        }
                        return all;
                      });
            });
  }

  private Uni<Duration> failed(String name, List<Due> batch, Throwable e) {
    CarrierException ce = e instanceof CarrierException c ? c : null;
    count(name, ce == null ? "failed" : ce.kind().name().toLowerCase(Locale.ROOT));
    int failures = batch.stream().mapToInt(Due::failures).max().orElse(0) + 1;
    Duration wait;
    Duration limited = null;
    if (ce != null && ce.kind() == CarrierException.Kind.AUTH) {
      wait = config.authRetry();
    } else if (ce != null
        && ce.kind() == CarrierException.Kind.RATE_LIMITED
        && ce.retryAfter() != null) {
      // The aggregator said when; asking sooner only spends the merchant's calls.
      wait = ce.retryAfter();
      limited = wait;
    } else {
      wait = schedule.afterFailure(failures);
      if (ce != null && ce.kind() == CarrierException.Kind.RATE_LIMITED) {
        limited = wait;
      }
    }
    Log.warnf(
        "Polling %d numbers at %s failed (%s); next try in %s",
        batch.size(), name, e.getMessage(), wait);
    Duration result = limited;
    return queue
        .retryAllAfter(
            batch.stream().map(Due::id).toArray(UUID[]::new),
            wait,
            "poll_failures = poll_failures + 1, last_error = $1, last_error_at = now()",
            truncate(e.getMessage()))
        .replaceWith(result);
  }

  private Uni<Void> retry(List<Due> due, Duration wait, String error) {
    return queue.retryAllAfter(
        due.stream().map(Due::id).toArray(UUID[]::new),
        wait,
        "last_error = $1, last_error_at = now()",
        truncate(error));
  }

  private void count(String aggregator, String outcome) {
    metrics
        .counter("waybill.aggregators.fallback.polls", "aggregator", aggregator, "outcome", outcome)
        .increment();
  }

  private static String key(String number) {
    return number == null ? "" : number.replace(" ", "").toUpperCase(Locale.ROOT);
  }

  private static String truncate(String s) {
    return s == null ? null : s.substring(0, Math.min(s.length(), 1000));
  }

  void stop(@Observes ShutdownEvent event) {
    // Leases are not owned: whatever is in flight when the wait ends expires on its own.
    runner.drain(Duration.ofSeconds(10), owner -> Uni.createFrom().item(0));
  }
}
