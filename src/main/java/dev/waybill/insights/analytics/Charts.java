package dev.waybill.insights.analytics;

import dev.waybill.insights.analytics.Chart.Dot;
import dev.waybill.insights.analytics.Chart.Key;
import dev.waybill.insights.analytics.Chart.Line;
import dev.waybill.insights.analytics.Chart.Path;
import dev.waybill.insights.analytics.Chart.Rect;
import dev.waybill.insights.analytics.Chart.Text;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lays out the page's charts: lines over weeks and horizontal bars. */
final class Charts {

  static final int WIDTH = 600;
  static final DateTimeFormatter WEEK = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

  /** A named line of values, one per period; null where there is nothing to show. */
  record Series(String name, List<Double> values) {}

  /** A horizontal bar: its label and stacked segments (value, colour, tooltip). */
  record Bar(String label, List<Segment> segments, String valueLabel) {}

  record Segment(double value, String color, String tip) {}

  private Charts() {}

  static Chart lines(
      String id,
      String title,
      String desc,
      List<LocalDate> periods,
      List<Series> series,
      Double fixedMax,
      String unit) {
    int height = 260;
    double left = 48;
    double right = WIDTH - 16;
    double top = 14;
    double bottom = height - 34;
    Chart.Builder b = Chart.builder(id, title, desc, WIDTH, height);
    double max = fixedMax != null ? fixedMax : niceMax(series);
    for (int i = 0; i <= 4; i++) {
      double v = max * i / 4;
      double y = bottom - (bottom - top) * i / 4;
      b.lines.add(new Line(left, y, right, y, i == 0 ? "#6b7280" : "#e5e7eb", ""));
      b.texts.add(new Text(left - 6, y + 4, fmt(v) + unit, "end", "tick"));
    }
    int n = periods.size();
    double step = n <= 1 ? 0 : (right - left - 10) / (n - 1);
    int every = Math.max(1, (int) Math.ceil(n / 8.0));
    for (int i = 0; i < n; i++) {
      if (i % every == 0 || i == n - 1 && n <= 8) {
        b.texts.add(
            new Text(
                x(left, step, n, i), bottom + 18, WEEK.format(periods.get(i)), "middle", "tick"));
      }
    }
    for (int s = 0; s < series.size(); s++) {
      Series line = series.get(s);
      String color = Chart.PALETTE[s % Chart.PALETTE.length];
      String dash = Chart.DASHES[s % Chart.DASHES.length];
      b.legend.add(new Key(line.name(), color, dash.isEmpty() ? "solid" : dash));
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < n; i++) {
        Double v = i < line.values().size() ? line.values().get(i) : null;
        if (v == null) {
          flush(b, points, color, dash);
          continue;
        }
        double x = x(left, step, n, i);
        double y = bottom - (bottom - top) * Math.min(v, max) / max;
        points.append(Chart.n(x)).append(',').append(Chart.n(y)).append(' ');
        b.dots.add(
            new Dot(
                x,
                y,
                color,
                line.name() + ", week of " + WEEK.format(periods.get(i)) + ": " + fmt(v) + unit,
                s % 2 == 0 ? "circle" : "square"));
      }
      flush(b, points, color, dash);
    }
    if (n == 0) {
      b.texts.add(
          new Text(WIDTH / 2.0, height / 2.0, "No data for this period", "middle", "empty"));
    }
    return b.build();
  }

  static Chart bars(String id, String title, String desc, List<Bar> bars, double max, String unit) {
    double labelWidth = 190;
    double right = WIDTH - 90;
    int rowHeight = 28;
    int height = Math.max(60, 16 + rowHeight * bars.size() + 24);
    Chart.Builder b = Chart.builder(id, title, desc, WIDTH, height);
    double scale = max <= 0 ? 0 : (right - labelWidth) / max;
    for (int i = 0; i <= 4; i++) {
      double x = labelWidth + (right - labelWidth) * i / 4;
      b.lines.add(new Line(x, 8, x, height - 20, i == 0 ? "#6b7280" : "#e5e7eb", ""));
      b.texts.add(new Text(x, height - 6, fmt(max * i / 4) + unit, "middle", "tick"));
    }
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double y = 12 + i * rowHeight;
      b.texts.add(new Text(labelWidth - 8, y + 14, shorten(bar.label(), 28), "end", "label"));
      double x = labelWidth;
      for (Segment seg : bar.segments()) {
        double w = seg.value() * scale;
        if (w > 0) {
          b.rects.add(new Rect(x, y + 2, w, rowHeight - 10, seg.color(), seg.tip()));
        }
        x += w;
      }
      if (bar.valueLabel() != null) {
        b.texts.add(new Text(x + 6, y + 14, bar.valueLabel(), "start", "value"));
      }
    }
    if (bars.isEmpty()) {
      b.texts.add(new Text(WIDTH / 2.0, 36, "No data for this period", "middle", "empty"));
    }
    return b.build();
  }

  private static void flush(Chart.Builder b, StringBuilder points, String color, String dash) {
    if (!points.isEmpty()) {
      b.paths.add(new Path(points.toString().trim(), color, dash));
      points.setLength(0);
    }
  }

  private static double x(double left, double step, int n, int i) {
    return n <= 1 ? (left + WIDTH - 16) / 2 : left + 5 + step * i;
  }

  private static double niceMax(List<Series> series) {
    double max = 0;
    for (Series s : series) {
      for (Double v : s.values()) {
        if (v != null) {
          max = Math.max(max, v);
        }
      }
    }
    if (max <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * magnitude >= max) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  static <T> List<T> list() {
    return new ArrayList<>();
  }
}
