package dev.waybill.insights.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One SVG chart as plain shapes, laid out here and drawn by the {@code InsightsPage/chart.html}
 * template: no charting library, nothing to run in the browser. Every chart has a title and a
 * description for screen readers; the page shows the same numbers in a table beside it.
 */
public record Chart(
    String id,
    String title,
    String desc,
    int width,
    int height,
    List<Rect> rects,
    List<Line> lines,
    List<Path> paths,
    List<Dot> dots,
    List<Text> texts,
    List<Key> legend) {

  /** A bar; {@code tip} shows on hover. */
  public record Rect(double x, double y, double w, double h, String fill, String tip) {
    public String fmtX() {
      return n(x);
    }

    public String fmtY() {
      return n(y);
    }

    public String fmtW() {
      return n(w);
    }

    public String fmtH() {
      return n(h);
    }
  }

  /** A grid or axis line. */
  public record Line(double x1, double y1, double x2, double y2, String stroke, String dash) {
    public String fmt() {
      return "x1=\"" + n(x1) + "\" y1=\"" + n(y1) + "\" x2=\"" + n(x2) + "\" y2=\"" + n(y2) + "\"";
    }
  }

  /** A data line through its points. */
  public record Path(String points, String stroke, String dash) {}

  /** A data point, with its value as a tooltip. */
  public record Dot(double x, double y, String fill, String tip, String shape) {
    public String fmtX() {
      return n(x);
    }

    public String fmtY() {
      return n(y);
    }

    public String square() {
      return "x=\"" + n(x - 3.5) + "\" y=\"" + n(y - 3.5) + "\"";
    }
  }

  /** A label; anchor is start, middle or end. */
  public record Text(double x, double y, String text, String anchor, String cls) {
    public String fmtX() {
      return n(x);
    }

    public String fmtY() {
      return n(y);
    }
  }

  /** A legend entry, drawn in HTML below the chart so it wraps and reads as text. */
  public record Key(String label, String color, String dash) {}

  /** Colours from the Okabe-Ito palette, told apart by people with colour-vision deficiencies. */
  static final String[] PALETTE = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"
  };

  /** Dash patterns that keep lines apart where colours alone would not. */
  static final String[] DASHES = {"", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3"};

  static String n(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static Builder builder(String id, String title, String desc, int width, int height) {
    return new Builder(id, title, desc, width, height);
  }

  static final class Builder {
    final String id;
    final String title;
    final String desc;
    final int width;
    final int height;
    final List<Rect> rects = new ArrayList<>();
    final List<Line> lines = new ArrayList<>();
    final List<Path> paths = new ArrayList<>();
    final List<Dot> dots = new ArrayList<>();
    final List<Text> texts = new ArrayList<>();
    final List<Key> legend = new ArrayList<>();

    Builder(String id, String title, String desc, int width, int height) {
      this.id = id;
      this.title = title;
      this.desc = desc;
      this.width = width;
      this.height = height;
    }

    Chart build() {
      return new Chart(id, title, desc, width, height, rects, lines, paths, dots, texts, legend);
    }
  }
}
