package dev.waybill.bench;

import dev.waybill.insights.promises.Calibration;
import dev.waybill.insights.promises.HistoryCsv;
import dev.waybill.insights.promises.PromiseModel;
import dev.waybill.insights.promises.Sample;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What the scheduled rebuild costs in memory work on a large history: the model built from every
 * delivery (what a pod does when it reads the rollups) and the recalibration the rebuild runs, on
 * the day after the history's last handover. The database work (folding new deliveries above the
 * watermark, reading the window) is left out: it is set-based and grows with the window, not the
 * history.
 *
 * <p>Usage: {@code PromiseRebuildCost history.csv [minSamples] [repeats]}.
 */
public final class PromiseRebuildCost {

  private PromiseRebuildCost() {}

  public static void main(String[] args) throws IOException {
    Path history = Path.of(args.length > 0 ? args[0] : "bench/out/history-1m.csv");
    int minSamples = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<Sample> all = new ArrayList<>();
    long t0 = System.nanoTime();
    try (BufferedReader in = Files.newBufferedReader(history, StandardCharsets.UTF_8)) {
      HistoryCsv.read(in, r -> all.add(r.sample()), e -> {});
    }
    double readSeconds = (System.nanoTime() - t0) / 1e9;
    LocalDate today =
        all.stream().map(Sample::shipDate).max(Comparator.naturalOrder()).orElseThrow().plusDays(1);
    Calibration.Window window = PromiseBacktest.WINDOW;
    LocalDate start = today.minusDays(window.days());
    LocalDate yearAgo = today.minusYears(1);
    List<Sample> known = new ArrayList<>();
    List<Sample> deliveredSinceStart = new ArrayList<>();
    List<Sample> travelling = new ArrayList<>();
    List<Sample> lastYear = new ArrayList<>();
    for (Sample s : all) {
      if (s.deliveryDate().isBefore(today)) {
        known.add(s);
        if (!s.deliveryDate().isBefore(start)) {
          deliveredSinceStart.add(s);
        }
      } else if (!s.shipDate().isBefore(start)) {
        travelling.add(s);
      }
      if (!s.shipDate().isBefore(yearAgo)
          && s.shipDate().isBefore(yearAgo.plusDays(window.days()))) {
        lastYear.add(s);
      }
    }
    double buildBest = Double.MAX_VALUE;
    double calibrateBest = Double.MAX_VALUE;
    Calibration.Seasonal c = null;
    for (int i = 0; i < repeats; i++) {
      long b0 = System.nanoTime();
      PromiseModel model = new PromiseModel(minSamples);
      known.forEach(model::add);
      long b1 = System.nanoTime();
      c = Calibration.adapt(model, deliveredSinceStart, travelling, lastYear, today, window);
      long b2 = System.nanoTime();
      buildBest = Math.min(buildBest, (b1 - b0) / 1e9);
      calibrateBest = Math.min(calibrateBest, (b2 - b1) / 1e9);
    }
    System.out.printf(
        Locale.ROOT,
        "{\"deliveries\":%d,\"windowDelivered\":%d,\"travelling\":%d,\"lastYear\":%d,"
            + "\"readSeconds\":%.2f,\"buildSeconds\":%.2f,\"calibrateSeconds\":%.2f,"
            + "\"normal\":\"%s\",\"peak\":\"%s\"}%n",
        all.size(),
        deliveredSinceStart.size(),
        travelling.size(),
        lastYear.size(),
        readSeconds,
        buildBest,
        calibrateBest,
        c.normal(),
        c.peak());
  }
}
