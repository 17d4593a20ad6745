package dev.waybill.insights.promises;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * The scheduled rebuild's calibration, on a model that knows every delivery made so far: the
   * deliveries made since the slice began are taken out, so that the model is as it was then; it
   * predicts the slice's parcels, the levels are fitted, and the deliveries are put back. The model
   * is left as it was found, its own levels untouched; the backtest replays rebuilds with this very
   * method.
   *
   * @param model every delivery known now
   * @param deliveredSinceSliceStart the deliveries of {@code model} made on or after the slice's
   *     first day
   * @param minSamples below this many answered parcels the nominal levels are returned
   */
  public static Calibration refit(
      PromiseModel model, List<Sample> deliveredSinceSliceStart, Slice slice, int minSamples) {
    List<Sample> held = new ArrayList<>();
    for (Sample s : deliveredSinceSliceStart) {
      model.remove(s);
      if (slice.contains(s.shipDate())) {
        held.add(s);
      }
    }
    try {
      return fit(model, held, minSamples);
    } finally {
      for (Sample s : deliveredSinceSliceStart) {
        model.add(s);
      }
    }
  }

  /**
   * One held-out parcel: the histogram it was predicted from, when it really arrived (in business
   * days after pickup; beyond {@link TransitHistogram#MAX_DAYS} while it is still travelling), its
   * weight, and the most days whose date has passed (a promise of more days is not decided yet).
   */
  private record Scored(
      int histogram, int firstCovering, int lastNotAfter, double weight, int horizon) {

    /** Whether it was handed over in the window (not one of last year's parcels carried in). */
    boolean recent() {
      return horizon < NOT_YET;
    }
  }

  /**
   * Levels per season, chosen by the season of a prediction's pickup day: the peak's histograms are
   * last year's peak, and the levels that correct them are learned on peak parcels.
   */
  public record Seasonal(Calibration normal, Calibration peak) {

    public static final Seasonal NOMINAL = new Seasonal(Calibration.NOMINAL, Calibration.NOMINAL);

    public Calibration of(Season season) {
      return season == Season.PEAK ? peak : normal;
    }
  }

  /** Past every day a histogram answers: a parcel still travelling arrives after any of them. */
  private static final int NOT_YET = TransitHistogram.MAX_DAYS + 1;

  /**
   * The recent window the levels are refitted on after every rebuild.
   *
   * @param days shipments handed over in the last {@code days} days are scored
   * @param halfLifeDays a shipment handed over this many days before another weighs half as much
   * @param minSamples decided parcels needed at every level; below it the nominal levels are used
   * @param gain the step γ of the online correction: after each business day of decided parcels a
   *     level moves by γ times how far that day's miss rate was from the nominal one (see {@link
   *     #correct})
   */
  public record Window(int days, double halfLifeDays, int minSamples, double gain) {

    /** The product's default step: a level catches up with a shift in about three business days. */
    public static final double DEFAULT_GAIN = 0.3;

    public Window(int days, double halfLifeDays, int minSamples) {
      this(days, halfLifeDays, minSamples, DEFAULT_GAIN);
    }
  }

  /**
   * Online recalibration from the latest parcels, the way adaptive conformal inference keeps its
   * coverage through a shift: every parcel handed over in the window, delivered or still
   * travelling, is matched to the histogram the model would have answered it from when the window
   * began (the deliveries made since taken out), and read at today's counts, which are the counts
   * promises are made from; each level is then moved until the recency-weighted share it covers is
   * the nominal one. A parcel counts for a date once that date has passed, so the newest parcels
   * teach the likely date within days and the safe date a little later, and parcels still on their
   * way count as late rather than being left out (which would make the levels too bold). The model
   * is left as it was found.
   *
   * @param model every delivery known before {@code today}
   * @param deliveredSinceStart the deliveries of {@code model} made on or after the window's first
   *     day
   * @param travelling shipments handed over in the window and not delivered before {@code today};
   *     their delivery date is not read
   * @param lastYear last year's parcels handed over in the {@code window.days()} days starting a
   *     year before {@code today}
   * @param today the first day nothing is known about
   */
  public static Seasonal adapt(
      PromiseModel model,
      List<Sample> deliveredSinceStart,
      List<Sample> travelling,
      List<Sample> lastYear,
      LocalDate today,
      Window window) {
    LocalDate start = today.minusDays(window.days());
    Map<TransitHistogram, Integer> ids = new IdentityHashMap<>();
    List<TransitHistogram> histograms = new ArrayList<>();
    List<Scored> scored = new ArrayList<>();
    List<Season> seasons = new ArrayList<>();
    // Last year's parcels of the coming weeks, predicted by the model that knows them: they carry
    // the season's pattern forward, as much as the window's oldest parcels weigh, so that the
    // window takes over as soon as it has the season's own parcels.
    double carried = Math.pow(0.5, window.days() / window.halfLifeDays());
    for (Sample s : lastYear) {
      PromiseModel.Basis b = model.basis(query(s));
      if (b != null) {
        Scored at = score(id(b.histogram(), ids, histograms), b, s.deliveryDate());
        scored.add(
            new Scored(at.histogram(), at.firstCovering(), at.lastNotAfter(), carried, NOT_YET));
        seasons.add(s.season());
      }
    }
    for (Sample s : deliveredSinceStart) {
      model.remove(s);
    }
    try {
      for (Sample s : deliveredSinceStart) {
        if (!s.shipDate().isBefore(start)) {
          scoreRecent(model, s, true, today, window, ids, histograms, scored, seasons);
        }
      }
      for (Sample s : travelling) {
        if (!s.shipDate().isBefore(start) && s.shipDate().isBefore(today)) {
          scoreRecent(model, s, false, today, window, ids, histograms, scored, seasons);
        }
      }
    } finally {
      for (Sample s : deliveredSinceStart) {
        model.add(s);
      }
    }
    Calibration pooled =
        correct(histograms, scored, fit(histograms, scored, window.minSamples(), true), window);
    Calibration[] bySeason = new Calibration[Season.values().length];
    for (Season season : Season.values()) {
      List<Scored> mine = new ArrayList<>();
      for (int i = 0; i < scored.size(); i++) {
        if (seasons.get(i) == season) {
          mine.add(scored.get(i));
        }
      }
      Calibration c = fit(histograms, mine, window.minSamples(), true);
      bySeason[season.ordinal()] = c.samples() == 0 ? pooled : correct(histograms, mine, c, window);
    }
    return new Seasonal(bySeason[Season.NORMAL.ordinal()], bySeason[Season.PEAK.ordinal()]);
  }

  private static void scoreRecent(
      PromiseModel prior,
      Sample s,
      boolean delivered,
      LocalDate today,
      Window window,
      Map<TransitHistogram, Integer> ids,
      List<TransitHistogram> histograms,
      List<Scored> scored,
      List<Season> seasons) {
    PromiseModel.Basis b = prior.basis(query(s));
    if (b == null) {
      return;
    }
    int id = id(b.histogram(), ids, histograms);
    double age = java.time.temporal.ChronoUnit.DAYS.between(s.shipDate(), today);
    double weight = Math.pow(0.5, age / window.halfLifeDays());
    int horizon = horizon(b, today);
    if (delivered) {
      Scored at = score(id, b, s.deliveryDate());
      scored.add(new Scored(id, at.firstCovering(), at.lastNotAfter(), weight, horizon));
    } else {
      scored.add(new Scored(id, NOT_YET, NOT_YET, weight, horizon));
    }
    seasons.add(s.season());
  }

  /** The most business days after pickup whose date is before {@code today}; -1 when none. */
  private static int horizon(PromiseModel.Basis b, LocalDate today) {
    if (!b.pickup().isBefore(today)) {
      return -1;
    }
    int d = 0;
    LocalDate date = b.pickup();
    while (d < NOT_YET) {
      LocalDate next = BusinessCalendar.plusBusinessDays(b.country(), date, 1);
      if (!next.isBefore(today)) {
        break;
      }
      date = next;
      d++;
    }
    return d;
  }

  private static PromiseModel.Query query(Sample s) {
    return new PromiseModel.Query(
        s.carrier(),
        s.service(),
        s.originRegion(),
        s.destinationRegion(),
        s.destinationCountry(),
        s.shipDate(),
        0);
  }

  private static int id(
      TransitHistogram h, Map<TransitHistogram, Integer> ids, List<TransitHistogram> histograms) {
    Integer id = ids.get(h);
    if (id == null) {
      id = histograms.size();
      ids.put(h, id);
      histograms.add(h);
    }
    return id;
  }

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
      PromiseModel.Basis b = prior.basis(query(s));
      if (b != null) {
        Scored at = score(id(b.histogram(), ids, histograms), b, s.deliveryDate());
        scored.add(new Scored(at.histogram(), at.firstCovering(), at.lastNotAfter(), 1, NOT_YET));
      }
    }
    return fit(histograms, scored, minSamples, false);
  }

  // The highest level searched for each date; the parcels a level is fitted on are those whose
  // date at this level has passed, so that whether they are covered is known.
  private static final double CAP_P10 = 0.50;
  private static final double CAP_P50 = 0.90;
  private static final double CAP_P90 = 0.995;
  private static final double CAP_P95 = 0.995;

  private static Calibration fit(
      List<TransitHistogram> histograms, List<Scored> all, int minSamples, boolean capped) {
    List<Scored> s10 = decided(histograms, all, Quantile.LOWER, capped ? CAP_P10 : 1);
    List<Scored> s50 = decided(histograms, all, Quantile.NEAREST, capped ? CAP_P50 : 1);
    List<Scored> s90 = decided(histograms, all, Quantile.NEAREST, capped ? CAP_P90 : 1);
    List<Scored> s95 = decided(histograms, all, Quantile.AT_LEAST, capped ? CAP_P95 : 1);
    int fewest = Math.min(Math.min(s10.size(), s50.size()), Math.min(s90.size(), s95.size()));
    if (fewest == 0 || fewest < minSamples) {
      return NOMINAL;
    }
    int h = histograms.size();
    // The likely date first; the window's last day and the safe date may not fall before it, nor
    // its first day after it, just as the model floors and caps them.
    int[] p50 = new int[h];
    double l50 =
        search(
            histograms,
            s50,
            0.50,
            0.50,
            Quantile.NEAREST,
            capped ? CAP_P50 : 1,
            p50,
            (s, d) -> d,
            (s, d) -> d >= s.firstCovering());
    int[] p10 = new int[h];
    double l10 =
        search(
            histograms,
            s10,
            0.10,
            0.10,
            Quantile.LOWER,
            capped ? CAP_P10 : 1,
            p10,
            (s, d) -> Math.min(d, p50[s.histogram()]),
            (s, d) -> Math.min(d, p50[s.histogram()]) > s.lastNotAfter());
    // The window's last day is fitted to the window's coverage, not to its own tail: on lanes
    // where nobody arrives early, whole days leave less than 10% before the window, and the 80%
    // inside are then reached with a shorter window at the late end.
    int[] p90 = new int[h];
    double l90 =
        search(
            histograms,
            s90,
            0.80,
            0.90,
            Quantile.NEAREST,
            capped ? CAP_P90 : 1,
            p90,
            (s, d) -> Math.max(d, p50[s.histogram()]),
            (s, d) -> {
              int k = s.histogram();
              return Math.min(p10[k], p50[k]) <= s.lastNotAfter()
                  && Math.max(d, p50[k]) >= s.firstCovering();
            });
    int[] p95 = new int[h];
    double l95 =
        search(
            histograms,
            s95,
            0.95,
            0.95,
            Quantile.AT_LEAST,
            capped ? CAP_P95 : 1,
            p95,
            (s, d) -> Math.max(d, Math.max(p90[s.histogram()], p50[s.histogram()])),
            (s, d) ->
                Math.max(d, Math.max(p90[s.histogram()], p50[s.histogram()])) >= s.firstCovering());
    return new Calibration(l10, l50, l90, l95, s50.size());
  }

  /** Business days of decided parcels the correction walks, oldest first. */
  private static final int CORRECTION_DAYS = 25;

  /** Fewest decided parcels a step of the correction is judged on; smaller days are pooled. */
  static final int CORRECTION_MIN_PARCELS = 50;

  /**
   * Adaptive conformal inference (Gibbs and Candès, 2021) on top of the weighted fit. The fit
   * weighs the whole window, so right after a shift the older parcels still hold the levels back;
   * the correction walks the window's parcels in the order their dates passed (business days ago,
   * oldest first) and, for each level, moves it after every day by {@code γ·(miss − nominal miss)}
   * measured at the level it has reached, α<sub>t+1</sub> = α<sub>t</sub> + γ(err<sub>t</sub> − α).
   * Under a steady carrier the fitted level already misses at the nominal rate and the correction
   * stays near zero; after a step shift it keeps growing until the latest days are covered again,
   * whatever the weight of the days before. Days with fewer than {@value #CORRECTION_MIN_PARCELS}
   * decided parcels are pooled with the next so that a quiet store's noise does not move the
   * levels. Last year's parcels carried into the window take no part.
   */
  static Calibration correct(
      List<TransitHistogram> histograms, List<Scored> all, Calibration fitted, Window window) {
    if (fitted.samples() == 0 || window.gain() <= 0) {
      return fitted;
    }
    List<Scored> recent = new ArrayList<>();
    for (Scored s : all) {
      if (s.recent()) {
        recent.add(s);
      }
    }
    double gain = window.gain();
    double a10 = fitted.p10();
    double a50 = fitted.p50();
    double a90 = fitted.p90();
    double a95 = fitted.p95();
    double[] miss = new double[4];
    double[] total = new double[4];
    int[][] days = new int[histograms.size()][];
    for (int ago = CORRECTION_DAYS; ago >= 0; ago--) {
      Calibration at = new Calibration(a10, a50, a90, a95, fitted.samples());
      Arrays.fill(days, null);
      for (Scored s : recent) {
        int k = s.histogram();
        if (days[k] == null) {
          days[k] = PromiseModel.days(histograms.get(k), 0, at);
        }
        int[] d = days[k];
        // Each date counts on the business day it passed; the window's first day with its last.
        if (s.horizon() - d[1] == ago) {
          total[1]++;
          miss[1] += d[1] >= s.firstCovering() ? 0 : 1;
        }
        if (s.horizon() - d[2] == ago) {
          total[0]++;
          miss[0] += d[0] > s.lastNotAfter() ? 1 : 0;
          total[2]++;
          boolean inside = d[0] <= s.lastNotAfter() && d[2] >= s.firstCovering();
          miss[2] += inside ? 0 : 1;
        }
        if (s.horizon() - d[3] == ago) {
          total[3]++;
          miss[3] += d[3] >= s.firstCovering() ? 0 : 1;
        }
      }
      if (fewest(total) < CORRECTION_MIN_PARCELS && ago > 0) {
        continue;
      }
      // p10 "misses" when a parcel arrives before the window: more of those lower the level.
      if (total[0] > 0) {
        a10 = clamp(a10 + gain * (0.10 - miss[0] / total[0]), CAP_P10);
      }
      if (total[1] > 0) {
        a50 = clamp(a50 + gain * (miss[1] / total[1] - 0.50), CAP_P50);
      }
      if (total[2] > 0) {
        a90 = clamp(a90 + gain * (miss[2] / total[2] - 0.20), CAP_P90);
      }
      if (total[3] > 0) {
        a95 = clamp(a95 + gain * (miss[3] / total[3] - 0.05), CAP_P95);
      }
      Arrays.fill(miss, 0);
      Arrays.fill(total, 0);
    }
    Calibration walked =
        new Calibration(
            grid(a10), grid(a50), Math.max(grid(a90), grid(a50)), grid(a95), fitted.samples());
    // Whole days make a level's coverage jump: under a steady carrier the walk keeps crossing the
    // day boundary nearest the nominal share, and where it stops is chance. Each level therefore
    // keeps the fitted value unless the walked one covers the latest days better.
    double[] fromFit = recentGaps(histograms, recent, fitted);
    double[] fromWalk = recentGaps(histograms, recent, walked);
    return new Calibration(
        fromWalk[0] < fromFit[0] - 1e-9 ? walked.p10() : fitted.p10(),
        fromWalk[1] < fromFit[1] - 1e-9 ? walked.p50() : fitted.p50(),
        fromWalk[2] < fromFit[2] - 1e-9 ? walked.p90() : fitted.p90(),
        fromWalk[3] < fromFit[3] - 1e-9 ? walked.p95() : fitted.p95(),
        fitted.samples());
  }

  /** Business days of decided parcels that judge the walked levels against the fitted ones. */
  private static final int LATEST_DAYS = 5;

  /**
   * How far each level's coverage is from its nominal share on the parcels whose date passed in the
   * last {@value #LATEST_DAYS} business days: share before the window, share by the likely date,
   * share inside the window, share by the safe date.
   */
  private static double[] recentGaps(
      List<TransitHistogram> histograms, List<Scored> recent, Calibration at) {
    double[] hit = new double[4];
    double[] total = new double[4];
    int[][] days = new int[histograms.size()][];
    for (Scored s : recent) {
      int k = s.histogram();
      if (days[k] == null) {
        days[k] = PromiseModel.days(histograms.get(k), 0, at);
      }
      int[] d = days[k];
      if (s.horizon() - d[1] >= 0 && s.horizon() - d[1] < LATEST_DAYS) {
        total[1]++;
        hit[1] += d[1] >= s.firstCovering() ? 1 : 0;
      }
      if (s.horizon() - d[2] >= 0 && s.horizon() - d[2] < LATEST_DAYS) {
        total[0]++;
        hit[0] += d[0] > s.lastNotAfter() ? 1 : 0;
        total[2]++;
        hit[2] += d[0] <= s.lastNotAfter() && d[2] >= s.firstCovering() ? 1 : 0;
      }
      if (s.horizon() - d[3] >= 0 && s.horizon() - d[3] < LATEST_DAYS) {
        total[3]++;
        hit[3] += d[3] >= s.firstCovering() ? 1 : 0;
      }
    }
    double[] nominal = {0.10, 0.50, 0.80, 0.95};
    double[] gaps = new double[4];
    for (int i = 0; i < 4; i++) {
      gaps[i] = total[i] == 0 ? 0 : Math.abs(hit[i] / total[i] - nominal[i]);
    }
    return gaps;
  }

  /** Decided parcels behind the step's least-informed level. */
  private static double fewest(double[] total) {
    return Math.min(Math.min(total[0], total[1]), Math.min(total[2], total[3]));
  }

  private static double clamp(double level, double cap) {
    return Math.max(STEP, Math.min(cap, level));
  }

  private static double grid(double level) {
    return Math.round(level / STEP) * STEP;
  }

  /** The parcels whose date, at any level up to {@code cap}, has already passed. */
  private static List<Scored> decided(
      List<TransitHistogram> histograms, List<Scored> all, Quantile quantile, double cap) {
    if (cap >= 1) {
      return all;
    }
    int[] last = new int[histograms.size()];
    for (int k = 0; k < last.length; k++) {
      last[k] = quantile.day(histograms.get(k), cap);
    }
    List<Scored> out = new ArrayList<>();
    for (Scored s : all) {
      if (last[s.histogram()] <= s.horizon()) {
        out.add(s);
      }
    }
    return out;
  }

  /** Whether a held-out parcel is covered when its histogram's answer is {@code day}. */
  private interface Covers {
    boolean test(Scored s, int day);
  }

  /** The last business day after pickup that has to have passed for a parcel to be decided. */
  private interface Decides {
    int lastDay(Scored s, int day);
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
      double cap,
      int[] chosen,
      Decides decides,
      Covers covers) {
    int h = histograms.size();
    int[] days = new int[h];
    double best = nominal;
    double bestGap = Double.MAX_VALUE;
    int steps = (int) Math.round(Math.min(1, cap) / STEP);
    if (cap >= 1) {
      steps--;
    }
    for (int i = 1; i <= steps; i++) {
      double level = i * STEP;
      for (int k = 0; k < h; k++) {
        days[k] = quantile.day(histograms.get(k), level);
      }
      // Each level is judged on the parcels whose date at that level has passed: the newest
      // parcels already tell on the early dates.
      double covered = 0;
      double total = 0;
      for (Scored s : scored) {
        int d = days[s.histogram()];
        if (decides.lastDay(s, d) > s.horizon()) {
          continue;
        }
        total += s.weight();
        if (covers.test(s, d)) {
          covered += s.weight();
        }
      }
      if (total == 0) {
        continue;
      }
      double gap = Math.abs(covered / total - target);
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
    return new Scored(histogram, d, last, 1, NOT_YET);
  }
}
