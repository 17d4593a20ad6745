package dev.waybill.insights.promises;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the delivery-history CSV format (RFC 4180: comma-separated, a header row naming the columns
 * in any order, fields quoted with double quotes when needed). Each bad row is reported by its line
 * number and skipped; the others are handed on.
 */
public final class HistoryCsv {

  /** Every column, in the order the generator writes them. */
  public static final List<String> COLUMNS =
      List.of(
          "external_id",
          "carrier",
          "service",
          "origin_postal_code",
          "origin_country",
          "origin_region",
          "destination_postal_code",
          "destination_country",
          "destination_region",
          "order_placed_at",
          "shipped_at",
          "delivered_at",
          "published_min_days",
          "published_max_days");

  private static final List<String> REQUIRED =
      List.of("carrier", "destination_country", "shipped_at", "delivered_at");

  /** A rejected row. */
  public record RowError(long line, String message) {}

  /** Thrown when the file as a whole can't be read (no header, missing required columns). */
  public static final class BadFile extends RuntimeException {
    public BadFile(String message) {
      super(message);
    }
  }

  private HistoryCsv() {}

  /** Reads every row; returns the number of data rows seen. */
  public static long read(Reader in, Consumer<HistoryRow> rows, Consumer<RowError> errors)
      throws IOException {
    BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
    long[] line = {0};
    List<String> header = record(reader, line);
    if (header == null) {
      throw new BadFile("The file is empty; the first line must name the columns");
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).trim().toLowerCase(Locale.ROOT);
      if (i == 0 && name.startsWith("\uFEFF")) {
        name = name.substring(1);
      }
      index.put(name, i);
    }
    List<String> missing = new ArrayList<>();
    for (String r : REQUIRED) {
      if (!index.containsKey(r)) {
        missing.add(r);
      }
    }
    if (!index.containsKey("destination_postal_code") && !index.containsKey("destination_region")) {
      missing.add("destination_postal_code or destination_region");
    }
    if (!missing.isEmpty()) {
      throw new BadFile("Missing columns: " + String.join(", ", missing));
    }
    long count = 0;
    while (true) {
      long start = line[0] + 1;
      List<String> fields = record(reader, line);
      if (fields == null) {
        return count;
      }
      if (fields.size() == 1 && fields.get(0).isBlank()) {
        continue;
      }
      count++;
      try {
        rows.accept(row(fields, index));
      } catch (IllegalArgumentException e) {
        errors.accept(new RowError(start, e.getMessage()));
      }
    }
  }

  static HistoryRow row(List<String> f, Map<String, Integer> index) {
    Fields r = new Fields(f, index);
    String carrier = r.text("carrier", 32);
    if (carrier == null) {
      throw new IllegalArgumentException("carrier: must not be empty");
    }
    String destCountry = r.country("destination_country");
    if (destCountry == null) {
      throw new IllegalArgumentException("destination_country: must not be empty");
    }
    String destPostal = r.text("destination_postal_code", 20);
    String destRegion = r.text("destination_region", 100);
    if (destPostal == null && destRegion == null) {
      throw new IllegalArgumentException("destination_postal_code: give it or destination_region");
    }
    OffsetDateTime shipped = r.time("shipped_at");
    OffsetDateTime delivered = r.time("delivered_at");
    if (shipped == null) {
      throw new IllegalArgumentException("shipped_at: must not be empty");
    }
    if (delivered == null) {
      throw new IllegalArgumentException("delivered_at: must not be empty");
    }
    if (delivered.isBefore(shipped)) {
      throw new IllegalArgumentException("delivered_at: is before shipped_at");
    }
    if (delivered.isAfter(shipped.plusDays(120))) {
      throw new IllegalArgumentException("delivered_at: more than 120 days after shipped_at");
    }
    OffsetDateTime placed = r.time("order_placed_at");
    if (placed != null && placed.isAfter(shipped)) {
      throw new IllegalArgumentException("order_placed_at: is after shipped_at");
    }
    Integer min = r.days("published_min_days");
    Integer max = r.days("published_max_days");
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException("published_min_days: is more than published_max_days");
    }
    return new HistoryRow(
        r.text("external_id", 100),
        carrier.toLowerCase(Locale.ROOT),
        r.text("service", 100),
        r.text("origin_postal_code", 20),
        r.country("origin_country"),
        r.text("origin_region", 100),
        destPostal,
        destCountry,
        destRegion,
        placed,
        shipped,
        delivered,
        min,
        max);
  }

  /** One CSV record, which may span lines inside quotes; {@code null} at the end. */
  static List<String> record(BufferedReader reader, long[] line) throws IOException {
    String text = reader.readLine();
    if (text == null) {
      return null;
    }
    line[0]++;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (true) {
      if (i >= text.length()) {
        if (quoted) {
          String next = reader.readLine();
          if (next == null) {
            break;
          }
          line[0]++;
          field.append('\n');
          text = next;
          i = 0;
          continue;
        }
        break;
      }
      char c = text.charAt(i++);
      if (quoted) {
        if (c == '"') {
          if (i < text.length() && text.charAt(i) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  private record Fields(List<String> values, Map<String, Integer> index) {

    String text(String column, int max) {
      Integer i = index.get(column);
      if (i == null || i >= values.size()) {
        return null;
      }
      String v = values.get(i).trim();
      if (v.isEmpty()) {
        return null;
      }
      if (v.length() > max) {
        throw new IllegalArgumentException(column + ": longer than " + max + " characters");
      }
      return v;
    }

    String country(String column) {
      String v = text(column, 2);
      if (v == null) {
        return null;
      }
      if (!v.matches("[A-Za-z]{2}")) {
        throw new IllegalArgumentException(column + ": must be a two-letter country code");
      }
      return v.toUpperCase(Locale.ROOT);
    }

    OffsetDateTime time(String column) {
      String v = text(column, 40);
      if (v == null) {
        return null;
      }
      try {
        return OffsetDateTime.parse(v);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            column + ": must be an ISO-8601 timestamp with offset, like 2026-03-02T14:05:00-05:00");
      }
    }

    Integer days(String column) {
      String v = text(column, 3);
      if (v == null) {
        return null;
      }
      try {
        int d = Integer.parseInt(v);
        if (d < 0 || d > 60) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(column + ": must be a whole number of days, 0 to 60");
      }
    }
  }
}
