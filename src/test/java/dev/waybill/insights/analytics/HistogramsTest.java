package dev.waybill.insights.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramsTest {

  @Test
  void quantileInterpolatesInsideTheBucketTheRankFallsIn() {
    // 10 deliveries in 0-1 days, 10 in 1-2: the median is the end of the first bucket.
    long[] counts = new long[Histograms.TRANSIT_DAYS.length + 1];
    counts[0] = 10;
    counts[1] = 10;
    assertEquals(1.0, Histograms.quantile(counts, Histograms.TRANSIT_DAYS, 0.5));
    assertEquals(1.8, Histograms.quantile(counts, Histograms.TRANSIT_DAYS, 0.9));
  }

  @Test
  void quantileInTheOpenLastBucketIsItsLowerBound() {
    long[] counts = new long[Histograms.TRANSIT_DAYS.length + 1];
    counts[counts.length - 1] = 5;
    assertEquals(21.0, Histograms.quantile(counts, Histograms.TRANSIT_DAYS, 0.9));
  }

  @Test
  void quantileOfNothingIsNull() {
    assertNull(Histograms.quantile(new long[3], new double[] {1, 2}, 0.5));
  }

  @Test
  void labelsNameEachBucketWithTheLastOpen() {
    assertEquals(List.of("0–4", "4–8", "8+"), Histograms.labels(new double[] {4, 8}));
  }
}
