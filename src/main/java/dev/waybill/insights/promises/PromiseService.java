package dev.waybill.insights.promises;

import dev.waybill.carriers.CarrierDirectory;
import dev.waybill.insights.promises.PromiseViews.EstimateChange;
import dev.waybill.insights.promises.PromiseViews.EstimateHistory;
import dev.waybill.insights.promises.PromiseViews.ImportResult;
import dev.waybill.insights.promises.PromiseViews.Option;
import dev.waybill.insights.promises.PromiseViews.Promises;
import dev.waybill.insights.promises.PromiseViews.Published;
import dev.waybill.insights.promises.PromiseViews.Rebuild;
import dev.waybill.insights.promises.PromiseViews.RowProblem;
import dev.waybill.insights.promises.PromiseViews.TransitDays;
import dev.waybill.platform.errors.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Pre-purchase promises, history import, rebuilds and the audit of shipments' estimates. */
@ApplicationScoped
public class PromiseService {

  private static final int IMPORT_BATCH = 1_000;

  private final PromiseLookups lookups;
  private final DeliveryHistory history;
  private final RollupFolder folder;
  private final PromiseCalibrator calibrator;
  private final PromiseModels models;
  private final PromisesConfig config;
  private final CarrierDirectory carriers;
  private final Pool pool;
  private final Counter imported;
  private final Counter rejected;
  private final java.time.Clock clock;

  public PromiseService(
      PromiseLookups lookups,
      DeliveryHistory history,
      RollupFolder folder,
      PromiseCalibrator calibrator,
      PromiseModels models,
      PromisesConfig config,
      CarrierDirectory carriers,
      Pool pool,
      MeterRegistry metrics,
      java.time.Clock clock) {
    this.clock = clock;
    this.lookups = lookups;
    this.history = history;
    this.folder = folder;
    this.calibrator = calibrator;
    this.models = models;
    this.config = config;
    this.carriers = carriers;
    this.pool = pool;
    this.imported = metrics.counter("waybill.promises.history.rows", "outcome", "imported");
    this.rejected = metrics.counter("waybill.promises.history.rows", "outcome", "rejected");
  }

  /** For each carrier and service the store uses: the dates for an order placed at {@code now}. */
  public Uni<Promises> promises(UUID storeId, String postalCode, String country, Instant now) {
    String c = country == null ? null : country.trim().toUpperCase(Locale.ROOT);
    if (c == null || !c.matches("[A-Z]{2}")) {
      throw new Problems.Invalid("country", "must be a two-letter country code such as DE");
    }
    String postal = postalCode == null || postalCode.isBlank() ? null : postalCode.trim();
    if (postal != null && postal.length() > 20) {
      throw new Problems.Invalid("destinationPostalCode", "must be at most 20 characters");
    }
    String region = Regions.of(c, postal, null);
    return lookups
        .fulfilment(storeId)
        .chain(
            f ->
                models
                    .get(storeId)
                    .map(
                        loaded -> {
                          ZonedDateTime placed = now.atZone(f.zone());
                          List<Option> options = new ArrayList<>();
                          LocalDate firstHandover = null;
                          for (CarrierService s : loaded.services()) {
                            String from = s.originCountry() == null ? c : s.originCountry();
                            LocalDate handover =
                                Handover.of(placed, f.cutoff(), f.processingDays(), from);
                            firstHandover = firstHandover == null ? handover : firstHandover;
                            Prediction p =
                                loaded
                                    .model()
                                    .predict(
                                        new PromiseModel.Query(
                                            s.carrier(),
                                            s.service(),
                                            s.originRegion(),
                                            region,
                                            c,
                                            handover,
                                            0));
                            if (p != null) {
                              options.add(option(s, p));
                            }
                          }
                          options.sort(
                              java.util.Comparator.comparing(Option::likely)
                                  .thenComparing(Option::carrier));
                          return new Promises(
                              c,
                              postal,
                              region,
                              placed.toOffsetDateTime(),
                              firstHandover,
                              orderBy(placed, f),
                              options);
                        }));
  }

  private Option option(CarrierService s, Prediction p) {
    return new Option(
        s.carrier(),
        carriers.info(s.carrier()).name(),
        s.service().isEmpty() ? null : s.service(),
        p.likely(),
        p.earliest(),
        p.latest(),
        p.safe(),
        new TransitDays(p.p10Days(), p.p50Days(), p.p90Days(), p.p95Days()),
        PromiseViews.Basis.of(p),
        s.publishedMinDays() == null && s.publishedMaxDays() == null
            ? null
            : new Published(s.publishedMinDays(), s.publishedMaxDays()));
  }

  /** Today's cut-off while it is still ahead, so a storefront can say "order within 2 h". */
  private static OffsetDateTime orderBy(ZonedDateTime placed, Fulfilment f) {
    ZonedDateTime cutoff = placed.with(f.cutoff());
    return placed.isBefore(cutoff) ? cutoff.toOffsetDateTime() : null;
  }

  /**
   * Reads a CSV file into the history: bad rows are reported by line number and skipped, rows
   * already imported are counted as duplicates, and the rollups are brought up to date.
   */
  public Uni<ImportResult> importCsv(UUID storeId, String csv) {
    return Uni.createFrom()
        .item(() -> parse(csv))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .chain(
            parsed -> {
              Uni<Long> added = Uni.createFrom().item(0L);
              for (int i = 0; i < parsed.rows().size(); i += IMPORT_BATCH) {
                List<HistoryRow> batch =
                    parsed.rows().subList(i, Math.min(parsed.rows().size(), i + IMPORT_BATCH));
                added = added.chain(n -> history.add(storeId, "import", batch).map(m -> n + m));
              }
              return added.chain(
                  n ->
                      rebuild(storeId)
                          .map(
                              rebuild -> {
                                imported.increment(n);
                                rejected.increment(parsed.errors().size());
                                Log.infof(
                                    "Imported %d deliveries for store %s (%d duplicates, %d"
                                        + " rejected)",
                                    n, storeId, parsed.rows().size() - n, parsed.errors().size());
                                return new ImportResult(
                                    parsed.total(),
                                    n,
                                    parsed.rows().size() - n,
                                    parsed.errors().size(),
                                    parsed.errors().stream()
                                        .limit(config.maxReportedErrors())
                                        .map(e -> new RowProblem(e.line(), e.message()))
                                        .toList(),
                                    rebuild);
                              }));
            });
  }

  private record Parsed(long total, List<HistoryRow> rows, List<HistoryCsv.RowError> errors) {}

  private static Parsed parse(String csv) {
    List<HistoryRow> rows = new ArrayList<>();
    List<HistoryCsv.RowError> errors = new ArrayList<>();
    try {
      long total = HistoryCsv.read(new StringReader(csv), rows::add, errors::add);
      return new Parsed(total, rows, errors);
    } catch (HistoryCsv.BadFile e) {
      throw new Problems.Invalid("file", e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Folds new deliveries into the store's rollups, recalibrates its quantile levels and reloads its
   * model on this pod.
   */
  public Uni<Rebuild> rebuild(UUID storeId) {
    return folder
        .rebuild(storeId)
        .chain(
            r ->
                calibrator
                    .calibrate(
                        storeId,
                        config.minSamples(),
                        new Calibration.Window(
                            config.calibrationDays(),
                            config.calibrationHalfLife().toHours() / 24.0,
                            config.calibrationMinSamples(),
                            config.calibrationGain()))
                    .map(
                        c -> {
                          // The levels promises are read at today.
                          Calibration now = c.of(Season.of(LocalDate.now(clock)));
                          return new Rebuild(
                              r.shipmentsAdded(),
                              r.deliveriesFolded(),
                              new PromiseViews.Levels(
                                  now.p10(), now.p50(), now.p90(), now.p95(), now.samples()));
                        }))
        .invoke(() -> models.invalidate(storeId));
  }

  /** Every change of a shipment's estimate, oldest first. */
  public Uni<EstimateHistory> history(UUID storeId, UUID shipmentId) {
    return pool.preparedQuery(
            """
        SELECT 1
        FROM shipments
        WHERE id = $1 AND store_id = $2
        """)
        .execute(Tuple.of(shipmentId, storeId))
        .chain(
            found -> {
              if (found.size() == 0) {
                throw new Problems.NotFound("No shipment " + shipmentId + " in this store");
              }
              return pool.preparedQuery(
                      """
                          SELECT computed_at, status, likely, earliest, latest, safe,
                              carrier_estimate, level, confidence, samples
                          FROM shipment_estimate_changes
                          WHERE shipment_id = $1
                          ORDER BY computed_at, id
                          """)
                  .execute(Tuple.of(shipmentId));
            })
        .map(
            rows -> {
              List<EstimateChange> changes = new ArrayList<>();
              for (Row r : rows) {
                changes.add(
                    new EstimateChange(
                        r.getOffsetDateTime("computed_at"),
                        r.getString("status"),
                        r.getLocalDate("likely"),
                        r.getLocalDate("earliest"),
                        r.getLocalDate("latest"),
                        r.getLocalDate("safe"),
                        r.getLocalDate("carrier_estimate"),
                        r.getString("level"),
                        Confidence.valueOf(r.getString("confidence")),
                        r.getInteger("samples")));
              }
              return new EstimateHistory(shipmentId, changes);
            });
  }

  /** The store's current levels per season, as the last rebuild recalibrated them. */
  public Uni<List<PromiseViews.CalibrationState>> calibrations(UUID storeId) {
    return pool.preparedQuery(
            """
            SELECT season, p10_level, p50_level, p90_level, p95_level, samples, window_start,
                window_end, calibrated_at
            FROM promise_calibrations
            WHERE store_id = $1
            ORDER BY season
            """)
        .execute(Tuple.of(storeId))
        .map(
            rows -> {
              List<PromiseViews.CalibrationState> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new PromiseViews.CalibrationState(
                        Season.valueOf(r.getString("season")),
                        r.getDouble("p10_level"),
                        r.getDouble("p50_level"),
                        r.getDouble("p90_level"),
                        r.getDouble("p95_level"),
                        r.getLong("samples"),
                        r.getLocalDate("window_start"),
                        r.getLocalDate("window_end"),
                        r.getOffsetDateTime("calibrated_at")));
              }
              return out;
            });
  }
}
