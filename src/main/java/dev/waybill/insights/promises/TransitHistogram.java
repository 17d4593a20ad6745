package dev.waybill.insights.promises;

/** Deliveries counted by transit time in whole business days. */
public final class TransitHistogram {

  /** Longer transits are counted here; they are outliers whatever their exact length. */
  public static final int MAX_DAYS = 40;

  private final long[] counts = new long[MAX_DAYS + 1];
  private long total;

  public void add(int days, long count) {
    counts[Math.max(0, Math.min(MAX_DAYS, days))] += count;
    total += count;
  }

  public long total() {
    return total;
  }

  /** Deliveries that took at least {@code days}. */
  public long atLeast(int days) {
    long n = 0;
    for (int d = Math.max(0, days); d <= MAX_DAYS; d++) {
      n += counts[d];
    }
    return n;
  }

  /**
   * The day whose cumulative share, among deliveries that took at least {@code from} days, is
   * nearest to {@code q}. Business days are whole, so "the smallest day reaching q" would overshoot
   * every quantile by up to a day's share; the nearest one is calibrated across many answers.
   */
  public int nearest(double q, int from) {
    long n = atLeast(from);
    if (n == 0) {
      return from;
    }
    long cum = 0;
    int best = from;
    double bestGap = Double.MAX_VALUE;
    for (int d = Math.max(0, from); d <= MAX_DAYS; d++) {
      cum += counts[d];
      double gap = Math.abs((double) cum / n - q);
      // A date is a day deliveries happen, not an empty day before the first one.
      if (counts[d] > 0 && gap < bestGap) {
        bestGap = gap;
        best = d;
      }
      if ((double) cum / n >= q) {
        break;
      }
    }
    return best;
  }

  /** The first day by which at least {@code q} of deliveries taking {@code from}+ days arrived. */
  public int atLeastShare(double q, int from) {
    long n = atLeast(from);
    if (n == 0) {
      return from;
    }
    long cum = 0;
    for (int d = Math.max(0, from); d <= MAX_DAYS; d++) {
      cum += counts[d];
      if ((double) cum / n >= q) {
        return d;
      }
    }
    return MAX_DAYS;
  }

  /**
   * The lower end of a window: the day {@code d} for which the share of deliveries before it is
   * nearest to {@code q}.
   */
  public int lowerBound(double q, int from) {
    long n = atLeast(from);
    if (n == 0) {
      return from;
    }
    long before = 0;
    int best = from;
    double bestGap = Double.MAX_VALUE;
    for (int d = Math.max(0, from); d <= MAX_DAYS; d++) {
      double gap = Math.abs((double) before / n - q);
      // A window opens on a day deliveries happen, not on an empty day before the first one.
      if (counts[d] > 0 && gap < bestGap) {
        bestGap = gap;
        best = d;
      }
      if ((double) before / n > q) {
        break;
      }
      before += counts[d];
    }
    return best;
  }

  long count(int days) {
    return counts[days];
  }
}
