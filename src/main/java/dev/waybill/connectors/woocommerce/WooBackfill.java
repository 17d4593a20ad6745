package dev.waybill.connectors.woocommerce;

import dev.waybill.connectors.Connection;
import dev.waybill.connectors.Connection.BackfillState;
import dev.waybill.connectors.Connections;
import dev.waybill.platform.config.WorkersOnly;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The import of a newly connected site's recent orders, over the same REST listing as the sweep:
 * the orders modified since the connection's backfill start, oldest change first, page by page. The
 * page reached is the stored cursor, so a restart resumes there; orders already applied change
 * nothing, so the import can be run again safely. The scheduled method only leases one connection
 * ({@code FOR UPDATE SKIP LOCKED}) and delegates.
 */
@ApplicationScoped
public class WooBackfill {

  private final Connections connections;
  private final WooSweeps sweeps;
  private final WooSweep sweep;
  private final WooConfig config;

  public WooBackfill(Connections connections, WooSweeps sweeps, WooSweep sweep, WooConfig config) {
    this.connections = connections;
    this.sweeps = sweeps;
    this.sweep = sweep;
    this.config = config;
  }

  @Scheduled(
      every = "${waybill.connectors.woocommerce.tick:30s}",
      delayed = "10s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = WorkersOnly.class)
  Uni<Void> tick() {
    return run()
        .onFailure()
        .recoverWithItem(
            e -> {
              Log.warnf("WooCommerce import failed: %s", e.toString());
              return null;
            });
  }

  /** Imports for every connection whose import is due, one lease at a time. Visible for tests. */
  public Uni<Void> run() {
    return connections
        .claimBackfill(Woo.KIND, config.lease())
        .chain(c -> c == null ? Uni.createFrom().voidItem() : step(c).chain(this::run));
  }

  private Uni<Void> step(Connection c) {
    if (c.backfill().since() == null) {
      return connections.backfillEnded(c.id(), BackfillState.DONE, null);
    }
    int page = page(c.backfill().cursor());
    return pages(c, page, 0)
        .onFailure(WooException.class)
        .recoverWithUni(
            e -> {
              WooException w = (WooException) e;
              if (w.kind() == WooException.Kind.AUTH) {
                return connections.backfillEnded(
                    c.id(), BackfillState.FAILED, "import: " + w.getMessage());
              }
              Duration wait = w.retryAfter() != null ? w.retryAfter() : Duration.ofMinutes(1);
              return connections.backfillRetry(c.id(), "import: " + w.getMessage(), wait);
            });
  }

  private Uni<Void> pages(Connection c, int page, int read) {
    if (read >= Math.max(1, config.pagesPerStep())) {
      // Handed back so other sites' imports and sweeps get their turn; resumed at once.
      return connections.backfillRetry(c.id(), null, Duration.ZERO);
    }
    return sweeps
        .orders(c, c.backfill().since(), page)
        .chain(
            p ->
                sweep
                    .applyAll(c, p.items())
                    .chain(
                        applied ->
                            connections.backfillPage(
                                c.id(), Integer.toString(page + 1), applied, config.lease()))
                    .chain(
                        () ->
                            p.last()
                                ? connections.backfillEnded(c.id(), BackfillState.DONE, null)
                                : pages(c, page + 1, read + 1)));
  }

  private static int page(String cursor) {
    if (cursor == null) {
      return 1;
    }
    try {
      return Math.max(1, Integer.parseInt(cursor));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
