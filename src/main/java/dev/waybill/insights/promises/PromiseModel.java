package dev.waybill.insights.promises;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Transit-time histograms per lane, season and pickup weekday, at every level of detail, and the
 * predictions made from them. Sparse lanes back off: first to every pickup weekday of the same
 * season, then to the next coarser level (lane, region, country, carrier), and only when the season
 * itself has too little history anywhere, to every season.
 *
 * <p>Pure and not thread-safe while it is being filled; once filled it is only read.
 */
public final class PromiseModel {

  /** What is asked: a lane, the day the parcel is handed over and how long it has travelled. */
  public record Query(
      String carrier,
      String service,
      String originRegion,
      String destinationRegion,
      String destinationCountry,
      LocalDate handover,
      int elapsedDays) {}

  private static final String ANY_SEASON = "ANY";

  /** The history a prediction rests on, before its quantile levels are applied. */
  record Basis(
      TransitHistogram histogram,
      int elapsed,
      String country,
      LocalDate pickup,
      Level level,
      boolean seasonal,
      boolean weekdaySpecific) {}

  private final Map<String, TransitHistogram> histograms = new HashMap<>();
  private final int minSamples;
  private Calibration.Seasonal calibration = Calibration.Seasonal.NOMINAL;

  public PromiseModel(int minSamples) {
    this.minSamples = minSamples;
  }

  public int minSamples() {
    return minSamples;
  }

  public Calibration.Seasonal calibration() {
    return calibration;
  }

  /** Uses these quantile levels in every season from now on (see {@link Calibration}). */
  public PromiseModel calibrated(Calibration calibration) {
    return calibrated(new Calibration.Seasonal(calibration, calibration));
  }

  /** Uses these quantile levels from now on, each season its own. */
  public PromiseModel calibrated(Calibration.Seasonal calibration) {
    this.calibration = calibration;
    return this;
  }

  public void add(Sample s) {
    add(s, 1);
  }

  /** Takes a delivery back out, to see the model as it was before it arrived. */
  public void remove(Sample s) {
    add(s, -1);
  }

  private void add(Sample s, long count) {
    add(
        s.carrier(),
        s.service(),
        s.originRegion(),
        s.destinationRegion(),
        s.destinationCountry(),
        s.season(),
        s.pickupWeekday(),
        s.transitDays(),
        count);
  }

  /** Adds {@code count} deliveries of one rollup cell to every level they belong to. */
  public void add(
      String carrier,
      String service,
      String originRegion,
      String destRegion,
      String country,
      Season season,
      int weekday,
      int days,
      long count) {
    for (Level level : Level.values()) {
      String key = level.key(carrier, service, originRegion, destRegion, country);
      if (key != null) {
        addCell(level, key, season, weekday, days, count);
      }
    }
  }

  /** Adds a stored rollup cell at one level; its coarser aggregates are filled in too. */
  public void addCell(Level level, String key, Season season, int weekday, int days, long count) {
    histogram(level, key, season.name(), weekday).add(days, count);
    histogram(level, key, season.name(), 0).add(days, count);
    histogram(level, key, ANY_SEASON, 0).add(days, count);
  }

  public boolean isEmpty() {
    return histograms.isEmpty();
  }

  /** The prediction, or {@code null} when nothing about this carrier and service is known. */
  public Prediction predict(Query q) {
    Basis b = basis(q);
    return b == null ? null : prediction(b, calibration.of(Season.of(b.pickup())));
  }

  /** The histogram a query is answered from, or {@code null} when nothing is known. */
  Basis basis(Query q) {
    String country = q.destinationCountry();
    LocalDate pickup = BusinessCalendar.onOrAfter(country, q.handover());
    String season = Season.of(pickup).name();
    int weekday = Sample.weekday(pickup);
    int elapsed = Math.max(0, q.elapsedDays());
    TransitHistogram fallback = null;
    Level fallbackLevel = null;
    boolean fallbackSeasonal = false;
    boolean fallbackWeekday = false;
    for (int pass = 0; pass < 2; pass++) {
      for (Level level : Level.values()) {
        String key =
            level.key(q.carrier(), q.service(), q.originRegion(), q.destinationRegion(), country);
        if (key == null) {
          continue;
        }
        int[] weekdays = pass == 0 ? new int[] {weekday, 0} : new int[] {0};
        for (int wd : weekdays) {
          TransitHistogram h = histograms.get(id(level, key, pass == 0 ? season : ANY_SEASON, wd));
          if (h == null) {
            continue;
          }
          long n = h.atLeast(elapsed);
          if (n >= minSamples) {
            return new Basis(h, elapsed, country, pickup, level, pass == 0, wd != 0);
          }
          if (n > 0 && (fallback == null || n > fallback.atLeast(elapsed))) {
            fallback = h;
            fallbackLevel = level;
            fallbackSeasonal = pass == 0;
            fallbackWeekday = wd != 0;
          }
        }
      }
    }
    if (fallback == null) {
      return null;
    }
    return new Basis(
        fallback, elapsed, country, pickup, fallbackLevel, fallbackSeasonal, fallbackWeekday);
  }

  /** Transit days {p10, p50, p90, p95} from a histogram at the given quantile levels. */
  static int[] days(TransitHistogram h, int elapsed, Calibration c) {
    int p50 = h.nearest(c.p50(), elapsed);
    // The window holds the likely date; the likely date is fitted first, so the window bends.
    int p10 = Math.min(h.lowerBound(c.p10(), elapsed), p50);
    int p90 = Math.max(h.nearest(c.p90(), elapsed), p50);
    int p95 = Math.max(h.atLeastShare(c.p95(), elapsed), p90);
    return new int[] {p10, p50, p90, p95};
  }

  private Prediction prediction(Basis b, Calibration c) {
    TransitHistogram h = b.histogram();
    int elapsed = b.elapsed();
    String country = b.country();
    LocalDate pickup = b.pickup();
    Level level = b.level();
    int[] days = days(h, elapsed, c);
    int p10 = days[0];
    int p50 = days[1];
    int p90 = days[2];
    int p95 = days[3];
    long n = h.atLeast(elapsed);
    return new Prediction(
        BusinessCalendar.plusBusinessDays(country, pickup, p50),
        BusinessCalendar.plusBusinessDays(country, pickup, p10),
        BusinessCalendar.plusBusinessDays(country, pickup, p90),
        BusinessCalendar.plusBusinessDays(country, pickup, p95),
        p10,
        p50,
        p90,
        p95,
        level,
        b.seasonal(),
        b.weekdaySpecific(),
        n,
        Confidence.of(level, n, minSamples));
  }

  private TransitHistogram histogram(Level level, String key, String season, int weekday) {
    return histograms.computeIfAbsent(id(level, key, season, weekday), k -> new TransitHistogram());
  }

  private static String id(Level level, String key, String season, int weekday) {
    return level.ordinal() + "|" + season + "|" + weekday + "|" + key;
  }
}
