package dev.waybill.pages;

import dev.waybill.tracking.StatusTexts;
import dev.waybill.tracking.TrackingView;

/** Page texts in the shopper's language, from the same bundles as the API. */
public class Labels {

  private final StatusTexts texts;
  private final String lang;

  public Labels(StatusTexts texts, String locale) {
    this.texts = texts;
    this.lang = StatusTexts.language(locale);
  }

  public String lang() {
    return lang;
  }

  /**
   * A scan time as people read it, in the carrier's local time: "Tue 25 Nov, 07:03", "mar. 25 nov.
   * à 07:03".
   */
  public String when(java.time.OffsetDateTime at) {
    return texts.when(lang, at);
  }

  /** A date as people read it: "Tuesday 25 November", "mardi 25 novembre". */
  public String day(java.time.LocalDate date) {
    return texts.day(lang, date);
  }

  /**
   * The estimate as a date, or as a window when the carrier gives one. A span of days reads as each
   * language says it ("Between {from} – {to}", "Entre le {from} et le {to}"); hours are 24-hour
   * clock times, as all the shop languages write them.
   */
  public String estimate(TrackingView.Estimate estimate) {
    return texts.estimate(lang, estimate);
  }

  /** How a timeline step stands, for screen readers. */
  public String step(TrackingView.StepState state) {
    return get("step." + state.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** A help-form choice, by its case type. */
  public String caseType(String type) {
    return get("type." + type);
  }

  /** A rating's words, "4 – Good", read out with the rating itself. */
  public String rating(int rating) {
    return get("rating" + rating);
  }

  /** The stars of a rating as marks, filled up to it; decoration beside the words. */
  public String stars(int rating) {
    return "★".repeat(rating) + "☆".repeat(5 - rating);
  }

  public String get(String key) {
    String value = texts.text(lang, "page." + key);
    return value == null ? key : value;
  }
}
