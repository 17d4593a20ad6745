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
  public static final List<String> LANGUAGES = List.of("en", "de");

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
   * The estimate as a date, or as a window ("Between Tuesday 9 December – Thursday 11 December")
   * when Waybill or the carrier gives one; empty without an estimate.
   */
  public String estimate(String lang, TrackingView.Estimate estimate) {
    if (estimate == null) {
      return "";
    }
    String between = text(lang, "page.between");
    if (estimate.earliest() != null
        && estimate.latest() != null
        && !estimate.earliest().equals(estimate.latest())) {
      return between + " " + day(lang, estimate.earliest()) + " – " + day(lang, estimate.latest());
    }
    if (estimate.windowStart() != null && estimate.windowEnd() != null) {
      LocalDate from = estimate.windowStart().toLocalDate();
      LocalDate to = estimate.windowEnd().toLocalDate();
      if (!from.equals(to)) {
        return between + " " + day(lang, from) + " – " + day(lang, to);
      }
      return day(lang, from)
          + ", "
          + estimate.windowStart().toLocalTime()
          + "–"
          + estimate.windowEnd().toLocalTime();
    }
    return day(lang, estimate.date() != null ? estimate.date() : estimate.promised());
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
