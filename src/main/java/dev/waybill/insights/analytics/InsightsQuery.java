package dev.waybill.insights.analytics;

import dev.waybill.insights.analytics.InsightsViews.Filters;
import dev.waybill.platform.errors.FieldError;
import dev.waybill.platform.errors.Problems;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated analytics request: the period, the filters, how rows are grouped, and which page of
 * them.
 *
 * @param cursor the {@code nextCursor} of the previous page, or null for the first
 */
public record InsightsQuery(Filters filters, List<Dimension> groupBy, int limit, String cursor) {

  public InsightsQuery(Filters filters, List<Dimension> groupBy, int limit) {
    this(filters, groupBy, limit, null);
  }

  /** What series rows can be grouped by; at most one of day, week and month. */
  public enum Dimension {
    DAY(true),
    WEEK(true),
    MONTH(true),
    CARRIER(false),
    SERVICE(false),
    COUNTRY(false),
    REGION(false);

    final boolean time;

    Dimension(boolean time) {
      this.time = time;
    }
  }

  /** Rows in a page of a series unless asked otherwise. */
  static final int DEFAULT_LIMIT = 500;

  /** The most rows a page holds: a page stays a few hundred kilobytes, quick to build and read. */
  static final int MAX_LIMIT = 1000;

  private static final Pattern CARRIER = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

  /** Whether any filter narrows below the whole store, which page views cannot follow. */
  public boolean narrowed() {
    return filters.carrier() != null
        || filters.service() != null
        || filters.country() != null
        || filters.region() != null;
  }

  public Dimension time() {
    return groupBy.stream().filter(d -> d.time).findFirst().orElse(null);
  }

  /**
   * Parses request parameters; every problem is reported at once, naming its parameter.
   *
   * @param groupBy comma-separated dimensions, {@code lane} standing for carrier, service, country
   *     and region; may be null for a summary
   */
  public static InsightsQuery parse(
      String from,
      String to,
      String carrier,
      String service,
      String country,
      String region,
      String groupBy,
      Integer limit,
      AnalyticsConfig config) {
    return parse(from, to, carrier, service, country, region, groupBy, limit, null, config);
  }

  /** As above, for a page after the one whose {@code nextCursor} is given. */
  public static InsightsQuery parse(
      String from,
      String to,
      String carrier,
      String service,
      String country,
      String region,
      String groupBy,
      Integer limit,
      String cursor,
      AnalyticsConfig config) {
    List<FieldError> errors = new ArrayList<>();
    LocalDate end = date("to", to, errors);
    LocalDate start = date("from", from, errors);
    if (end == null && (to == null || to.isBlank())) {
      end = LocalDate.now(ZoneOffset.UTC);
    }
    if (start == null && (from == null || from.isBlank()) && end != null) {
      start = end.minusDays(config.defaultPeriodDays() - 1L);
    }
    if (start != null && end != null) {
      if (end.isBefore(start)) {
        errors.add(new FieldError("to", "must not be before from"));
      } else if (ChronoUnit.DAYS.between(start, end) + 1 > config.maxPeriodDays()) {
        errors.add(
            new FieldError(
                "from", "the period must not exceed " + config.maxPeriodDays() + " days"));
      }
    }
    String c = blankToNull(carrier);
    if (c != null && !CARRIER.matcher(c).matches()) {
      errors.add(new FieldError("carrier", "must be a carrier code such as ups"));
    }
    String s = blankToNull(service);
    if (s != null && s.length() > 100) {
      errors.add(new FieldError("service", "must be at most 100 characters"));
    }
    String k = blankToNull(country);
    if (k != null && !COUNTRY.matcher(k).matches()) {
      errors.add(new FieldError("country", "must be an ISO 3166-1 alpha-2 code such as DE"));
    }
    String r = blankToNull(region);
    if (r != null && r.length() > 100) {
      errors.add(new FieldError("region", "must be at most 100 characters"));
    }
    List<Dimension> dims = dimensions(groupBy, errors);
    int n = limit == null ? DEFAULT_LIMIT : limit;
    if (n < 1 || n > MAX_LIMIT) {
      errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
    }
    if (!errors.isEmpty()) {
      throw new Problems.Invalid(errors);
    }
    return new InsightsQuery(
        new Filters(start, end, c, s, k == null ? null : k.toUpperCase(Locale.ROOT), r),
        dims,
        n,
        blankToNull(cursor));
  }

  /** The same request for every row, in pages of {@code pageSize}, from the first. */
  public InsightsQuery allRows(int pageSize) {
    return new InsightsQuery(filters, groupBy, pageSize, null);
  }

  /** The same request from the page after {@code nextCursor}. */
  InsightsQuery after(String nextCursor) {
    return new InsightsQuery(filters, groupBy, limit, nextCursor);
  }

  private static List<Dimension> dimensions(String groupBy, List<FieldError> errors) {
    Set<Dimension> out = new LinkedHashSet<>();
    if (groupBy == null || groupBy.isBlank()) {
      return List.of();
    }
    for (String part : groupBy.split(",")) {
      String p = part.trim().toUpperCase(Locale.ROOT);
      if (p.equals("LANE")) {
        out.addAll(
            List.of(Dimension.CARRIER, Dimension.SERVICE, Dimension.COUNTRY, Dimension.REGION));
        continue;
      }
      try {
        out.add(Dimension.valueOf(p));
      } catch (IllegalArgumentException e) {
        errors.add(
            new FieldError(
                "groupBy",
                "'"
                    + part.trim()
                    + "' is not one of day, week, month, carrier, service, country, region,"
                    + " lane"));
        return List.of();
      }
    }
    if (out.stream().filter(d -> d.time).count() > 1) {
      errors.add(new FieldError("groupBy", "may name only one of day, week and month"));
    }
    return List.copyOf(out);
  }

  private static LocalDate date(String field, String value, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be a date such as 2026-01-31"));
      return null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
