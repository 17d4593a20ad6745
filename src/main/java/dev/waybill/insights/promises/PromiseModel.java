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

  private final Map<String, TransitHistogram> histograms = new HashMap<>();
  private final int minSamples;

  public PromiseModel(int minSamples) {
    this.minSamples = minSamples;
  }

  public void add(Sample s) {
    add(
        s.carrier(),
        s.service(),
        s.originRegion(),
        s.destinationRegion(),
        s.destinationCountry(),
        s.season(),
        s.pickupWeekday(),
        s.transitDays(),
        1);
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
            return prediction(h, elapsed, country, pickup, level, pass == 0, wd != 0);
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
    return prediction(
        fallback, elapsed, country, pickup, fallbackLevel, fallbackSeasonal, fallbackWeekday);
  }

  private Prediction prediction(
      TransitHistogram h,
      int elapsed,
      String country,
      LocalDate pickup,
      Level level,
      boolean seasonal,
      boolean weekdaySpecific) {
    int p10 = h.lowerBound(0.10, elapsed);
    int p50 = h.nearest(0.50, elapsed);
    int p90 = h.nearest(0.90, elapsed);
    int p95 = h.atLeastShare(0.95, elapsed);
    p50 = Math.max(p50, p10);
    p90 = Math.max(p90, p50);
    p95 = Math.max(p95, p90);
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
        seasonal,
        weekdaySpecific,
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
