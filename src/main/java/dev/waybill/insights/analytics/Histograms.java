package dev.waybill.insights.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed buckets in which the rollups count processing and transit times. Percentiles are read
 * back from them by interpolating inside the bucket the rank falls in, which is exact to within a
 * bucket's width: hours for processing, a day for transit up to ten days.
 */
final class Histograms {

  /** Upper bounds in hours of processing buckets 0..n-1; bucket n is open-ended. */
  static final double[] PROCESSING_HOURS = {4, 8, 12, 24, 48, 72, 120, 168};

  /** Upper bounds in days of transit buckets 0..n-1; bucket n is open-ended. */
  static final double[] TRANSIT_DAYS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 21};

  private Histograms() {}

  /** SQL array literal of the bounds, for {@code width_bucket}. */
  static String sqlBounds(double[] bounds) {
    StringBuilder sb = new StringBuilder("ARRAY[");
    for (int i = 0; i < bounds.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(bounds[i]);
    }
    return sb.append("]::float8[]").toString();
  }

  /**
   * The value below which {@code quantile} of the counts fall, or {@code null} without any. In the
   * open-ended last bucket the answer is its lower bound, as nothing says how far it reaches.
   */
  static Double quantile(long[] counts, double[] bounds, double quantile) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return null;
    }
    double rank = quantile * total;
    long before = 0;
    for (int i = 0; i < counts.length; i++) {
      long c = counts[i];
      if (c > 0 && before + c >= rank) {
        double lower = i == 0 ? 0 : bounds[i - 1];
        if (i >= bounds.length) {
          return lower;
        }
        double upper = bounds[i];
        return round(lower + (upper - lower) * Math.max(0, rank - before) / c);
      }
      before += c;
    }
    return bounds[bounds.length - 1];
  }

  /** Labels such as "0–1", "1–2" … "21+" for the buckets. */
  static List<String> labels(double[] bounds) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i <= bounds.length; i++) {
      String lower = fmt(i == 0 ? 0 : bounds[i - 1]);
      out.add(i == bounds.length ? lower + "+" : lower + "–" + fmt(bounds[i]));
    }
    return out;
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
