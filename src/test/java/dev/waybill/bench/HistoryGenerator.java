package dev.waybill.bench;

import dev.waybill.insights.promises.BusinessCalendar;
import dev.waybill.insights.promises.HistoryCsv;
import dev.waybill.insights.promises.Season;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Writes a year of a multi-carrier store's delivered shipments in the import CSV format,
 * deterministically from a seed: two US warehouses and one in Germany, lanes whose transit grows
 * with distance, weekends and each country's holidays, a peak season from Black Friday with more
 * volume and slower carriers, carrier-specific habits (Saturday deliveries, Monday backlogs, a slow
 * region), a winter storm, rare lost-and-found outliers, and each service's published "n–m business
 * days" range.
 *
 * <p>Scenarios, mixed with commas, add shifts the base year does not have: {@code peak} (from 9
 * November a share of parcels a day or two slower, more in the second year than the first), {@code
 * degrade} (FedEx Ground a day slower for 40% of its parcels from 1 July 2026), {@code newlane} (a
 * Texas warehouse opening on 12 October 2026 and taking central US parcels) and {@code holidays}
 * (carriers closed on 24 and 31 December, a backlog from mid-December and twice the European share
 * in December).
 *
 * <p>Usage: {@code HistoryGenerator [out.csv] [rows] [seed] [firstDay] [scenario] [days]}.
 */
public final class HistoryGenerator {

  record Origin(String postal, String country, String state, ZoneId zone, int zipDigit) {}

  record ServiceSpec(
      String carrier,
      String service,
      int publishedMin,
      int publishedMax,
      double earlyShare,
      double[] extraDays,
      double peakDelay,
      boolean saturday) {}

  static final Origin NJ = new Origin("07094", "US", "NJ", ZoneId.of("America/New_York"), 0);
  static final Origin NV = new Origin("89502", "US", "NV", ZoneId.of("America/Los_Angeles"), 8);
  static final Origin LEIPZIG = new Origin("04103", "DE", "SN", ZoneId.of("Europe/Berlin"), 0);
  static final Origin DALLAS = new Origin("75201", "US", "TX", ZoneId.of("America/Chicago"), 7);
  static final LocalDate DEGRADES = LocalDate.of(2026, 7, 1);
  static final LocalDate TEXAS_OPENS = LocalDate.of(2026, 10, 12);

  // Shares of one extra day, two, three... beyond the lane's base transit.
  static final ServiceSpec UPS_GROUND =
      new ServiceSpec("ups", "Ground", 1, 5, 0.06, new double[] {0.22, 0.05, 0.015}, 0.35, false);
  static final ServiceSpec FEDEX_GROUND =
      new ServiceSpec("fedex", "Ground", 1, 5, 0.05, new double[] {0.25, 0.07, 0.02}, 0.40, false);
  static final ServiceSpec USPS_GROUND =
      new ServiceSpec(
          "usps", "Ground Advantage", 2, 5, 0.08, new double[] {0.30, 0.12, 0.05}, 0.45, true);
  static final ServiceSpec USPS_PRIORITY =
      new ServiceSpec(
          "usps", "Priority Mail", 1, 3, 0.05, new double[] {0.25, 0.08, 0.03}, 0.30, true);
  static final ServiceSpec UPS_2DAY =
      new ServiceSpec("ups", "2nd Day Air", 2, 2, 0.0, new double[] {0.06, 0.015}, 0.10, false);
  static final ServiceSpec UPS_STANDARD_CA =
      new ServiceSpec("ups", "Standard", 3, 7, 0.08, new double[] {0.25, 0.10, 0.04}, 0.40, false);
  static final ServiceSpec DHL_PAKET =
      new ServiceSpec("dhl", "Paket", 1, 2, 0.0, new double[] {0.20, 0.05, 0.015}, 0.35, true);
  static final ServiceSpec DPD_CLASSIC =
      new ServiceSpec("dpd", "Classic", 1, 3, 0.0, new double[] {0.25, 0.08, 0.02}, 0.35, false);
  static final ServiceSpec DHL_INTL =
      new ServiceSpec(
          "dhl", "Paket International", 2, 5, 0.08, new double[] {0.28, 0.10, 0.04}, 0.40, false);

  static final String[] US_ZIP3 = {
    "100", "104", "112", "113", "117", "021", "024", "060", "070", "074", "080", "089", "119",
    "121", "142", "146", "152", "160", "170", "191", "200", "207", "212", "220", "230", "232",
    "275", "282", "290", "300", "303", "322", "328", "331", "336", "352", "370", "372", "381",
    "402", "432", "441", "452", "462", "479", "482", "490", "503", "531", "537", "553", "554",
    "606", "631", "641", "660", "681", "700", "730", "750", "752", "770", "782", "787", "799",
    "802", "803", "841", "850", "852", "871", "891", "900", "902", "906", "910", "913", "917",
    "921", "926", "928", "932", "941", "945", "950", "956", "958", "970", "972", "980", "981",
    "983", "995", "967"
  };
  static final String[] CA_FSA = {"M5V", "M4C", "H2X", "V6B", "T2P", "K1A", "R3C"};
  static final String[] GB_AREAS = {"SW", "E", "N", "M", "B", "LS", "G", "EH", "BS", "CF"};

  private final SplittableRandom random;
  private final LocalDate first;
  private final int days;
  private final java.util.Set<String> scenario;

  HistoryGenerator(long seed, LocalDate first, int days, String scenario) {
    this.random = new SplittableRandom(seed);
    this.first = first;
    this.days = days;
    this.scenario = java.util.Set.of(scenario.split(","));
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/out/history.csv");
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
    LocalDate first = args.length > 3 ? LocalDate.parse(args[3]) : LocalDate.of(2025, 12, 1);
    String scenario = args.length > 4 && !args[4].isBlank() ? args[4] : "base";
    int days = args.length > 5 && !args[5].isBlank() ? Integer.parseInt(args[5]) : 365;
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    long start = System.nanoTime();
    int written = new HistoryGenerator(seed, first, days, scenario).write(out, rows);
    System.out.printf(
        "wrote %,d delivered shipments (%s to %s, seed %d, scenario %s) to %s in %.1f s%n",
        written,
        first,
        first.plusDays(days - 1),
        seed,
        scenario,
        out,
        (System.nanoTime() - start) / 1e9);
  }

  int write(Path out, int rows) throws IOException {
    // Order days weighted by volume: weekdays over weekends, peak season about double.
    double[] weights = new double[days];
    double sum = 0;
    for (int i = 0; i < days; i++) {
      LocalDate d = first.plusDays(i);
      double w = d.getDayOfWeek().getValue() >= 6 ? 0.7 : 1.0;
      if (Season.of(d) == Season.PEAK) {
        w *= d.getMonthValue() == 12 && d.getDayOfMonth() > 20 ? 1.2 : 2.0;
      }
      weights[i] = w;
      sum += w;
    }
    double[] cumulative = new double[days];
    double acc = 0;
    for (int i = 0; i < days; i++) {
      acc += weights[i] / sum;
      cumulative[i] = acc;
    }
    DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write(String.join(",", HistoryCsv.COLUMNS));
      w.write('\n');
      for (int n = 1; n <= rows; n++) {
        int dayIndex = index(cumulative, random.nextDouble());
        LocalDate orderDay = first.plusDays(dayIndex);
        String[] row = shipment(n, orderDay, iso);
        w.write(String.join(",", row));
        w.write('\n');
      }
    }
    return rows;
  }

  private String[] shipment(int n, LocalDate orderDay, DateTimeFormatter iso) {
    double where = random.nextDouble();
    if (scenario.contains("holidays") && orderDay.getMonthValue() == 12 && where < 0.70) {
      // December gifts abroad: the European share doubles, taken from US parcels.
      where = random.nextDouble() < 0.25 ? 0.75 + random.nextDouble() * 0.25 : where;
    }
    String destCountry;
    String destPostal;
    ZoneId destZone;
    Origin origin;
    ServiceSpec spec;
    int base;
    int destDigit = 0;
    if (where < 0.70) {
      destCountry = "US";
      String zip3 = US_ZIP3[skewed(US_ZIP3.length)];
      destPostal = zip3 + two();
      destDigit = zip3.charAt(0) - '0';
      destZone =
          destDigit <= 3
              ? ZoneId.of("America/New_York")
              : destDigit <= 7 ? ZoneId.of("America/Chicago") : ZoneId.of("America/Los_Angeles");
      Origin near = destDigit <= 5 ? NJ : NV;
      origin = random.nextDouble() < 0.85 ? near : (near == NJ ? NV : NJ);
      if (scenario.contains("newlane")
          && !orderDay.isBefore(TEXAS_OPENS)
          && destDigit >= 6
          && destDigit <= 8
          && random.nextDouble() < 0.5) {
        origin = DALLAS;
      }
      int zone = Math.abs(origin.zipDigit() - destDigit);
      double s = random.nextDouble();
      spec =
          s < 0.34
              ? UPS_GROUND
              : s < 0.58
                  ? FEDEX_GROUND
                  : s < 0.80 ? USPS_GROUND : s < 0.93 ? USPS_PRIORITY : UPS_2DAY;
      if (spec == UPS_2DAY) {
        base = 2;
      } else if (spec == USPS_PRIORITY) {
        base = zone <= 2 ? 1 : zone <= 5 ? 2 : 3;
      } else {
        base = zone <= 1 ? 1 : zone <= 3 ? 2 : zone <= 5 ? 3 : zone <= 7 ? 4 : 5;
        if (spec == USPS_GROUND) {
          base = Math.max(2, base);
        }
      }
    } else if (where < 0.75) {
      destCountry = "CA";
      String fsa = CA_FSA[random.nextInt(CA_FSA.length)];
      destPostal =
          fsa + " " + random.nextInt(10) + (char) ('A' + random.nextInt(26)) + random.nextInt(10);
      destZone = ZoneId.of("America/Toronto");
      origin = fsa.startsWith("V") || fsa.startsWith("T") ? NV : NJ;
      spec = UPS_STANDARD_CA;
      base = fsa.startsWith("V") || fsa.startsWith("T") || fsa.startsWith("R") ? 5 : 4;
    } else if (where < 0.88) {
      destCountry = "DE";
      int prefix = skewed(99) + 1;
      destPostal = String.format("%02d%03d", prefix, random.nextInt(1000));
      destZone = ZoneId.of("Europe/Berlin");
      origin = LEIPZIG;
      spec = random.nextDouble() < 0.65 ? DHL_PAKET : DPD_CLASSIC;
      base = prefix / 10 >= 6 ? 2 : 1;
    } else {
      double c = random.nextDouble();
      origin = LEIPZIG;
      spec = random.nextDouble() < 0.6 ? DHL_INTL : DPD_CLASSIC;
      if (c < 0.35) {
        destCountry = "FR";
        destPostal = String.format("%02d%03d", random.nextInt(95) + 1, random.nextInt(1000));
        destZone = ZoneId.of("Europe/Paris");
        base = 3;
      } else if (c < 0.65) {
        destCountry = "NL";
        destPostal =
            (1000 + random.nextInt(8999))
                + " "
                + (char) ('A' + random.nextInt(26))
                + (char) ('A' + random.nextInt(26));
        destZone = ZoneId.of("Europe/Amsterdam");
        base = 2;
      } else {
        destCountry = "GB";
        String area = GB_AREAS[random.nextInt(GB_AREAS.length)];
        destPostal = area + (1 + random.nextInt(20)) + " " + random.nextInt(10) + "AB";
        destZone = ZoneId.of("Europe/London");
        base = area.equals("G") || area.equals("EH") ? 4 : 3;
      }
    }

    // The order, its processing (0-2 business days, 14:00 cut-off) and the handover.
    LocalTime orderTime = LocalTime.of(random.nextInt(24), random.nextInt(60));
    ZonedDateTime placed = ZonedDateTime.of(orderDay, orderTime, origin.zone());
    LocalDate handover =
        BusinessCalendar.isBusinessDay(origin.country(), orderDay) && orderTime.getHour() < 14
            ? orderDay
            : BusinessCalendar.onOrAfter(origin.country(), orderDay.plusDays(1));
    double p = random.nextDouble();
    int processing = p < 0.55 ? 0 : p < 0.9 ? 1 : 2;
    handover = BusinessCalendar.plusBusinessDays(origin.country(), handover, processing);
    ZonedDateTime shipped =
        ZonedDateTime.of(
            handover, LocalTime.of(15 + random.nextInt(4), random.nextInt(60)), origin.zone());

    int transit = base + extra(spec, handover, destCountry, destDigit, base);
    LocalDate delivered =
        deliver(spec, destCountry, handover, transit, scenario.contains("holidays"));
    ZonedDateTime deliveredAt =
        ZonedDateTime.of(
            delivered, LocalTime.of(9 + random.nextInt(11), random.nextInt(60)), destZone);
    return new String[] {
      String.format("H%07d", n),
      spec.carrier(),
      spec.service(),
      origin.postal(),
      origin.country(),
      origin.state(),
      destPostal,
      destCountry,
      "",
      placed.format(iso),
      shipped.format(iso),
      deliveredAt.format(iso),
      String.valueOf(spec.publishedMin()),
      String.valueOf(spec.publishedMax())
    };
  }

  /** Days beyond the lane's base: early arrivals, ordinary slack, peak, habits, storms, losses. */
  private int extra(ServiceSpec spec, LocalDate handover, String country, int destDigit, int base) {
    int extra = 0;
    double r = random.nextDouble();
    if (base > 1 && r < spec.earlyShare()) {
      extra = -1;
    } else {
      double acc = spec.earlyShare();
      for (int i = 0; i < spec.extraDays().length; i++) {
        acc += spec.extraDays()[i];
        if (r < acc) {
          extra = i + 1;
          break;
        }
      }
    }
    if (Season.of(handover) == Season.PEAK && random.nextDouble() < spec.peakDelay()) {
      extra += random.nextDouble() < 0.25 ? 2 : 1;
    }
    // Monday pickups carry the weekend's backlog at the hubs.
    if (handover.getDayOfWeek() == DayOfWeek.MONDAY
        && !spec.saturday()
        && random.nextDouble() < 0.12) {
      extra++;
    }
    // FedEx Ground's New York metro hub runs a day behind a third of the time.
    if (spec == FEDEX_GROUND && destDigit == 1 && random.nextDouble() < 0.35) {
      extra++;
    }
    // A winter storm in the north-east, late January 2026.
    if ("US".equals(country)
        && destDigit <= 1
        && !handover.isBefore(LocalDate.of(2026, 1, 23))
        && !handover.isAfter(LocalDate.of(2026, 2, 3))
        && random.nextDouble() < 0.5) {
      extra += 2;
    }
    if (scenario.contains("peak")) {
      // A peak that starts before the calendar's and is worse in the second year than the first.
      LocalDate start = LocalDate.of(handover.getYear(), 11, 9);
      double share = handover.getYear() >= 2026 ? 0.35 : 0.20;
      if (!handover.isBefore(start) && random.nextDouble() < share) {
        extra += random.nextDouble() < 0.3 ? 2 : 1;
      }
    }
    if (scenario.contains("degrade")
        && spec == FEDEX_GROUND
        && !handover.isBefore(DEGRADES)
        && random.nextDouble() < 0.40) {
      extra++;
    }
    if (scenario.contains("holidays")
        && handover.getMonthValue() == 12
        && handover.getDayOfMonth() >= 14
        && random.nextDouble() < 0.30) {
      extra++;
    }
    // Lost and found again.
    if (random.nextDouble() < 0.008) {
      extra += 5 + random.nextInt(16);
    }
    return extra;
  }

  /** Walks the carrier's working days: weekdays, plus Saturdays for carriers that deliver then. */
  private static LocalDate deliver(
      ServiceSpec spec, String country, LocalDate handover, int days, boolean closedEves) {
    LocalDate d = handover;
    int left = days;
    while (left > 0) {
      d = d.plusDays(1);
      boolean saturday = d.getDayOfWeek() == DayOfWeek.SATURDAY;
      if (closedEves
          && d.getMonthValue() == 12
          && (d.getDayOfMonth() == 24 || d.getDayOfMonth() == 31)) {
        continue;
      }
      if (BusinessCalendar.isBusinessDay(country, d)
          || (spec.saturday() && saturday && !BusinessCalendar.isHoliday(country, d))) {
        left--;
      }
    }
    return d;
  }

  /** Low indexes more often: big cities get more parcels. */
  private int skewed(int n) {
    double u = random.nextDouble();
    return Math.min(n - 1, (int) (n * u * u));
  }

  private String two() {
    return String.format("%02d", random.nextInt(100));
  }

  private static int index(double[] cumulative, double u) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
