package dev.waybill.bench;

import dev.waybill.insights.promises.BusinessCalendar;
import dev.waybill.insights.promises.Calibration;
import dev.waybill.insights.promises.Confidence;
import dev.waybill.insights.promises.HistoryCsv;
import dev.waybill.insights.promises.HistoryRow;
import dev.waybill.insights.promises.Level;
import dev.waybill.insights.promises.Prediction;
import dev.waybill.insights.promises.PromiseModel;
import dev.waybill.insights.promises.Sample;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays the promise model over a scored period the way the product lives it, and scores its
 * promises beside the naive rule "the carrier's published range".
 *
 * <p>Rolling mode (the headline): the scored period is walked week by week; before each week the
 * model is refitted to every delivery made until then and recalibrated exactly as the scheduled
 * rebuild does it ({@link Calibration#refit}), and that week's shipments are scored. Single-split
 * mode: the model is fitted and calibrated once, before the split, and scores the whole period.
 * Writes a section per history into {@code docs/benchmarks.md} and the headline figures as JSON.
 *
 * <p>Usage: {@code PromiseBacktest [history.csv] [split yyyy-mm-dd] [benchmarks.md] [minSamples]
 * [scenario] [out.json]}; the default split is the first day of the eleventh month of the history.
 */
public final class PromiseBacktest {

  /** Coverage and width tallies for one way of promising. */
  static final class Score {
    long n;
    long onOrBeforeLikely;
    long inWindow;
    long onOrBeforeSafe;
    long widthDays;
    long publishedWidthDays;
    long withPublished;

    void add(
        LocalDate delivered,
        LocalDate likely,
        LocalDate earliest,
        LocalDate latest,
        LocalDate safe,
        int width,
        Integer publishedWidth) {
      n++;
      if (!delivered.isAfter(likely)) {
        onOrBeforeLikely++;
      }
      if (!delivered.isBefore(earliest) && !delivered.isAfter(latest)) {
        inWindow++;
      }
      if (!delivered.isAfter(safe)) {
        onOrBeforeSafe++;
      }
      widthDays += width;
      if (publishedWidth != null) {
        publishedWidthDays += publishedWidth;
        withPublished++;
      }
    }

    void merge(Score o) {
      n += o.n;
      onOrBeforeLikely += o.onOrBeforeLikely;
      inWindow += o.inWindow;
      onOrBeforeSafe += o.onOrBeforeSafe;
      widthDays += o.widthDays;
      publishedWidthDays += o.publishedWidthDays;
      withPublished += o.withPublished;
    }

    double pct(long k) {
      return n == 0 ? 0 : 100.0 * k / n;
    }

    double likely() {
      return pct(onOrBeforeLikely);
    }

    double window() {
      return pct(inWindow);
    }

    double safe() {
      return pct(onOrBeforeSafe);
    }

    double width() {
      return n == 0 ? 0 : (double) widthDays / n;
    }

    double publishedWidth() {
      return withPublished == 0 ? 0 : (double) publishedWidthDays / withPublished;
    }

    /** The largest distance, in points, of a coverage from its nominal share. */
    double worstGap() {
      return Math.max(
          Math.abs(likely() - 50), Math.max(Math.abs(window() - 80), Math.abs(safe() - 95)));
    }
  }

  /** One scored shipment with what the naive rule needs. */
  record Parcel(Sample sample, Integer publishedMin, Integer publishedMax) {
    Integer publishedWidth() {
      return publishedMin == null || publishedMax == null ? null : publishedMax - publishedMin + 1;
    }
  }

  /** One week of a replay: its first day, its score and the levels its promises were read at. */
  record Week(LocalDate start, Score score, Calibration.Seasonal calibration) {}

  /** A replay's tallies. */
  static final class Replay {
    final Score all = new Score();
    final Score nominal = new Score();
    final Map<Confidence, Score> perConfidence = new EnumMap<>(Confidence.class);
    final Map<Level, Long> levels = new EnumMap<>(Level.class);
    final List<Week> weeks = new ArrayList<>();

    /** Scores per week of the scored period, whatever the replay's step. */
    final Map<LocalDate, Score> weekly = new java.util.HashMap<>();

    /** Scores per day of handover. */
    final java.util.TreeMap<LocalDate, Score> daily = new java.util.TreeMap<>();

    /** The levels in force from each recalibration on. */
    final java.util.TreeMap<LocalDate, Calibration.Seasonal> calibrations =
        new java.util.TreeMap<>();

    long unanswered;
    long rebuilds;
    double rebuildSeconds;

    /**
     * How fast coverage comes back after a shift: the longest stretch of days whose trailing seven
     * days of shipments had some coverage more than 5 points off nominal.
     */
    int longestDaysOff() {
      int run = 0;
      int longest = 0;
      for (LocalDate day : daily.keySet()) {
        Score trailing = new Score();
        for (Score s : daily.subMap(day.minusDays(6), true, day, true).values()) {
          trailing.merge(s);
        }
        run = trailing.n >= 200 && trailing.worstGap() > 5 ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
      return longest;
    }

    /** The longest run of consecutive weeks with some coverage more than 5 points off nominal. */
    int longestRunOff() {
      int run = 0;
      int longest = 0;
      for (Week w : weeks) {
        run = w.score().n > 0 && w.score().worstGap() > 5 ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
      return longest;
    }
  }

  // The product's defaults (waybill.promises.calibration-*).
  static final Calibration.Window WINDOW =
      new Calibration.Window(
          28,
          7,
          1000,
          Double.parseDouble(
              System.getenv()
                  .getOrDefault("GAIN", String.valueOf(Calibration.Window.DEFAULT_GAIN))));

  /** Days between recalibrations in the rolling replay ({@code RECALIBRATE_DAYS}, default 1). */
  static final int RECALIBRATE_DAYS =
      Integer.parseInt(System.getenv().getOrDefault("RECALIBRATE_DAYS", "1"));

  // The calibration before it adapted: a 56-day slice ending 14 days before the newest delivery.
  static final int SLICE_DAYS = 56;
  static final int SLICE_SETTLE_DAYS = 14;

  /** How a replay recalibrates before each step. */
  enum Recalibration {
    /** The product's: the recent window, parcels still travelling counted (adaptive). */
    ADAPTIVE,
    /** The former one: a held-out slice of settled parcels, weeks old. */
    SLICE
  }

  public static void main(String[] args) throws IOException {
    Path history = Path.of(arg(args, 0, "bench/out/history.csv"));
    String splitArg = arg(args, 1, "");
    Path doc = Path.of(arg(args, 2, "docs/benchmarks.md"));
    int minSamples = Integer.parseInt(arg(args, 3, "30"));
    String scenario = arg(args, 4, "base");
    Path json = Path.of(arg(args, 5, "bench/out/promise-backtest.json"));

    long started = System.nanoTime();
    List<HistoryRow> rows = new ArrayList<>();
    List<HistoryCsv.RowError> errors = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(history, StandardCharsets.UTF_8)) {
      HistoryCsv.read(in, rows::add, errors::add);
    }
    List<Parcel> parcels = new ArrayList<>(rows.size());
    for (HistoryRow r : rows) {
      parcels.add(new Parcel(r.sample(), r.publishedMinDays(), r.publishedMaxDays()));
    }
    rows = null;
    LocalDate firstShip =
        parcels.stream().map(p -> p.sample().shipDate()).min(LocalDate::compareTo).orElseThrow();
    LocalDate lastShip =
        parcels.stream().map(p -> p.sample().shipDate()).max(LocalDate::compareTo).orElseThrow();
    LocalDate split =
        splitArg.isBlank() ? firstShip.withDayOfMonth(1).plusMonths(10) : LocalDate.parse(splitArg);

    List<Sample> byDelivery = new ArrayList<>(parcels.size());
    for (Parcel p : parcels) {
      byDelivery.add(p.sample());
    }
    byDelivery.sort(Comparator.comparing(Sample::deliveryDate));
    List<Parcel> scored = new ArrayList<>();
    for (Parcel p : parcels) {
      if (!p.sample().shipDate().isBefore(split)) {
        scored.add(p);
      }
    }
    scored.sort(Comparator.comparing(p -> p.sample().shipDate()));

    List<Sample> byShip = new ArrayList<>(byDelivery);
    byShip.sort(Comparator.comparing(Sample::shipDate));
    // The product recalibrates after every rebuild (every 10 minutes); the replay does it daily.
    Replay rolling =
        replay(
            byDelivery,
            byShip,
            scored,
            split,
            lastShip,
            RECALIBRATE_DAYS,
            minSamples,
            Recalibration.ADAPTIVE);
    Replay single =
        replay(
            byDelivery,
            byShip,
            scored,
            split,
            lastShip,
            Integer.MAX_VALUE,
            minSamples,
            Recalibration.ADAPTIVE);
    Replay slice =
        replay(byDelivery, byShip, scored, split, lastShip, 7, minSamples, Recalibration.SLICE);
    Score naive = naive(scored);
    Score hindsight = hindsight(scored, minSamples);
    long trained = byDelivery.stream().filter(s -> s.deliveryDate().isBefore(split)).count();
    double seconds = (System.nanoTime() - started) / 1e9;
    String section =
        section(
            scenario,
            history,
            parcels.size(),
            errors.size(),
            split,
            lastShip,
            trained,
            rolling,
            single,
            slice,
            naive,
            hindsight,
            minSamples,
            seconds);
    System.out.println(section);
    write(doc, scenario, section);
    if (json.getParent() != null) {
      Files.createDirectories(json.getParent());
    }
    Files.writeString(json, json(scenario, history, split, rolling, single, naive));
  }

  private static String arg(String[] args, int i, String otherwise) {
    return args.length > i && !args[i].isBlank() ? args[i] : otherwise;
  }

  /**
   * Walks the scored period in steps of {@code stepDays}: before each step the model knows every
   * delivery made until then and is recalibrated as the scheduled rebuild does it; the step's
   * shipments are then promised at handover and scored.
   */
  static Replay replay(
      List<Sample> byDelivery,
      List<Sample> byShip,
      List<Parcel> scored,
      LocalDate split,
      LocalDate lastShip,
      int stepDays,
      int minSamples,
      Recalibration recalibration) {
    Replay out = new Replay();
    PromiseModel model = new PromiseModel(minSamples);
    int known = 0;
    int next = 0;
    LocalDate from = split;
    while (!from.isAfter(lastShip)) {
      LocalDate to = stepDays == Integer.MAX_VALUE ? lastShip.plusDays(1) : from.plusDays(stepDays);
      while (known < byDelivery.size() && byDelivery.get(known).deliveryDate().isBefore(from)) {
        model.add(byDelivery.get(known++));
      }
      long t0 = System.nanoTime();
      Calibration.Seasonal c = Calibration.Seasonal.NOMINAL;
      if (known > 0 && recalibration == Recalibration.SLICE) {
        LocalDate newest = byDelivery.get(known - 1).deliveryDate();
        Calibration.Slice slice = Calibration.Slice.before(newest, SLICE_DAYS, SLICE_SETTLE_DAYS);
        Calibration one =
            Calibration.refit(
                model, since(byDelivery, known, slice.start()), slice, WINDOW.minSamples());
        c = new Calibration.Seasonal(one, one);
      } else if (known > 0) {
        LocalDate start = from.minusDays(WINDOW.days());
        List<Sample> travelling = new ArrayList<>();
        int i = firstShippedOnOrAfter(byShip, start);
        for (; i < byShip.size() && byShip.get(i).shipDate().isBefore(from); i++) {
          if (!byShip.get(i).deliveryDate().isBefore(from)) {
            travelling.add(byShip.get(i));
          }
        }
        List<Sample> lastYear = new ArrayList<>();
        int j = firstShippedOnOrAfter(byShip, from.minusYears(1));
        for (;
            j < byShip.size()
                && byShip.get(j).shipDate().isBefore(from.minusYears(1).plusDays(WINDOW.days()));
            j++) {
          lastYear.add(byShip.get(j));
        }
        c =
            Calibration.adapt(
                model, since(byDelivery, known, start), travelling, lastYear, from, WINDOW);
      }
      out.rebuildSeconds += (System.nanoTime() - t0) / 1e9;
      out.rebuilds++;
      while (next < scored.size() && scored.get(next).sample().shipDate().isBefore(to)) {
        Parcel p = scored.get(next++);
        Sample s = p.sample();
        PromiseModel.Query q =
            new PromiseModel.Query(
                s.carrier(),
                s.service(),
                s.originRegion(),
                s.destinationRegion(),
                s.destinationCountry(),
                s.shipDate(),
                0);
        model.calibrated(Calibration.NOMINAL);
        Prediction u = model.predict(q);
        model.calibrated(c);
        Prediction pr = model.predict(q);
        if (pr == null) {
          out.unanswered++;
          continue;
        }
        add(out.all, s, pr, p.publishedWidth());
        add(out.nominal, s, u, p.publishedWidth());
        LocalDate bucket =
            split.plusWeeks(java.time.temporal.ChronoUnit.WEEKS.between(split, s.shipDate()));
        add(out.weekly.computeIfAbsent(bucket, k -> new Score()), s, pr, p.publishedWidth());
        add(out.daily.computeIfAbsent(s.shipDate(), k -> new Score()), s, pr, p.publishedWidth());
        add(
            out.perConfidence.computeIfAbsent(pr.confidence(), k -> new Score()),
            s,
            pr,
            p.publishedWidth());
        out.levels.merge(pr.level(), 1L, Long::sum);
      }
      out.calibrations.put(from, c);
      from = to;
    }
    for (LocalDate w = split; !w.isAfter(lastShip); w = w.plusWeeks(1)) {
      Score week = out.weekly.getOrDefault(w, new Score());
      out.weeks.add(new Week(w, week, out.calibrations.floorEntry(w).getValue()));
    }
    return out;
  }

  /** The known deliveries made on or after {@code start}. */
  private static List<Sample> since(List<Sample> byDelivery, int known, LocalDate start) {
    int since = known;
    while (since > 0 && !byDelivery.get(since - 1).deliveryDate().isBefore(start)) {
      since--;
    }
    return byDelivery.subList(since, known);
  }

  private static int firstShippedOnOrAfter(List<Sample> byShip, LocalDate day) {
    int lo = 0;
    int hi = byShip.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (byShip.get(mid).shipDate().isBefore(day)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void add(Score score, Sample s, Prediction p, Integer publishedWidth) {
    int width = BusinessCalendar.between(s.destinationCountry(), p.earliest(), p.latest()) + 1;
    score.add(
        s.deliveryDate(), p.likely(), p.earliest(), p.latest(), p.safe(), width, publishedWidth);
  }

  /** The published range as the window, its middle day as likely and its last day as safe. */
  static Score naive(List<Parcel> scored) {
    Score naive = new Score();
    for (Parcel p : scored) {
      if (p.publishedWidth() == null) {
        continue;
      }
      Sample s = p.sample();
      String country = s.destinationCountry();
      LocalDate pickup = s.pickupDay();
      int min = p.publishedMin();
      int max = p.publishedMax();
      LocalDate lo = BusinessCalendar.plusBusinessDays(country, pickup, min);
      LocalDate hi = BusinessCalendar.plusBusinessDays(country, pickup, max);
      LocalDate mid = BusinessCalendar.plusBusinessDays(country, pickup, (min + max) / 2);
      naive.add(s.deliveryDate(), mid, lo, hi, hi, p.publishedWidth(), p.publishedWidth());
    }
    return naive;
  }

  /** The same model fitted to the scored period itself: what whole days allow at best. */
  static Score hindsight(List<Parcel> scored, int minSamples) {
    PromiseModel model = new PromiseModel(minSamples);
    for (Parcel p : scored) {
      model.add(p.sample());
    }
    Score score = new Score();
    for (Parcel p : scored) {
      Sample s = p.sample();
      add(
          score,
          s,
          model.predict(
              new PromiseModel.Query(
                  s.carrier(),
                  s.service(),
                  s.originRegion(),
                  s.destinationRegion(),
                  s.destinationCountry(),
                  s.shipDate(),
                  0)),
          p.publishedWidth());
    }
    return score;
  }

  static String section(
      String scenario,
      Path history,
      int rows,
      int rejected,
      LocalDate split,
      LocalDate lastShip,
      long trained,
      Replay rolling,
      Replay single,
      Replay slice,
      Score naive,
      Score hindsight,
      int minSamples,
      double seconds) {
    StringBuilder b = new StringBuilder();
    String now =
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    b.append("### History `").append(scenario).append("`\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "Measured %s UTC on `%s`: %,d delivered shipments (%d rows rejected); %,d delivered"
                + " before %s; scored on the %,d shipped from %s to %s (%d weeks; %,d had no"
                + " history for their carrier and service). Minimum samples per lane: %d. %d"
                + " recalibrations (one a day, as every rebuild does it) took %.2f s in all (%.0f ms"
                + " each)."
                + " Run time %.1f s.%n%n",
            now,
            history,
            rows,
            rejected,
            trained,
            split,
            rolling.all.n + rolling.unanswered,
            split,
            lastShip,
            rolling.weeks.size(),
            rolling.unanswered,
            minSamples,
            rolling.rebuilds,
            rolling.rebuildSeconds,
            1000 * rolling.rebuildSeconds / Math.max(1, rolling.rebuilds),
            seconds));
    b.append(
        "| rule | on or before likely date (nominal 50%) | inside window (nominal 80%) |"
            + " on or before safe date (nominal 95%) | mean window, business days |"
            + " published range, business days |\n");
    b.append("|---|---|---|---|---|---|\n");
    row(b, "**rolling**: refitted and recalibrated before each week", rolling.all);
    row(b, "rolling, at the nominal levels (no calibration)", rolling.nominal);
    row(b, "single split: fitted and calibrated once, before " + split, single.all);
    row(
        b,
        "rolling, with the former calibration (56-day slice of settled parcels, 14 days old)",
        slice.all);
    row(b, "naive: carrier's published range", naive);
    row(b, "reference: the model fitted to the scored period itself (hindsight)", hindsight);
    Score r = rolling.all;
    double narrower = 100.0 * (1 - r.width() / r.publishedWidth());
    int runOff = rolling.longestRunOff();
    b.append(
        String.format(
            Locale.ROOT,
            "%nGoals (rolling): each coverage within 3 points of nominal over the period: **%s**"
                + " (worst %.1f points off); within 5 points in every week after the first two"
                + " of a shift: **%s** (longest run of weeks more than 5 points off: %d); window"
                + " at least 30%% narrower than the published range: **%s** (%.0f%% narrower)."
                + " Recovery: the longest stretch of days whose last seven days of shipments had a"
                + " coverage more than 5 points off was %d days.%n%n",
            r.worstGap() <= 3 ? "met" : "not met",
            r.worstGap(),
            runOff <= 2 ? "met" : "not met",
            runOff,
            narrower >= 30 ? "met" : "not met",
            narrower,
            rolling.longestDaysOff()));
    b.append("By confidence level (rolling; single split in brackets):\n\n");
    b.append(
        "| confidence | shipments | likely | window | safe | width |\n|---|---|---|---|---|---|\n");
    for (Confidence c : Confidence.values()) {
      Score s = rolling.perConfidence.get(c);
      Score o = single.perConfidence.get(c);
      if (s == null && o == null) {
        continue;
      }
      s = s == null ? new Score() : s;
      o = o == null ? new Score() : o;
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d (%,d) | %.1f%% (%.1f%%) | %.1f%% (%.1f%%) | %.1f%% (%.1f%%) | %.2f |%n",
              c,
              s.n,
              o.n,
              s.likely(),
              o.likely(),
              s.window(),
              o.window(),
              s.safe(),
              o.safe(),
              s.width()));
    }
    b.append("\nWeek by week (rolling; single split in brackets):\n\n");
    b.append(
        "| week from | shipments | likely | window | safe | width | levels p10 / p50 / p90 / p95"
            + " |\n|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < rolling.weeks.size(); i++) {
      Week w = rolling.weeks.get(i);
      Score s = w.score();
      Score o = single.weekly.get(w.start());
      Calibration c =
          w.calibration().of(dev.waybill.insights.promises.Season.of(w.start().plusDays(3)));
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %s (%.1f%%) | %s (%.1f%%) | %s (%.1f%%) | %.2f | %.3f / %.3f / %.3f /"
                  + " %.3f |%n",
              w.start(),
              s.n,
              mark(s.likely(), 50),
              o == null ? 0 : o.likely(),
              mark(s.window(), 80),
              o == null ? 0 : o.window(),
              mark(s.safe(), 95),
              o == null ? 0 : o.safe(),
              s.width(),
              c.p10(),
              c.p50(),
              c.p90(),
              c.p95()));
    }
    b.append("\nLevel of history used (rolling): ");
    List<String> parts = new ArrayList<>();
    rolling.levels.forEach((l, n) -> parts.add(String.format(Locale.ROOT, "%s %,d", l.value(), n)));
    b.append(String.join(", ", parts)).append(".\n\n");
    return b.toString();
  }

  private static String mark(double pct, int nominal) {
    String s = String.format(Locale.ROOT, "%.1f%%", pct);
    return Math.abs(pct - nominal) > 5 ? "**" + s + "**" : s;
  }

  private static void row(StringBuilder b, String name, Score s) {
    b.append(
        String.format(
            Locale.ROOT,
            "| %s | %.1f%% | %.1f%% | %.1f%% | %.2f | %.2f |%n",
            name,
            s.likely(),
            s.window(),
            s.safe(),
            s.width(),
            s.publishedWidth()));
  }

  static String json(
      String scenario, Path history, LocalDate split, Replay rolling, Replay single, Score naive) {
    StringBuilder b = new StringBuilder();
    b.append("{\"scenario\":\"").append(scenario).append("\",\"history\":\"");
    b.append(history.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append("\",");
    b.append("\"split\":\"").append(split).append("\",\"modes\":{");
    b.append("\"rolling\":").append(json(rolling)).append(',');
    b.append("\"singleSplit\":").append(json(single)).append(',');
    b.append("\"naive\":").append(json(naive)).append("}}\n");
    return b.toString();
  }

  private static String json(Replay r) {
    StringBuilder b = new StringBuilder(json(r.all));
    b.setLength(b.length() - 1);
    b.append(",\"longestWeeksOff\":").append(r.longestRunOff());
    b.append(",\"longestDaysOff\":").append(r.longestDaysOff());
    b.append(",\"confidence\":{");
    List<String> parts = new ArrayList<>();
    r.perConfidence.forEach((c, s) -> parts.add("\"" + c + "\":" + json(s)));
    b.append(String.join(",", parts)).append("},\"weeks\":[");
    parts.clear();
    for (Week w : r.weeks) {
      String s = json(w.score());
      parts.add("{\"from\":\"" + w.start() + "\"," + s.substring(1));
    }
    b.append(String.join(",", parts)).append("]}");
    return b.toString();
  }

  private static String json(Score s) {
    return String.format(
        Locale.ROOT,
        "{\"shipments\":%d,\"likely\":%.4f,\"window\":%.4f,\"safe\":%.4f,\"width\":%.4f,"
            + "\"publishedWidth\":%.4f}",
        s.n,
        s.likely() / 100,
        s.window() / 100,
        s.safe() / 100,
        s.width(),
        s.publishedWidth());
  }

  static final String SECTION = "## Delivery promises";

  /**
   * Replaces this history's part of the document's promises section, or adds it; the section's
   * introduction is written when the section is new.
   */
  static void write(Path doc, String scenario, String part) throws IOException {
    String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n";
    int start = text.indexOf(SECTION);
    int end;
    String body;
    if (start < 0) {
      text = text.stripTrailing() + "\n\n\n";
      start = text.length();
      end = start;
      body = "";
    } else {
      int e = text.indexOf("\n## ", start + 3);
      end = e < 0 ? text.length() : e + 1;
      body = text.substring(start, end);
    }
    if (!body.contains(INTRO_MARK)) {
      body = intro();
    }
    String heading = "### History `" + scenario + "`";
    int at = body.indexOf(heading);
    if (at >= 0) {
      int next = body.indexOf("\n### ", at + 3);
      body = body.substring(0, at) + part + (next < 0 ? "" : body.substring(next + 1));
    } else {
      body = body.stripTrailing() + "\n\n" + part;
    }
    text =
        text.substring(0, start)
            + body.stripTrailing()
            + "\n"
            + (end < text.length() ? "\n" + text.substring(end) : "");
    Files.writeString(doc, text);
  }

  static final String INTRO_MARK = "Reproduce: `bench/promise-scenarios`";

  static String intro() {
    return SECTION
        + "\n\n"
        + "`bench/promise-backtest` replays the promise model over the scored period as the"
        + " product lives it. **Rolling** (the headline): the period is walked day by day;"
        + " before each day the model is refitted to every delivery made until then and"
        + " recalibrated exactly as the scheduled rebuild does it after every rebuild (the same"
        + " `Calibration.adapt`: the parcels handed over in the last 28 days, delivered or still"
        + " travelling, weighted with a half-life of 7 days, levels per season, then corrected"
        + " online with γ = 0.3 per business day), then that day's shipments are promised at"
        + " handover and scored; figures are given per week. **Single split**: fitted and"
        + " calibrated once, before the split. The row \"former calibration\" replays the"
        + " calibration this replaced (a 56-day slice of settled parcels ending 14 days before"
        + " the newest delivery, one set of levels). Dates are"
        + " compared as local days; a delivery is covered when it arrived on or before the date"
        + " (inside the window: on or after its first day and on or before its last). Widths"
        + " count business days inclusively (\"3–5 business days\" is 3 wide). The naive rule"
        + " promises the published range as the window, its middle day as the likely date and"
        + " its last day as the safe date; the hindsight row fits the same model to the very"
        + " deliveries it scores. Weekly coverages more than 5 points off nominal are in bold."
        + " The machine is shared and busy: run times are indicative.\n\n"
        + INTRO_MARK
        + " (every history below), or one history with `bench/history` (`SCENARIO`, `SEED`,"
        + " `ROWS`, `FIRST_DAY`) then `bench/promise-backtest` (`HISTORY`, `SPLIT`, `DOC`,"
        + " `SCENARIO`, `JSON`); the headline figures are also written as JSON to"
        + " `bench/out/promise-backtest.json`.\n";
  }
}
