package dev.waybill.connectors.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.connectors.Connection;
import dev.waybill.connectors.Connections;
import dev.waybill.connectors.woocommerce.WooOrders.Outcome;
import dev.waybill.connectors.woocommerce.WooSweeps.Lease;
import dev.waybill.platform.config.WorkersOnly;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The safety sweep. WooCommerce never retries a failed webhook delivery and disables a webhook
 * after five failures in a row, so each connected site with a REST key is listed every {@code
 * sweep-interval}: the orders modified since the previous sweep (less an overlap), page by page,
 * and whatever no webhook brought is applied. The scheduled method only leases one sweep at a time
 * ({@code FOR UPDATE SKIP LOCKED}, any number of pods) and delegates; a sweep interrupted by a
 * restart resumes from its page when its lease expires. After each sweep the site's webhook list is
 * read to report one that WooCommerce disabled.
 */
@ApplicationScoped
public class WooSweep {

  private final WooSweeps sweeps;
  private final WooOrders orders;
  private final Connections connections;
  private final WooConfig config;
  private final MeterRegistry metrics;

  public WooSweep(
      WooSweeps sweeps,
      WooOrders orders,
      Connections connections,
      WooConfig config,
      MeterRegistry metrics) {
    this.sweeps = sweeps;
    this.orders = orders;
    this.connections = connections;
    this.config = config;
    this.metrics = metrics;
  }

  @Scheduled(
      every = "${waybill.connectors.woocommerce.tick:30s}",
      delayed = "20s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> tick() {
    return run()
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.warnf("WooCommerce sweep failed: %s", e.toString());
              return null;
            });
  }

  /** Sweeps every due site, one lease at a time. Visible for tests. */
  public Uni<Void> run() {
    return sweeps.enrol().chain(this::drain);
  }

  private Uni<Void> drain() {
    return sweeps
        .claim(config.lease(), config.sweepOverlap())
        .chain(
            lease ->
                lease == null
                    ? Uni.createFrom().voidItem()
                    : connections
                        .find(lease.storeId(), Woo.KIND)
                        .chain(c -> step(c, lease))
                        .chain(this::drain));
  }

  private Uni<Void> step(Connection c, Lease lease) {
    if (c == null || !c.connected() || !c.id().equals(lease.connectionId())) {
      return sweeps.finished(lease.connectionId(), 0, config.sweepInterval());
    }
    return pages(c, lease, lease.page(), lease.found(), 0)
        .onFailure(WooException.class)
        .recoverWithUni(e -> failed(c, (WooException) e));
  }

  private Uni<Void> pages(Connection c, Lease lease, int page, int found, int read) {
    if (read >= Math.max(1, config.pagesPerStep())) {
      return sweeps.progress(c.id(), page, found);
    }
    return sweeps
        .orders(c, lease.since(), page)
        .chain(
            p ->
                applyAll(c, p.items())
                    .chain(
                        applied -> {
                          int total = found + applied;
                          if (p.last()) {
                            if (total > 0) {
                              metrics
                                  .counter("waybill.connectors.woocommerce.sweep_found")
                                  .increment(total);
                              Log.infof(
                                  "The WooCommerce sweep of store %s applied %d orders no webhook"
                                      + " brought",
                                  c.storeId(), total);
                            }
                            return sweeps
                                .finished(c.id(), total, config.sweepInterval())
                                .call(() -> checkWebhooks(c));
                          }
                          return pages(c, lease, page + 1, total, read + 1);
                        }));
  }

  /** Applies a page's orders one after the other; how many were new to Waybill. */
  Uni<Integer> applyAll(Connection c, List<JsonNode> items) {
    return Multi.createFrom()
        .iterable(items)
        .onItem()
        .transformToUniAndConcatenate(
            o -> {
              try {
                return orders.apply(c, o, false);
              } catch (IllegalArgumentException e) {
                return Uni.createFrom().item(Outcome.INCOMPLETE);
              }
            })
        .collect()
        .asList()
        .map(outcomes -> (int) outcomes.stream().filter(o -> o == Outcome.APPLIED).count());
  }

  /**
   * Reads the site's webhooks and reports those pointing at Waybill that WooCommerce no longer
   * delivers. A key without the right to read them leaves the state unknown.
   */
  private Uni<Void> checkWebhooks(Connection c) {
    return sweeps
        .siteWebhooks(c)
        .chain(
            hooks -> {
              List<String> ours = new ArrayList<>();
              List<String> stopped = new ArrayList<>();
              for (JsonNode h : hooks) {
                if (!h.path("delivery_url").asText("").endsWith(Woo.WEBHOOK_PATH)) {
                  continue;
                }
                String status = h.path("status").asText("unknown").toLowerCase(Locale.ROOT);
                String topic = h.path("topic").asText("?");
                ours.add(topic + ": " + status);
                if (!status.equals("active")) {
                  stopped.add(topic + " (" + status + ")");
                }
              }
              String summary =
                  ours.isEmpty() ? "none pointing at Waybill" : String.join(", ", ours);
              Uni<Void> report = sweeps.webhooks(c.id(), summary);
              if (!stopped.isEmpty() || ours.isEmpty()) {
                metrics.counter("waybill.connectors.woocommerce.webhooks_stopped").increment();
                String error =
                    ours.isEmpty()
                        ? "The site has no webhook delivering to Waybill; orders arrive only with"
                            + " the sweep"
                        : "WooCommerce stopped delivering webhooks "
                            + String.join(", ", stopped)
                            + "; set them Active again under WooCommerce > Settings > Advanced >"
                            + " Webhooks";
                report = report.call(() -> connections.failed(c.id(), error));
              }
              return report;
            })
        .onFailure(WooException.class)
        .recoverWithUni(
            e ->
                sweeps.webhooks(
                    c.id(),
                    "unknown: the key cannot read the site's webhooks (" + e.getMessage() + ")"));
  }

  private Uni<Void> failed(Connection c, WooException e) {
    metrics
        .counter(
            "waybill.connectors.woocommerce.sweep_errors",
            "kind",
            e.kind().name().toLowerCase(Locale.ROOT))
        .increment();
    Duration wait =
        switch (e.kind()) {
          case AUTH, MALFORMED -> config.sweepInterval();
          case RATE_LIMITED, UNAVAILABLE ->
              e.retryAfter() != null ? e.retryAfter() : Duration.ofMinutes(1);
        };
    Uni<Void> recorded = sweeps.failed(c.id(), e.getMessage(), wait);
    return e.kind() == WooException.Kind.AUTH
        ? recorded.call(() -> connections.failed(c.id(), "sweep: " + e.getMessage()))
        : recorded;
  }
}
