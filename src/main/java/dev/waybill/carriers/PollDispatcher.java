package dev.waybill.carriers;

import dev.waybill.carriers.spi.CarrierAdapter;
import dev.waybill.carriers.spi.CarrierException;
import dev.waybill.carriers.spi.TrackingQuery;
import dev.waybill.orders.PolledShipment;
import dev.waybill.orders.ShipmentLeases;
import dev.waybill.orders.Timeline;
import dev.waybill.orders.Timeline.Applied;
import dev.waybill.platform.concurrency.Permits;
import dev.waybill.shipping.EventSource;
import dev.waybill.shipping.TrackingReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Polls leased shipments: grouped by carrier, in the carrier's batch size, with the carrier's
 * concurrency, rate limit, timeout, retries and circuit breaker. Carriers run side by side, so a
 * slow or failing one never holds up another. Writing the results is bulkheaded: at most {@code
 * waybill.poller.max-writers} batches write at once, so the poller never takes the whole database
 * pool from the request path.
 */
@ApplicationScoped
public class PollDispatcher {

  /** The longest a shipment waits for its carrier's budget before it is ranked again. */
  static final Duration MAX_DEFERRAL = Duration.ofDays(1);

  private final CarrierRegistry registry;
  private final Timeline updates;
  private final ShipmentLeases leases;
  private final UnknownCodes unknownCodes;
  private final PollSchedule schedule;
  private final PollerConfig config;
  private final MeterRegistry metrics;
  private final Map<String, Counter> polled = new HashMap<>();
  private final Permits writers;
  private final CallBudget budgets;

  public PollDispatcher(
      CarrierRegistry registry,
      Timeline updates,
      ShipmentLeases leases,
      UnknownCodes unknownCodes,
      PollSchedule schedule,
      PollerConfig config,
      MeterRegistry metrics,
      CallBudget budgets) {
    this.budgets = budgets;
    this.registry = registry;
    this.updates = updates;
    this.leases = leases;
    this.unknownCodes = unknownCodes;
    this.schedule = schedule;
    this.config = config;
    this.metrics = metrics;
    this.writers = new Permits(config.maxWriters());
    metrics.gauge("waybill.poller.writers.waiting", writers, Permits::waiting);
  }

  /** Polls every leased shipment; completes when all results are written or rescheduled. */
  public Uni<Void> dispatch(List<PolledShipment> leased) {
    Map<String, List<PolledShipment>> byCarrier = new LinkedHashMap<>();
    for (PolledShipment s : leased) {
      byCarrier.computeIfAbsent(s.carrierCode(), k -> new ArrayList<>()).add(s);
    }
    List<Uni<Void>> carriers = new ArrayList<>();
    byCarrier.forEach((code, shipments) -> carriers.add(pollCarrier(code, shipments)));
    return Uni.join().all(carriers).andCollectFailures().replaceWithVoid();
  }

  private Uni<Void> pollCarrier(String code, List<PolledShipment> shipments) {
    CarrierAdapter adapter = registry.adapter(code).orElse(null);
    if (adapter == null) {
      return leases.failed(ids(shipments), config.schedule().maxFailureBackoff());
    }
    OptionalInt budget = adapter.dailyCallBudget();
    if (budget.isPresent()) {
      return withinBudget(adapter, budget.getAsInt(), shipments);
    }
    return pollBatches(adapter, shipments);
  }

  /**
   * A carrier with a daily budget: the shipments that matter most get today's calls first; the rest
   * are handed back, without counting a failure, each a little later in the order they rank, so the
   * day's calls go down the line rather than to whoever is claimed first.
   */
  private Uni<Void> withinBudget(CarrierAdapter adapter, int budget, List<PolledShipment> all) {
    String code = adapter.capabilities().code();
    int size = Math.max(1, adapter.capabilities().batchSize());
    List<PolledShipment> ranked = new ArrayList<>(all);
    // A stable sort: within one priority, the claim's order (longest due first) stays.
    ranked.sort(Comparator.comparingInt(s -> schedule.priority(s.status())));
    int calls = (ranked.size() + size - 1) / size;
    return budgets
        .take(code, budget, calls)
        .chain(
            granted -> {
              int n = Math.min(ranked.size(), granted * size);
              List<PolledShipment> later = ranked.subList(n, ranked.size());
              Duration pace = CallBudget.pace(budget);
              List<Duration> delays = new ArrayList<>(later.size());
              for (int i = 0; i < later.size(); i++) {
                Duration delay = pace.multipliedBy(i / size + 1L);
                delays.add(delay.compareTo(MAX_DEFERRAL) > 0 ? MAX_DEFERRAL : delay);
              }
              if (!later.isEmpty()) {
                metrics
                    .counter("waybill.carrier.quota.deferred", "carrier", code)
                    .increment(later.size());
              }
              return leases
                  .defer(ids(later), delays)
                  .chain(() -> pollBatches(adapter, ranked.subList(0, n)));
            });
  }

  private Uni<Void> pollBatches(CarrierAdapter adapter, List<PolledShipment> shipments) {
    if (shipments.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    int size = Math.max(1, adapter.capabilities().batchSize());
    List<List<PolledShipment>> batches = new ArrayList<>();
    for (int i = 0; i < shipments.size(); i += size) {
      batches.add(shipments.subList(i, Math.min(shipments.size(), i + size)));
    }
    return Multi.createFrom()
        .iterable(batches)
        .onItem()
        .transformToUni(batch -> pollBatch(adapter, batch))
        .merge(Math.max(1, adapter.capabilities().maxConcurrency()))
        .collect()
        .last()
        .replaceWithVoid();
  }

  private Uni<Void> pollBatch(CarrierAdapter adapter, List<PolledShipment> batch) {
    String code = adapter.capabilities().code();
    CarrierGate gate = registry.gate(code);
    if (!gate.tryStart()) {
      // The circuit opened (or the carrier asked for a pause, or another batch is its half-open
      // trial) after this claim: the rest of the claim waits for the carrier instead of each batch
      // timing out against it in turn.
      return leases.release(ids(batch));
    }
    List<String> numbers = batch.stream().map(PolledShipment::trackingNumber).distinct().toList();
    long start = System.nanoTime();
    return queries(adapter, batch)
        .chain(queries -> call(adapter, gate, queries, 1))
        .invoke(
            results -> {
              gate.succeeded();
              timer(code, "ok").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
              counter(code).increment(numbers.size());
            })
        .chain(results -> applyAll(batch, results))
        .onFailure()
        .recoverWithUni(
            e -> {
              timer(code, "failed").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
              CarrierException ce = e instanceof CarrierException c ? c : null;
              if (ce != null && ce.kind() == CarrierException.Kind.RATE_LIMITED) {
                if (ce.retryAfter() != null) {
                  gate.pauseFor(ce.retryAfter());
                }
              } else {
                gate.failed();
              }
              int failures = batch.stream().mapToInt(PolledShipment::pollFailures).max().orElse(0);
              Duration backoff = schedule.afterFailure(failures + 1);
              if (ce != null && ce.retryAfter() != null && ce.retryAfter().compareTo(backoff) > 0) {
                backoff = ce.retryAfter();
              }
              Log.warnf(
                  "Polling %d %s shipments failed (%s); next try in %s",
                  batch.size(), code, e.getMessage(), backoff);
              return leases.failed(ids(batch), backoff);
            });
  }

  /**
   * One query per distinct number; with the shipment's destination and language for carriers that
   * use them. Those are hints: when they can't be read, the numbers are tracked without them.
   */
  private Uni<List<TrackingQuery>> queries(CarrierAdapter adapter, List<PolledShipment> batch) {
    Map<String, PolledShipment> byNumber = new LinkedHashMap<>();
    batch.forEach(s -> byNumber.putIfAbsent(s.trackingNumber(), s));
    List<TrackingQuery> plain = byNumber.keySet().stream().map(TrackingQuery::of).toList();
    if (!adapter.wantsDestination()) {
      return Uni.createFrom().item(plain);
    }
    return leases
        .destinations(byNumber.values().stream().map(PolledShipment::id).toList())
        .map(
            destinations ->
                byNumber.values().stream()
                    .map(
                        s -> {
                          ShipmentLeases.Destination d = destinations.get(s.id());
                          return d == null
                              ? TrackingQuery.of(s.trackingNumber())
                              : new TrackingQuery(
                                  s.trackingNumber(), d.postalCode(), d.country(), d.locale());
                        })
                    .toList())
        .onFailure()
        .recoverWithItem(plain);
  }

  /** One carrier call with retries (exponential backoff with jitter) for retryable failures. */
  private Uni<List<TrackingReport>> call(
      CarrierAdapter adapter, CarrierGate gate, List<TrackingQuery> numbers, int attempt) {
    return gate.permit()
        .chain(() -> adapter.trackQueries(numbers))
        .ifNoItem()
        .after(config.callTimeout())
        .failWith(
            () ->
                new CarrierException(
                    CarrierException.Kind.UNAVAILABLE, "timed out after " + config.callTimeout()))
        // A call from a daily budget is not repeated at once: the shipment's next poll is.
        .onFailure(
            e ->
                retryable(e)
                    && attempt < config.attempts()
                    && adapter.dailyCallBudget().isEmpty()
                    && gate.allows())
        .recoverWithUni(
            e -> {
              long base = 200L << (attempt - 1);
              long wait = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
              if (e instanceof CarrierException ce && ce.retryAfter() != null) {
                wait = Math.max(wait, ce.retryAfter().toMillis());
              }
              return Uni.createFrom()
                  .voidItem()
                  .onItem()
                  .delayIt()
                  .by(Duration.ofMillis(wait))
                  .chain(() -> call(adapter, gate, numbers, attempt + 1));
            });
  }

  private Uni<Void> applyAll(List<PolledShipment> batch, List<TrackingReport> results) {
    Map<String, TrackingReport> byNumber = new HashMap<>();
    for (TrackingReport r : results) {
      // Carriers may echo a number in another case or with spaces.
      byNumber.put(normalized(r.trackingNumber()), r);
    }
    List<Timeline.Update> updatesOfBatch = new ArrayList<>(batch.size());
    for (PolledShipment s : batch) {
      updatesOfBatch.add(
          new Timeline.Update(
              s,
              byNumber.getOrDefault(
                  normalized(s.trackingNumber()), TrackingReport.notFound(s.trackingNumber()))));
    }
    return updates
        .applyAll(updatesOfBatch, EventSource.POLL, writers)
        .chain(
            applied -> {
              Uni<Void> unknown = Uni.createFrom().voidItem();
              for (Applied a : applied) {
                if (!a.unknownCodes().isEmpty()) {
                  PolledShipment s =
                      batch.stream().filter(b -> b.id().equals(a.shipmentId())).findFirst().get();
                  unknown =
                      unknown.call(
                          () ->
                              unknownCodes.recordAll(
                                  s.carrierCode(), s.trackingNumber(), a.unknownCodes()));
                }
              }
              return unknown;
            })
        .onFailure()
        .recoverWithUni(
            e -> {
              Log.warnf(e, "Could not apply a batch of %d results; retrying later", batch.size());
              return leases.failed(ids(batch), schedule.afterFailure(1));
            });
  }

  private static String normalized(String number) {
    return number == null ? "" : number.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
  }

  private static boolean retryable(Throwable e) {
    return e instanceof CarrierException ce && ce.retryable();
  }

  private static List<java.util.UUID> ids(List<PolledShipment> shipments) {
    return shipments.stream().map(PolledShipment::id).toList();
  }

  private Counter counter(String code) {
    return polled.computeIfAbsent(
        code, c -> metrics.counter("waybill.poller.tracking.numbers", "carrier", c));
  }

  private Timer timer(String code, String outcome) {
    return Timer.builder("waybill.poller.carrier.calls")
        .tag("carrier", code)
        .tag("outcome", outcome)
        .register(metrics);
  }
}
