package dev.waybill.insights.promises;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quantile levels the model reads its dates at. Transit times are whole business days, so a
 * lane's distribution jumps from day to day and the day "nearest the 50th percentile" covers
 * whatever share that day happens to reach, on most lanes more than half. Across a store's many
 * lanes these overshoots add up to a systematic bias, which is measured and corrected the way split
 * conformal prediction does: the model is fitted without a recent slice of the history, predicts
 * that slice, and each level is moved until the share of the slice's parcels it covers is the
 * nominal one. The levels found are stored with the model and used for every prediction made from
 * it, before purchase and after.
 *
 * @param p10 level of the window's first day: the nominal share of parcels arriving before it is
 *     10%
 * @param p50 level of the likely date (nominal: half arrive on or before it)
 * @param p90 level of the window's last day (nominal: 90% on or before it)
 * @param p95 level of the safe date (nominal: 95% on or before it)
 * @param samples parcels of the held-out slice the levels were fitted on; 0 for the nominal levels
 */
public record Calibration(double p10, double p50, double p90, double p95, long samples) {

  /** Uncalibrated: the levels are the nominal shares. */
  public static final Calibration NOMINAL = new Calibration(0.10, 0.50, 0.90, 0.95, 0);

  /** Levels are searched on this grid; finer steps change no whole-day answer that matters. */
  static final double STEP = 0.005;

  /**
   * The held-out slice: parcels shipped in [{@code start}, {@code end}). The model it is scored
   * against knows only deliveries made before {@code start}.
   */
  public record Slice(LocalDate start, LocalDate end) {

    /**
     * The {@code days} days of shipments ending {@code settleDays} before the day after the newest
     * delivery known: recent parcels are left out because their slow ones have not arrived yet, and
     * a slice of only the fast ones would pull every level down.
     */
    public static Slice before(LocalDate newestDelivery, int days, int settleDays) {
      LocalDate end = newestDelivery.plusDays(1).minusDays(settleDays);
      return new Slice(end.minusDays(days), end);
    }

    public boolean contains(LocalDate shipDate) {
      return !shipDate.isBefore(start) && shipDate.isBefore(end);
    }
  }

  /** One held-out parcel: the histogram it was predicted from and when it really arrived. */
  private record Scored(int histogram, int firstCovering, int lastNotAfter) {}

  /**
   * Fits the levels on held-out parcels.
   *
   * @param prior the model as it was before the slice's first shipment
   * @param slice the held-out parcels, predicted at handover
   * @param minSamples below this many answered parcels the nominal levels are returned
   */
  public static Calibration fit(PromiseModel prior, Iterable<Sample> slice, int minSamples) {
    Map<TransitHistogram, Integer> ids = new IdentityHashMap<>();
    List<TransitHistogram> histograms = new ArrayList<>();
    List<Scored> scored = new ArrayList<>();
    for (Sample s : slice) {
      PromiseModel.Basis b =
          prior.basis(
              new PromiseModel.Query(
                  s.carrier(),
                  s.service(),
                  s.originRegion(),
                  s.destinationRegion(),
                  s.destinationCountry(),
                  s.shipDate(),
                  0));
      if (b == null) {
        continue;
      }
      Integer id = ids.get(b.histogram());
      if (id == null) {
        id = histograms.size();
        ids.put(b.histogram(), id);
        histograms.add(b.histogram());
      }
      scored.add(score(id, b, s.deliveryDate()));
    }
    if (scored.isEmpty() || scored.size() < minSamples) {
      return NOMINAL;
    }
    int h = histograms.size();
    // The likely date first; the window's last day and the safe date may not fall before it, nor
    // its first day after it, just as the model floors and caps them.
    int[] p50 = new int[h];
    double l50 =
        search(
            histograms,
            scored,
            0.50,
            0.50,
            Quantile.NEAREST,
            p50,
            (s, d) -> d >= s.firstCovering());
    int[] p10 = new int[h];
    double l10 =
        search(
            histograms,
            scored,
            0.10,
            0.10,
            Quantile.LOWER,
            p10,
            (s, d) -> Math.min(d, p50[s.histogram()]) > s.lastNotAfter());
    // The window's last day is fitted to the window's coverage, not to its own tail: on lanes
    // where nobody arrives early, whole days leave less than 10% before the window, and the 80%
    // inside are then reached with a shorter window at the late end.
    int[] p90 = new int[h];
    double l90 =
        search(
            histograms,
            scored,
            0.80,
            0.90,
            Quantile.NEAREST,
            p90,
            (s, d) -> {
              int k = s.histogram();
              return Math.min(p10[k], p50[k]) <= s.lastNotAfter()
                  && Math.max(d, p50[k]) >= s.firstCovering();
            });
    int[] p95 = new int[h];
    double l95 =
        search(
            histograms,
            scored,
            0.95,
            0.95,
            Quantile.AT_LEAST,
            p95,
            (s, d) ->
                Math.max(d, Math.max(p90[s.histogram()], p50[s.histogram()])) >= s.firstCovering());
    return new Calibration(l10, l50, l90, l95, scored.size());
  }

  /** Whether a held-out parcel is covered when its histogram's answer is {@code day}. */
  private interface Covers {
    boolean test(Scored s, int day);
  }

  private enum Quantile {
    LOWER,
    NEAREST,
    AT_LEAST;

    int day(TransitHistogram h, double level) {
      return switch (this) {
        case LOWER -> h.lowerBound(level, 0);
        case NEAREST -> h.nearest(level, 0);
        case AT_LEAST -> h.atLeastShare(level, 0);
      };
    }
  }

  /**
   * The level whose days cover a share of the slice nearest {@code target}, preferring the level
   * nearest {@code nominal} among equals; leaves each histogram's day at that level in {@code
   * chosen}. The share only grows with the level, so the search is over one dimension.
   */
  private static double search(
      List<TransitHistogram> histograms,
      List<Scored> scored,
      double target,
      double nominal,
      Quantile quantile,
      int[] chosen,
      Covers covers) {
    int h = histograms.size();
    int[] days = new int[h];
    double best = nominal;
    double bestGap = Double.MAX_VALUE;
    int steps = (int) Math.round(1 / STEP);
    for (int i = 1; i < steps; i++) {
      double level = i * STEP;
      for (int k = 0; k < h; k++) {
        days[k] = quantile.day(histograms.get(k), level);
      }
      long covered = 0;
      for (Scored s : scored) {
        if (covers.test(s, days[s.histogram()])) {
          covered++;
        }
      }
      double gap = Math.abs((double) covered / scored.size() - target);
      if (gap < bestGap - 1e-12
          || (Math.abs(gap - bestGap) <= 1e-12
              && Math.abs(level - nominal) < Math.abs(best - nominal))) {
        bestGap = gap;
        best = level;
        System.arraycopy(days, 0, chosen, 0, h);
      }
    }
    return best;
  }

  /**
   * Where the delivery falls on the business days after pickup: the fewest days whose date is on or
   * after it, and the most days whose date is on or before it (equal unless it came on a day the
   * calendar does not count, a Saturday say).
   */
  private static Scored score(int histogram, PromiseModel.Basis b, LocalDate delivered) {
    LocalDate date = b.pickup();
    int d = 0;
    while (date.isBefore(delivered) && d <= TransitHistogram.MAX_DAYS) {
      date = BusinessCalendar.plusBusinessDays(b.country(), date, 1);
      d++;
    }
    int last = date.isAfter(delivered) ? d - 1 : d;
    return new Scored(histogram, d, last);
  }
}
