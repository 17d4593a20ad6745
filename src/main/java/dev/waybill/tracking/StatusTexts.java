package dev.waybill.tracking;

import dev.waybill.shipping.ExceptionReason;
import dev.waybill.shipping.TimelineStep;
import dev.waybill.shipping.TrackingStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Shopper-facing texts for statuses, reasons and timeline steps, from {@code
 * i18n/tracking_<lang>.properties}. A missing translation falls back to English.
 */
@ApplicationScoped
public class StatusTexts {

  /** Languages with a bundle; the first is the fallback. */
  public static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "nl", "it");

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  /** How much of an {@code Accept-Language} header is read; browsers send a handful of ranges. */
  private static final int MAX_RANGES = 20;

  private final Map<String, Properties> bundles = new HashMap<>();

  public StatusTexts() {
    for (String lang : LANGUAGES) {
      bundles.put(lang, load("i18n/tracking_" + lang + ".properties"));
    }
  }

  /**
   * The supported language closest to the given tag (for example {@code de-AT} gives {@code de}).
   */
  public static String language(String tag) {
    if (tag == null || tag.isBlank()) {
      return LANGUAGES.get(0);
    }
    String lang = Locale.forLanguageTag(tag.replace('_', '-')).getLanguage();
    return LANGUAGES.contains(lang) ? lang : LANGUAGES.get(0);
  }

  /**
   * The supported language a browser's {@code Accept-Language} header prefers most (RFC 9110: the
   * highest q-value first, then the order sent; {@code q=0} means "not this"), or {@code null} when
   * it names none of them. {@code fr-CH} counts as {@code fr}; {@code *} chooses nothing, so the
   * order's or the store's language applies.
   */
  public static String preferred(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return null;
    }
    String best = null;
    double bestQ = 0;
    String[] ranges = acceptLanguage.split(",", MAX_RANGES + 1);
    for (int i = 0; i < Math.min(ranges.length, MAX_RANGES); i++) {
      String[] parts = ranges[i].split(";");
      String range = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int j = 1; j < parts.length; j++) {
        String param = parts[j].trim();
        if (param.length() > 2 && (param.startsWith("q=") || param.startsWith("Q="))) {
          q = quality(param.substring(2));
        }
      }
      int dash = range.indexOf('-');
      String lang = dash < 0 ? range : range.substring(0, dash);
      if (q > bestQ && LANGUAGES.contains(lang)) {
        best = lang;
        bestQ = q;
      }
    }
    return best;
  }

  /** A q-value, or 0 (ignore the range) when it is not one. */
  private static double quality(String value) {
    if (!value.matches("(0(\\.\\d{0,3})?|1(\\.0{0,3})?)")) {
      return 0;
    }
    return Double.parseDouble(value);
  }

  public String label(String lang, TrackingStatus status) {
    return text(lang, "status." + status + ".label");
  }

  public String next(String lang, TrackingStatus status) {
    return text(lang, "status." + status + ".next");
  }

  /** What the shopper should do, or {@code null} when nothing. */
  public String action(String lang, TrackingStatus status) {
    return text(lang, "status." + status + ".action");
  }

  public String label(String lang, ExceptionReason reason) {
    return text(lang, "reason." + reason + ".label");
  }

  public String explanation(String lang, ExceptionReason reason) {
    return text(lang, "reason." + reason + ".explanation");
  }

  /** What the shopper should do about this reason, or {@code null} when nothing. */
  public String action(String lang, ExceptionReason reason) {
    return text(lang, "reason." + reason + ".action");
  }

  public String label(String lang, TimelineStep step) {
    return text(lang, "step." + step);
  }

  public String text(String lang, String key) {
    String value = bundles.getOrDefault(lang, bundles.get(LANGUAGES.get(0))).getProperty(key);
    return value != null ? value : bundles.get(LANGUAGES.get(0)).getProperty(key);
  }

  /** A date as people read it in {@code lang}: "Tuesday 25 November". */
  public String day(String lang, LocalDate date) {
    return date == null
        ? ""
        : date.format(
            DateTimeFormatter.ofPattern(
                text(lang, "page.format.day"), Locale.forLanguageTag(lang)));
  }

  /** A scan time as people read it, in the carrier's local time: "Tue 25 Nov, 07:03". */
  public String when(String lang, OffsetDateTime at) {
    return at == null
        ? ""
        : at.format(
            DateTimeFormatter.ofPattern(
                text(lang, "page.format.when"), Locale.forLanguageTag(lang)));
  }

  /**
   * The estimate as a date, or as a window when Waybill or the carrier gives one; empty without an
   * estimate. A span of days reads as each language says it ("Between {from} – {to}", "Entre le
   * {from} et le {to}"); hours are 24-hour clock times, as all the shopper languages write them.
   */
  public String estimate(String lang, TrackingView.Estimate estimate) {
    if (estimate == null) {
      return "";
    }
    if (estimate.earliest() != null
        && estimate.latest() != null
        && !estimate.earliest().equals(estimate.latest())) {
      return between(lang, estimate.earliest(), estimate.latest());
    }
    if (estimate.windowStart() != null && estimate.windowEnd() != null) {
      LocalDate from = estimate.windowStart().toLocalDate();
      LocalDate to = estimate.windowEnd().toLocalDate();
      if (!from.equals(to)) {
        return between(lang, from, to);
      }
      return day(lang, from)
          + ", "
          + estimate.windowStart().format(CLOCK)
          + "–"
          + estimate.windowEnd().format(CLOCK);
    }
    return day(lang, estimate.date() != null ? estimate.date() : estimate.promised());
  }

  private String between(String lang, LocalDate from, LocalDate to) {
    return text(lang, "page.between")
        .replace("{from}", day(lang, from))
        .replace("{to}", day(lang, to));
  }

  private static Properties load(String resource) {
    Properties p = new Properties();
    try (InputStream in = StatusTexts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + resource);
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
